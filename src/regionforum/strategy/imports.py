"""A sheet of the strategy becomes programmes, projects, milestones and indicator values.

One row per fact, the way a ministry's table is kept: every row names its programme and its
project; a row may also carry one milestone and one indicator value. The project's own fields
(priority, status, sector, regions, dates, description) may be written on any of its rows, and
rows that repeat them must agree. A row whose project, milestone or value is already there
updates it, so a file imported twice changes nothing.

As in the agreement import, a file with any rejected row writes nothing unless `partial` is
asked for, and every error names the file, the row, the column and the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeImportFailed
from regionforum.forums.imports.reading import (
    Columns,
    ImportReport,
    SheetSpec,
    header_key,
    is_blank,
    row_cells,
    sheet_read,
    write_whole,
)
from regionforum.registry.errors import ImportFailed, RowError
from regionforum.registry.imports.rows import parse_date
from regionforum.safetext import TEXT_LIMIT, text_problem, text_shown
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    Programme,
    Project,
    ProjectMilestone,
    ProjectStatus,
    Theme,
)

if TYPE_CHECKING:
    from regionforum.names import RegionResolver

SPEC = SheetSpec(
    fields={
        "programme": "programme", "программа": "programme",
        "project": "project", "проект": "project", "наименование проекта": "project",
        "priority": "theme", "strategic priority": "theme", "приоритет": "theme",
        "направление": "theme",
        "status": "status", "статус": "status", "состояние": "status",
        "sector": "sector", "отрасль": "sector", "сфера": "sector",
        "regions": "regions", "region": "regions", "регионы": "regions", "регион": "regions",
        "starts on": "starts_on", "start": "starts_on", "начало": "starts_on",
        "due on": "due_on", "due": "due_on", "end": "due_on", "срок": "due_on",
        "окончание": "due_on",
        "description": "description", "описание": "description",
        "milestone": "milestone", "этап": "milestone", "контрольная точка": "milestone",
        "milestone due": "milestone_due", "срок этапа": "milestone_due",
        "milestone done": "milestone_done", "этап выполнен": "milestone_done",
        "дата выполнения этапа": "milestone_done",
        "indicator": "indicator", "показатель": "indicator",
        "unit": "unit", "единица": "unit", "ед. изм": "unit", "единица измерения": "unit",
        "baseline": "baseline", "базовое значение": "baseline",
        "target": "target", "целевое значение": "target",
        "target year": "target_year", "год цели": "target_year",
        "value date": "value_on", "на дату": "value_on", "дата значения": "value_on",
        "value": "value", "значение": "value", "факт": "value",
    },
    required=("programme", "project"),
    labels={"programme": '"programme" (программа)', "project": '"project" (проект)'},
)  # fmt: skip

_STATUSES = {
    header_key(text): status
    for status, texts in {
        ProjectStatus.PLANNED: ["planned", "запланирован", "планируется", "план"],
        ProjectStatus.IN_PROGRESS: ["in progress", "реализуется", "в работе", "выполняется"],
        ProjectStatus.DONE: ["done", "completed", "выполнен", "завершен", "реализован"],
        ProjectStatus.SUSPENDED: ["suspended", "приостановлен", "отложен"],
    }.items()
    for text in texts
}
_LIST = re.compile(r"[;,\n]+")
_MAX_TITLE = 300
# The project's own fields, which its rows must not contradict.
_PROJECT_FIELDS = ("theme", "status", "sector", "regions", "starts_on", "due_on", "description")


@dataclass(slots=True)
class StrategyRow:
    number: int
    programme: str = ""
    project: str = ""
    own: dict[str, object] = field(default_factory=dict)
    # The cells as written, which an error quotes.
    raw: dict[str, str] = field(default_factory=dict)
    milestone: tuple[str, date, date | None] | None = None
    indicator: tuple[str, str, Decimal, Decimal, int] | None = None
    value: tuple[date, Decimal] | None = None
    errors: list[RowError] = field(default_factory=list)


def strategy_import_run(
    *, path: Path, file_name: str | None = None, partial: bool = False
) -> ImportReport:
    """Read, check and store one strategy sheet. Raises ProgrammeImportFailed for a file that
    cannot be read at all."""
    from regionforum.gazetteer.selectors import region_resolver

    name = file_name or path.name
    report = ImportReport(file=name)
    sheet, columns = sheet_read(path, name=name, spec=SPEC, warnings=report.warnings)
    parser = _Parser(file=name, columns=columns, resolver=region_resolver())
    rows: list[StrategyRow] = []
    try:
        for number, cells in sheet.rows:
            if is_blank(cells):
                continue
            report.rows += 1
            row = parser.parse(number, cells)
            if row.errors:
                report.rejected += 1
                report.errors.extend(row.errors)
            else:
                rows.append(row)
    except ImportFailed as exc:
        raise ProgrammeImportFailed(name, exc.message) from None
    parser.agree(rows, report=report)
    return write_whole(report, partial=partial, write=lambda: _write(rows, report=report))


def _number(text: str) -> Decimal:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite() or abs(value) >= Decimal(10) ** 18:
        raise InvalidOperation
    return value


class _Parser:
    def __init__(self, *, file: str, columns: Columns, resolver: RegionResolver) -> None:
        self.file = file
        self.columns = columns
        self.resolver = resolver
        self.themes = {
            header_key(text): theme
            for theme in Theme.objects.all()
            for text in (theme.code, theme.name_en, theme.name_ru, theme.name_be)
            if text
        }

    def error(self, row: StrategyRow, name: str, value: str, message: str) -> None:
        row.errors.append(
            RowError(
                file=self.file,
                row=row.number,
                column=self.columns.header.get(name, name),
                value=value,
                message=message,
            )
        )

    def _date(self, row: StrategyRow, name: str, text: str) -> date | None:
        if not text:
            return None
        parsed = parse_date(text)
        if isinstance(parsed, str):
            self.error(row, name, text, parsed)
            return None
        return parsed

    def _decimal(self, row: StrategyRow, name: str, text: str) -> Decimal | None:
        try:
            return _number(text)
        except (InvalidOperation, ValueError):
            self.error(row, name, text, _('"%(value)s" is not a number.') % {"value": text})
            return None

    def parse(self, number: int, cells: list[object]) -> StrategyRow:
        raw = row_cells(self.columns, cells)
        row = StrategyRow(
            number=number, programme=raw["programme"], project=raw["project"], raw=raw
        )
        titles = ("programme", "project", "milestone", "indicator")
        for name, value in raw.items():
            limit = _MAX_TITLE if name in titles else TEXT_LIMIT
            if problem := text_problem(value, limit=limit):
                self.error(row, name, text_shown(value), problem)
        for name in ("programme", "project"):
            if not raw[name]:
                self.error(row, name, "", _("The cell is empty; this column is required."))
        self._own(row, raw)
        self._milestone(row, raw)
        self._indicator(row, raw)
        return row

    def _own(self, row: StrategyRow, raw: dict[str, str]) -> None:
        if text := raw.get("theme", ""):
            theme = self.themes.get(header_key(text))
            if theme is None:
                self.error(
                    row,
                    "theme",
                    text,
                    _('"%(value)s" is not a priority of the strategy. Write one of: %(known)s.')
                    % {
                        "value": text,
                        "known": ", ".join(sorted({t.name_ru for t in self.themes.values()})),
                    },
                )
            else:
                row.own["theme"] = theme
        if text := raw.get("status", ""):
            status = _STATUSES.get(header_key(text))
            if status is None:
                self.error(
                    row,
                    "status",
                    text,
                    _('"%(value)s" is not a status: write planned, in progress, done or '
                      "suspended (запланирован, реализуется, выполнен, приостановлен).")
                    % {"value": text},
                )  # fmt: skip
            else:
                row.own["status"] = status
        if text := raw.get("regions", ""):
            codes = []
            for part in filter(None, (part.strip() for part in _LIST.split(text))):
                code = self.resolver.resolve(part).code
                if code is None:
                    self.error(
                        row,
                        "regions",
                        part,
                        _('"%(value)s" is not a region we know.') % {"value": part},
                    )
                else:
                    codes.append(code)
            row.own["regions"] = tuple(sorted(set(codes)))
        for name in ("starts_on", "due_on"):
            if (text := raw.get(name, "")) and (day := self._date(row, name, text)):
                row.own[name] = day
        for name in ("sector", "description"):
            if text := raw.get(name, ""):
                row.own[name] = text
        first, last = row.own.get("starts_on"), row.own.get("due_on")
        if isinstance(first, date) and isinstance(last, date) and last < first:
            self.error(row, "due_on", raw["due_on"], _("The project ends before it starts."))

    def _milestone(self, row: StrategyRow, raw: dict[str, str]) -> None:
        title = raw.get("milestone", "")
        due_text, done_text = raw.get("milestone_due", ""), raw.get("milestone_done", "")
        if not title:
            if due_text or done_text:
                self.error(
                    row, "milestone", "", _("A milestone's dates are given without its name.")
                )
            return
        if not due_text:
            self.error(row, "milestone_due", "", _("The milestone has no due date."))
            return
        due = self._date(row, "milestone_due", due_text)
        done = self._date(row, "milestone_done", done_text)
        if due is not None:
            row.milestone = (title, due, done)

    def _indicator(self, row: StrategyRow, raw: dict[str, str]) -> None:
        name = raw.get("indicator", "")
        given = [key for key in ("unit", "baseline", "target", "target_year", "value", "value_on")
                 if raw.get(key)]  # fmt: skip
        if not name:
            if given:
                self.error(row, "indicator", "", _("Indicator values are given without its name."))
            return
        missing = [key for key in ("unit", "baseline", "target", "target_year") if not raw.get(key)]
        if missing:
            self.error(
                row,
                missing[0],
                "",
                _("The indicator needs its unit, baseline, target and target year."),
            )
            return
        baseline = self._decimal(row, "baseline", raw["baseline"])
        target = self._decimal(row, "target", raw["target"])
        year_text = raw["target_year"]
        year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
        if year is None:
            self.error(row, "target_year", year_text, _("The target year is a year, like 2030."))
        if baseline is None or target is None or year is None:
            return
        row.indicator = (name, raw["unit"], baseline, target, year)
        if raw.get("value") or raw.get("value_on"):
            if not (raw.get("value") and raw.get("value_on")):
                self.error(
                    row,
                    "value" if not raw.get("value") else "value_on",
                    "",
                    _("A reported value needs both its date and its value."),
                )
                return
            on = self._date(row, "value_on", raw["value_on"])
            value = self._decimal(row, "value", raw["value"])
            if on is not None and value is not None:
                row.value = (on, value)

    def agree(self, rows: list[StrategyRow], *, report: ImportReport) -> None:
        """Reject the rows that contradict an earlier row of their project, or its indicator."""
        seen: dict[tuple[str, str], tuple[int, dict[str, object]]] = {}
        indicators: dict[tuple[str, str, str], tuple[int, tuple[object, ...]]] = {}
        for row in list(rows):
            key = (row.programme, row.project)
            first, own = seen.setdefault(key, (row.number, {}))
            for name in _PROJECT_FIELDS:
                if name in row.own and name in own and own[name] != row.own[name]:
                    self.error(
                        row,
                        name,
                        row.raw.get(name, ""),
                        _("Row %(row)s gives this project another %(column)s.")
                        % {"row": first, "column": self.columns.header.get(name, name)},
                    )
            if row.indicator is not None:
                ikey = (*key, row.indicator[0])
                ifirst, definition = indicators.setdefault(ikey, (row.number, row.indicator))
                if definition != row.indicator:
                    self.error(
                        row,
                        "indicator",
                        row.indicator[0],
                        _("Row %(row)s gives this indicator another unit, baseline or target.")
                        % {"row": ifirst},
                    )
            if row.errors:
                rows.remove(row)
                report.rejected += 1
                report.errors.extend(row.errors)
            else:
                own.update(row.own)


def _write(rows: list[StrategyRow], *, report: ImportReport) -> None:
    from regionforum.gazetteer.models import Region

    regions = {region.code: region for region in Region.objects.all()}
    projects: dict[tuple[str, str], Project] = {}
    own: dict[tuple[str, str], dict[str, object]] = {}
    for row in rows:
        own.setdefault((row.programme, row.project), {}).update(row.own)
    changed: set[tuple[str, str]] = set()
    for key, fields in own.items():
        programme_title, title = key
        programme = Programme.objects.filter(title=programme_title).first()
        if programme is None:
            starts = [f for f in (fields.get("starts_on"),) if isinstance(f, date)]
            ends = [f for f in (fields.get("due_on"),) if isinstance(f, date)]
            programme = Programme.objects.create(
                title=programme_title,
                starts_on=starts[0] if starts else date(date.today().year, 1, 1),
                ends_on=ends[0] if ends else date(2030, 12, 31),
                source=report.file,
            )
        project = Project.objects.filter(programme=programme, title=title).first()
        created = project is None
        if project is None:
            project = Project(programme=programme, title=title)
        before = {name: getattr(project, name) for name in _PROJECT_FIELDS if name != "regions"}
        for name in ("theme", "status", "sector", "starts_on", "due_on", "description"):
            if name in fields:
                setattr(project, name, fields[name])
        after = {name: getattr(project, name) for name in before}
        if created or before != after:
            project.save()
            changed.add(key)
        if "regions" in fields:
            codes = set(fields["regions"])  # type: ignore[call-overload]
            if codes != set(project.regions.values_list("code", flat=True)):
                project.regions.set([regions[code] for code in codes if code in regions])
                changed.add(key)
        projects[key] = project
        if created:
            report.created += 1
    for row in rows:
        project = projects[(row.programme, row.project)]
        if row.milestone is not None and _milestone_write(project, row.milestone):
            changed.add((row.programme, row.project))
        if row.indicator is not None and _indicator_write(project, row.indicator, row.value):
            changed.add((row.programme, row.project))
    touched = len(changed & projects.keys())
    report.updated = touched - report.created
    report.unchanged = len(projects) - touched


def _milestone_write(project: Project, milestone: tuple[str, date, date | None]) -> bool:
    title, due, done = milestone
    row, created = ProjectMilestone.objects.get_or_create(
        project=project, title=title, defaults={"due_on": due, "done_on": done}
    )
    if created:
        return True
    if (row.due_on, row.done_on) == (due, done):
        return False
    row.due_on, row.done_on = due, done
    row.save(update_fields=["due_on", "done_on"])
    return True


def _indicator_write(
    project: Project,
    indicator: tuple[str, str, Decimal, Decimal, int],
    value: tuple[date, Decimal] | None,
) -> bool:
    name, unit, baseline, target, year = indicator
    fields = {"unit": unit, "baseline": baseline, "target": target, "target_year": year}
    row, changed = Indicator.objects.get_or_create(project=project, name=name, defaults=fields)
    if not changed and any(getattr(row, key) != given for key, given in fields.items()):
        Indicator.objects.filter(pk=row.pk).update(**fields)
        changed = True
    if value is not None:
        on, number = value
        reported, created = IndicatorValue.objects.get_or_create(
            indicator=row, on=on, defaults={"value": number, "source": "import"}
        )
        if not created and reported.value != number:
            reported.value = number
            reported.save(update_fields=["value"])
            changed = True
        changed = changed or created
    return changed
