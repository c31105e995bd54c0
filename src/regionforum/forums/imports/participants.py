"""A sheet of participants becomes a forum's participants: read → parse → match → write.

Columns: ref, name, organisation, region, sectors, offers, seeks, languages, unavailable
(Russian headers too), and optionally table: the number of the table the participant keeps
all day (an empty cell: none; without the column, nobody's table changes). `ref` is the
participant's reference in the forum: a row whose ref is already there updates that
participant, and a file imported twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError, ProgrammeImportFailed
from regionforum.forums.imports.reading import (
    Columns,
    ImportReport,
    SheetSpec,
    is_blank,
    row_cells,
    sheet_read,
    write_whole,
)
from regionforum.forums.imports.rows import (
    MAX_NAME,
    MAX_REF,
    CellError,
    parse_languages,
    parse_list,
    parse_table_number,
    parse_unavailable,
)
from regionforum.registry.errors import ImportFailed, RowError
from regionforum.safetext import TEXT_LIMIT, text_problem, text_shown

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from regionforum.forums.models import Forum
    from regionforum.names import RegionResolver
    from regionforum.registry.imports.reading import Sheet

SPEC = SheetSpec(
    fields={
        "ref": "ref", "reference": "ref", "№": "ref", "no": "ref", "номер": "ref", "код": "ref",
        "name": "name", "participant": "name", "фио": "name", "ф.и.о": "name",
        "ф. и. о": "name", "имя": "name", "участник": "name",
        "organisation": "organisation", "organization": "organisation",
        "организация": "organisation",
        "region": "region", "регион": "region", "субъект": "region",
        "sectors": "sectors", "sector": "sectors", "отрасли": "sectors", "отрасль": "sectors",
        "сферы": "sectors", "сфера": "sectors",
        "offers": "offers", "offer": "offers", "предлагает": "offers",
        "предложение": "offers",
        "seeks": "seeks", "needs": "seeks", "ищет": "seeks", "запрос": "seeks",
        "потребности": "seeks",
        "languages": "languages", "language": "languages", "языки": "languages",
        "язык": "languages",
        "unavailable": "unavailable", "not available": "unavailable",
        "недоступен": "unavailable", "недоступность": "unavailable", "занят": "unavailable",
        "table": "table", "own table": "table", "stand": "table", "стол": "table",
        "стенд": "table",
    },
    required=("ref", "name", "organisation", "region"),
    labels={
        "ref": '"ref" (номер)',
        "name": '"name" (ФИО)',
        "organisation": '"organisation" (организация)',
        "region": '"region" (регион)',
    },
)  # fmt: skip


# Fields stored in shorter columns (Participant.ref and .name, Organisation.name).
_LIMITS = {"ref": MAX_REF, "name": MAX_NAME, "organisation": 500, "region": MAX_NAME}


@dataclass(slots=True)
class ParticipantRow:
    """A checked row: every field typed, or the errors that stop it."""

    number: int
    ref: str = ""
    name: str = ""
    organisation: str = ""
    region: str = ""
    sectors: list[str] = field(default_factory=list)
    offers: str = ""
    seeks: str = ""
    languages: list[str] = field(default_factory=list)
    unavailable: list[tuple[datetime, datetime]] = field(default_factory=list)
    # The number of the table the participant keeps all day; None for none.
    table: int | None = None
    errors: list[RowError] = field(default_factory=list)


def participants_import_run(
    *, path: Path, forum: Forum, file_name: str | None = None, partial: bool = False
) -> ImportReport:
    """Read, check and store one sheet of participants.

    Without `partial`, one rejected row means nothing is written. Raises ProgrammeImportFailed
    for a file that cannot be read at all.
    """
    from regionforum.forums.services import forum_zone
    from regionforum.gazetteer.selectors import region_resolver

    name = file_name or path.name
    report = ImportReport(file=name)
    sheet, columns = sheet_read(path, name=name, spec=SPEC, warnings=report.warnings)
    parser = _Parser(
        file=name,
        columns=columns,
        resolver=region_resolver(),
        zone=forum_zone(forum=forum),
        days=(forum.starts_on, forum.ends_on) if forum.starts_on and forum.ends_on else None,
        tables=set(forum.tables.values_list("number", flat=True)),
    )
    rows = _rows_parse(sheet, parser=parser, report=report)
    return write_whole(
        report,
        partial=partial,
        write=lambda: _write(rows, forum=forum, columns=columns, report=report),
    )


def _rows_parse(sheet: Sheet, *, parser: _Parser, report: ImportReport) -> list[ParticipantRow]:
    parsed: list[ParticipantRow] = []
    seen: dict[str, int] = {}
    try:
        for number, cells in sheet.rows:
            if is_blank(cells):
                continue
            row = parser.parse(number, cells)
            report.rows += 1
            if row.ref and not row.errors:
                if row.ref in seen:
                    parser.error(
                        row,
                        "ref",
                        row.ref,
                        _("The reference %(ref)s is also on row %(row)s; a ref is unique.")
                        % {"ref": row.ref, "row": seen[row.ref]},
                    )
                else:
                    seen[row.ref] = number
            if row.errors:
                report.rejected += 1
                report.errors.extend(row.errors)
            else:
                parsed.append(row)
    except ImportFailed as exc:
        raise ProgrammeImportFailed(report.file, exc.message) from None
    return parsed


class _Parser:
    def __init__(
        self,
        *,
        file: str,
        columns: Columns,
        resolver: RegionResolver,
        zone: ZoneInfo,
        days: tuple[date, date] | None,
        tables: set[int],
    ) -> None:
        self.file = file
        self.tables = tables
        self.columns = columns
        self.resolver = resolver
        self.zone = zone
        self.days = days
        self._regions: dict[str, str | None] = {}

    def error(self, row: ParticipantRow, name: str, value: str, message: str) -> None:
        row.errors.append(
            RowError(
                file=self.file,
                row=row.number,
                column=self.columns.header.get(name, name),
                value=value,
                message=message,
            )
        )

    def parse(self, number: int, cells: list[object]) -> ParticipantRow:
        raw = row_cells(self.columns, cells)
        row = ParticipantRow(number=number)
        for name, value in raw.items():
            if problem := text_problem(value, limit=_LIMITS.get(name, TEXT_LIMIT)):
                self.error(row, name, text_shown(value), problem)
        if row.errors:
            return row
        for name in ("ref", "name", "organisation"):
            if not raw[name]:
                self.error(row, name, "", _("The cell is empty; this column is required."))
        row.ref, row.name, row.organisation = raw["ref"], raw["name"], raw["organisation"]
        self._region(row, raw["region"])
        row.sectors = parse_list(raw.get("sectors", ""))
        row.offers, row.seeks = raw.get("offers", ""), raw.get("seeks", "")
        try:
            row.languages = parse_languages(raw.get("languages", ""))
        except CellError as exc:
            self.error(row, "languages", raw["languages"], exc.message)
        try:
            row.unavailable = parse_unavailable(
                raw.get("unavailable", ""),
                days=self.days,
                zone=self.zone,
            )
        except CellError as exc:
            self.error(row, "unavailable", raw["unavailable"], exc.message)
        self._table(row, raw.get("table", ""))
        return row

    def _table(self, row: ParticipantRow, text: str) -> None:
        if not text:
            return
        number = parse_table_number(text)
        if number is None or number not in self.tables:
            shown = ", ".join(str(n) for n in sorted(self.tables)) or _("none yet")
            self.error(
                row,
                "table",
                text,
                _(
                    '"%(value)s" is not one of the forum\'s tables (%(tables)s). Write the '
                    "number of the table the participant keeps all day, or leave the cell empty."
                )
                % {"value": text, "tables": shown},
            )
            return
        row.table = number

    def _region(self, row: ParticipantRow, text: str) -> None:
        if not text:
            self.error(row, "region", "", _("The region is empty."))
            return
        if text not in self._regions:
            self._regions[text] = self.resolver.resolve(text).code
        code = self._regions[text]
        if code is None:
            self.error(
                row,
                "region",
                text,
                _(
                    '"%(value)s" is not a region we know. Write the region\'s name (in '
                    "Russian, Belarusian or English) or its ISO 3166-2 code, such as BY-HO."
                )
                % {"value": text},
            )
            return
        row.region = code


def _write(
    rows: list[ParticipantRow], *, forum: Forum, columns: Columns, report: ImportReport
) -> None:
    """Match each row to the forum's participant of its ref and to a registry organisation;
    create or update through the services."""
    from regionforum.forums.models import Participant
    from regionforum.forums.services import (
        participant_create,
        participant_table_set,
        participant_update,
    )

    organisations = _organisations(rows)
    existing = {p.ref: p for p in Participant.objects.filter(forum=forum)}
    tables = {t.number: t for t in forum.tables.all()}
    # Without a table column, nobody's table changes.
    with_tables = "table" in columns.index
    for row in rows:
        organisation = organisations[(row.region, row.organisation)]
        fields = {
            "name": row.name,
            "organisation": organisation,
            "sectors": row.sectors,
            "offers": row.offers,
            "seeks": row.seeks,
            "languages": row.languages,
            "unavailable": row.unavailable,
        }
        table = tables.get(row.table) if row.table is not None else None
        try:
            participant = existing.get(row.ref)
            if participant is None:
                participant = participant_create(forum=forum, ref=row.ref, **fields)
                if with_tables:
                    participant_table_set(participant=participant, table=table)
                report.created += 1
            elif participant_update(participant=participant, **fields) | (
                with_tables and participant_table_set(participant=participant, table=table)
            ):
                report.updated += 1
            else:
                report.unchanged += 1
        except ProgrammeError as exc:
            report.errors.append(
                RowError(file=report.file, row=row.number, column="", value="", message=exc.message)
            )
            report.rejected += 1


def _organisations(rows: list[ParticipantRow]) -> dict[tuple[str, str], object]:
    """(region code, name) → the registry's organisation, found by name or alias, else created."""
    from regionforum.gazetteer.models import Region
    from regionforum.gazetteer.services import gazetteer_load
    from regionforum.names import organisation_key
    from regionforum.registry.models import Organisation
    from regionforum.registry.selectors import organisation_index
    from regionforum.registry.services import organisation_resolve

    codes = {row.region for row in rows}
    if codes - set(Region.objects.filter(code__in=codes).values_list("code", flat=True)):
        # The resolver knows the shipped gazetteer before the database holds it.
        gazetteer_load()
    index = organisation_index(regions=codes)
    found: dict[tuple[str, str], int] = {}
    for row in rows:
        place = (row.region, row.organisation)
        if place in found:
            continue
        key = (organisation_key(row.organisation) or row.organisation.casefold())[:500]
        known = index.get((row.region, key))
        if known is None:
            known = organisation_resolve(name=row.organisation, region_code=row.region).pk
            index[(row.region, key)] = known
        found[place] = known
    by_id = Organisation.objects.in_bulk(set(found.values()))
    return {place: by_id[pk] for place, pk in found.items()}
