"""The import's second stage: a sheet's header and rows become checked agreement rows.

The fields and their forms are the agreement sheet in DESIGN.md. Nothing here touches the
database: the caller hands in the region resolver and the forum numbers it knows. Every problem
becomes a RowError naming the row, the column as headed in the file, the value and what is
wrong, in words a regional coordinator understands.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regionforum.forums.numerals import from_roman
from regionforum.registry.errors import ImportFailed, RowError
from regionforum.registry.models import AgreementKind, AgreementStatus
from regionforum.registry.sectors import sector_code
from regionforum.safetext import text_limit, text_problem, text_shown

if TYPE_CHECKING:
    from regionforum.money import Money
    from regionforum.names import RegionMatch, RegionResolver
    from regionforum.registry.imports.pipeline import ImportReport, Progress

# Money.value holds 22 digits before the point; no agreement comes near.
MAX_AMOUNT = Decimal(10) ** 21
REQUIRED = ("kind", "title", "party_1", "region_1", "party_2", "region_2", "signed_on")
# The cells that only an agreement's row fills (with the parties and their regions).
_IDENTIFYING = frozenset({"kind", "signed_on"})
_RUSSIAN = {
    "kind": "вид документа",
    "title": "наименование",
    "party_1": "сторона 1",
    "region_1": "регион стороны 1",
    "party_2": "сторона 2",
    "region_2": "регион стороны 2",
    "signed_on": "дата подписания",
}

_FIELDS: dict[str, str] = {
    "ref": "ref",
    "reference": "ref",
    "№": "ref",
    "№ п/п": "ref",
    "no": "ref",
    "номер": "ref",
    "kind": "kind",
    "вид документа": "kind",
    "вид": "kind",
    "title": "title",
    "наименование": "title",
    "предмет": "title",
    "signed_on": "signed_on",
    "signed on": "signed_on",
    "дата подписания": "signed_on",
    "amount": "amount",
    "сумма": "amount",
    "currency": "currency",
    "валюта": "currency",
    "sector": "sector",
    "отрасль": "sector",
    "сфера": "sector",
    "forum": "forum",
    "форум": "forum",
    "status": "status",
    "статус": "status",
    "notes": "notes",
    "примечание": "notes",
    "примечания": "notes",
}
# The fields as the pages name them.
_LABELS = {
    "ref": gettext_lazy("Reference"),
    "kind": gettext_lazy("Kind"),
    "title": gettext_lazy("Title"),
    "signed_on": gettext_lazy("Signed on"),
    "amount": gettext_lazy("Amount"),
    "currency": gettext_lazy("Currency"),
    "sector": gettext_lazy("Sector"),
    "forum": gettext_lazy("Forum"),
    "status": gettext_lazy("Status"),
    "notes": gettext_lazy("Notes"),
}


def field_label(name: str) -> str:
    """A field of the sheet as a person reads it: "party_2" is "Party 2"."""
    prefix, _sep, number = name.rpartition("_")
    if prefix == "party" and number.isdigit():
        return _("Party %(number)s") % {"number": number}
    if prefix == "region" and number.isdigit():
        return _("Region of party %(number)s") % {"number": number}
    return str(_LABELS.get(name, name))


_NUMBERED = (
    (re.compile(r"^(?:party[ _]?|сторона ?)(\d+)$"), "party_"),
    (re.compile(r"^(?:region[ _]?|регион стороны ?|регион ?)(\d+)$"), "region_"),
)
# Sheets that give a column to each country's side: "Белорусская сторона" and "Регион
# белорусской стороны" are party 1 and its region, the Russian side party 2 and its region.
_SIDES = (
    (re.compile(r"^(?:белорусская сторона|belarusian (?:party|side))$"), "party_1"),
    (re.compile(r"^(?:российская сторона|russian (?:party|side))$"), "party_2"),
    (
        re.compile(
            r"^(?:(?:регион|область) белорусской стороны|регион (?:рб|беларуси)|область рб|"
            r"region of the belarusian (?:party|side)|belarusian region)$"
        ),
        "region_1",
    ),
    (
        re.compile(
            r"^(?:(?:регион|субъект) российской стороны|(?:регион|субъект) (?:рф|россии)|"
            r"region of the russian (?:party|side)|russian region)$"
        ),
        "region_2",
    ),
)

# The words that name a kind of document, as stems with the endings they take ("соглашения",
# "договору", "contracts"). A word is a kind only with one of these endings: "договорённость"
# (an understanding) is not a "договор" (a contract), and is refused rather than guessed.
_NOUN_ENDINGS = ("", "а", "у", "ом", "е", "ы", "ов")
_KIND_STEMS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("соглашени", ("е", "я", "ю", "ем", "и", "й"), AgreementKind.AGREEMENT),
    ("agreement", ("", "s"), AgreementKind.AGREEMENT),
    ("договор", _NOUN_ENDINGS, AgreementKind.CONTRACT),
    ("контракт", _NOUN_ENDINGS, AgreementKind.CONTRACT),
    ("contract", ("", "s"), AgreementKind.CONTRACT),
    ("меморандум", _NOUN_ENDINGS, AgreementKind.MEMORANDUM),
    ("memorand", ("um", "ums", "a"), AgreementKind.MEMORANDUM),
    ("mou", ("",), AgreementKind.MEMORANDUM),
    ("протокол", _NOUN_ENDINGS, AgreementKind.PROTOCOL),
    ("protocol", ("", "s"), AgreementKind.PROTOCOL),
    ("roadmap", ("", "s"), AgreementKind.ROADMAP),
    ("программ", ("а", "ы", "е", "у", "ой"), AgreementKind.PROGRAMME),
    ("program", ("", "s", "me", "mes"), AgreementKind.PROGRAMME),
    # Belarusian: a Belarusian side may write its sheet in Belarusian.
    ("пагадненн", ("е", "я", "ю", "ем", "і", "яў"), AgreementKind.AGREEMENT),
    ("дагавор", ("", "а", "у", "ам", "ы", "аў"), AgreementKind.CONTRACT),
    ("кантракт", ("", "а", "у", "ам", "ы", "аў"), AgreementKind.CONTRACT),
    ("мемарандум", ("", "а", "у", "ам", "ы", "аў"), AgreementKind.MEMORANDUM),
    ("пратакол", ("", "а", "у", "ам", "ы", "аў"), AgreementKind.PROTOCOL),
    ("праграм", ("а", "ы", "е", "у", "ай"), AgreementKind.PROGRAMME),
)
_KIND_WORDS: dict[str, str] = {
    stem + ending: kind for stem, endings, kind in _KIND_STEMS for ending in endings
}
# Two-word kinds: the first word's stem and the second word's stem.
_KIND_PAIRS = (
    (("дорожн", "карт"), AgreementKind.ROADMAP),
    (("road", "map"), AgreementKind.ROADMAP),
    (("дарожн", "карт"), AgreementKind.ROADMAP),
)
# A contract "about cooperation" ("Договор о сотрудничестве", "Contract of cooperation") is a
# cooperation agreement, not a commercial contract: the other side calls it an agreement.
_COOPERATION_STEMS = (
    "сотрудничеств", "взаимодейств", "партнерств", "партнёрств", "супрацоўніцтв",
    "узаемадзеянн", "cooperation", "co-operation", "partnership",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_STATUSES: dict[str, str] = {
    "signed": AgreementStatus.SIGNED,
    "подписано": AgreementStatus.SIGNED,
    "подписан": AgreementStatus.SIGNED,
    "подписан(о)": AgreementStatus.SIGNED,
    "in progress": AgreementStatus.IN_PROGRESS,
    "in_progress": AgreementStatus.IN_PROGRESS,
    "исполняется": AgreementStatus.IN_PROGRESS,
    "в процессе исполнения": AgreementStatus.IN_PROGRESS,
    "fulfilled": AgreementStatus.FULFILLED,
    "исполнено": AgreementStatus.FULFILLED,
    "исполнен": AgreementStatus.FULFILLED,
    "выполнено": AgreementStatus.FULFILLED,
    "in force": AgreementStatus.IN_PROGRESS,
    "действует": AgreementStatus.IN_PROGRESS,
    "в работе": AgreementStatus.IN_PROGRESS,
    "реализуется": AgreementStatus.IN_PROGRESS,
    "completed": AgreementStatus.FULFILLED,
    "выполнен": AgreementStatus.FULFILLED,
    "выполняется": AgreementStatus.IN_PROGRESS,
    "в стадии реализации": AgreementStatus.IN_PROGRESS,
    "реализовано": AgreementStatus.FULFILLED,
    "падпісана": AgreementStatus.SIGNED,
    "падпісаны": AgreementStatus.SIGNED,
    "выконваецца": AgreementStatus.IN_PROGRESS,
    "выканана": AgreementStatus.FULFILLED,
    "скасавана": AgreementStatus.TERMINATED,
    "terminated": AgreementStatus.TERMINATED,
    "cancelled": AgreementStatus.TERMINATED,
    "расторгнуто": AgreementStatus.TERMINATED,
    "расторгнут": AgreementStatus.TERMINATED,
}
_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Belarusian: "30 чэрвеня 2021".
    "студз": 1, "лют": 2, "сакав": 3, "красав": 4, "трав": 5, "траў": 5, "чэрв": 6, "ліп": 7,
    "жнів": 8, "жніў": 8, "верас": 9, "кастрыч": 10, "лістап": 11, "снеж": 12,
}  # fmt: skip
# Also as typed by hand or exported with its time, as ISO dates may be: "30,06,2021",
# "30.06.2021.", "30.06.2021 0:00:00".
_DOTTED = re.compile(
    r"^(\d{1,2})[./,-](\d{1,2})[./,-](\d{2}|\d{4})"
    r"(?:\s*г\.?|\.|\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_ISO = re.compile(
    r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_WORDS = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:\s*(?:г\.?|года))?$")
_DAY_QUOTES = str.maketrans("", "", '«»"“”„')
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_EARLIEST, _LATEST = date(1990, 1, 1), date(2100, 12, 31)
_FORUM_NUMBER = re.compile(r"\b(\d{1,2})(?:\s*-?\s*(?:st|nd|rd|th|й|ой|ый|ий))?\b", re.IGNORECASE)
_FORUM_ROMAN = re.compile(r"\b([IVXLC]{1,7})\b", re.IGNORECASE)


_REMARK = re.compile(r"\(([^)]*)\)|,(.*)$")
# A place written after an organisation's name: in brackets at the end, or else after the last
# comma.
_PLACES_AFTER_NAME = (
    re.compile(r"^(?P<name>.+?)\s*\((?P<place>[^()]+)\)$"),
    re.compile(r"^(?P<name>.+),(?P<place>[^,]+)$"),
)

PROGRESS_EVERY = 2000
PREVIEW_FIRST = 50
PREVIEW_LIMIT = 1000
PREVIEW_CELL = 300


def _key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").strip(" :*.\t").split())


# "Наименование документа", "Сумма договора", "Дата подписания соглашения": a field's header
# followed by the paper it belongs to names the same field.
_OF_THE_PAPER = re.compile(
    r"\s+(?:документа|соглашения|договора|контракта|меморандума|of (?:the )?(?:document|"
    r"agreement|contract))$"
)


def _field(text: str) -> tuple[str | None, str]:
    """The field a header names, and its remark: "Сумма (млн руб.)" is amount, "млн руб."."""
    for key, remark in ((_key(text), ""), (_key(_REMARK.sub(" ", text)), _remark(text))):
        name = _FIELDS.get(key) or _FIELDS.get(_OF_THE_PAPER.sub("", key))
        if name is None:
            for pattern, prefix in _NUMBERED:
                match = pattern.match(key)
                if match:
                    name = f"{prefix}{int(match.group(1))}"
                    break
        if name is None:
            name = next((side for pattern, side in _SIDES if pattern.match(key)), None)
        if name is not None:
            return name, remark
    return None, ""


def _remark(text: str) -> str:
    return " ".join(
        part.strip() for match in _REMARK.finditer(text) for part in match.groups() if part
    )


def cell_text(cell: object) -> str:
    """A cell as the text a person sees: whole numbers without ".0", dates as ISO."""
    if type(cell) is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if cell.is_integer() and abs(cell) < 1e15:
            return str(int(cell))
        return format(Decimal(repr(cell)), "f")
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


_REGION_WORD = re.compile(r"регион|region|субъект")


def header_combine(top: list[str], bottom: list[str]) -> list[str]:
    """One header from two rows laid out with merged cells.

    "Сторона 1" merged over "Организация" and "Регион" gives "Сторона 1" and "Регион стороны
    1"; a heading merged down over both rows ("Вид документа") stays as it is; a heading over
    its unit ("Сумма" over "тыс. руб.") becomes "Сумма (тыс. руб.)". A merged cell is read, as
    spreadsheets store it, from its first column.
    """
    combined: list[str] = []
    group = ""
    for position in range(max(len(top), len(bottom))):
        upper = top[position].strip() if position < len(top) else ""
        lower = bottom[position].strip() if position < len(bottom) else ""
        if upper:
            group = upper
        elif not lower:
            group = ""
        heading = upper or (group if lower else "")
        combined.append(_heading_under(heading, lower))
    return combined


def _heading_under(heading: str, sub: str) -> str:
    if not heading or not sub:
        return heading or sub
    name, _remark_text = _field(heading)
    if name is not None and name.startswith("party_"):
        number = name.split("_")[1]
        return f"region_{number}" if _REGION_WORD.search(sub.casefold()) else name
    return f"{heading} ({sub})"


@dataclass(frozen=True, slots=True)
class Columns:
    """Which cell holds which field, and the header text the sender gave it."""

    index: dict[str, int]
    header: dict[str, str]
    ignored: list[str]
    party_numbers: list[int]
    # What a header says about its cells, such as the unit of an amount ("млн руб.", "USD").
    remarks: dict[str, str] = field(default_factory=dict)


def columns_map(header: list[str], *, file: str) -> Columns:
    """Map header cells to fields; a missing required column or a doubled one fails the file."""
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    remarks: dict[str, str] = {}
    ignored: list[str] = []
    for position, text in enumerate(header):
        if not text:
            continue
        name, remark = _field(text)
        if name is None:
            ignored.append(text)
            continue
        if remark:
            remarks[name] = remark
        if name in index:
            raise ImportFailed(
                file,
                _('The columns "%(first)s" and "%(second)s" both give %(field)s; keep one of them.')
                % {"first": names[name], "second": text, "field": name},
            )
        index[name] = position
        names[name] = text
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise ImportFailed(
            file,
            _("Required columns are missing: %(columns)s. Row 1 must hold the column headers.")
            % {"columns": ", ".join(f'"{name}" ({_RUSSIAN[name]})' for name in missing)},
        )
    parties = sorted(int(name.split("_")[1]) for name in index if name.startswith("party_"))
    return Columns(
        index=index, header=names, ignored=ignored, party_numbers=parties, remarks=remarks
    )


@dataclass(slots=True)
class ParsedRow:
    """A checked row: every field typed, or the errors that stop it."""

    number: int
    raw: dict[str, str]
    row_hash: str
    ref: str = ""
    kind: str = ""
    title: str = ""
    parties: list[tuple[str, str]] = field(default_factory=list)
    signed_on: date | None = None
    money: Money | None = None
    sector: str = ""
    forum: int | None = None
    status: str = AgreementStatus.SIGNED
    notes: str = ""
    errors: list[RowError] = field(default_factory=list)
    # What was read other than as written (a region's name with a slip), for the report.
    warnings: list[str] = field(default_factory=list)


def row_hash(values: dict[str, str]) -> str:
    """A digest of the row's fields, independent of column order and of the row's position."""
    canonical = "\x1e".join(f"{name}\x1f{values[name]}" for name in sorted(values))
    # A lone surrogate is refused by the row's checks, but the row is hashed before them.
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def rows_parse(
    rows: Iterable[tuple[int, list[object]]],
    *,
    parser: RowParser,
    report: ImportReport,
    progress: Progress | None,
) -> list[ParsedRow]:
    """The rows that passed every check; the others are counted and their errors reported.

    The first rows and every rejected row (up to a limit) go into the report as read, for the
    web preview.
    """
    parsed: list[ParsedRow] = []
    # The whole column decides the order of its slashed dates, so the rows are read first.
    rows = list(rows)
    position = parser.columns.index["signed_on"]
    parser.month_first = _slash_dates_month_first(
        cells[position] for _number, cells in rows if position < len(cells)
    )
    for number, cells in rows:
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue
        if not parser.names_an_agreement(cells):
            report.warnings.append(
                _(
                    "Row %(row)s has no kind, signing date or party, so it is not an agreement "
                    "(a heading, a total or a note); it was skipped."
                )
                % {"row": number}
            )
            continue
        row = parser.parse(number, cells)
        report.rows += 1
        if (report.rows <= PREVIEW_FIRST or row.errors) and len(report.preview) < PREVIEW_LIMIT:
            report.preview.append(
                {
                    "row": number,
                    "cells": {
                        name: text_shown(value[:PREVIEW_CELL], length=None)
                        for name, value in row.raw.items()
                    },
                    "errors": [error.as_dict() for error in row.errors],
                }
            )
        report.warnings.extend(row.warnings)
        if row.errors:
            report.rejected += 1
            report.errors.extend(row.errors)
        else:
            parsed.append(row)
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress("read", report.rows, None)
    return parsed


class RowParser:
    """Parses the rows of one file; caches the answers for repeated cells (regions, dates)."""

    def __init__(
        self,
        *,
        file: str,
        columns: Columns,
        resolver: RegionResolver,
        reporter_country: str | None,
        forum_numbers: Callable[[int], bool],
    ) -> None:
        self.file = file
        self.columns = columns
        self.resolver = resolver
        self.reporter_country = reporter_country
        self.forum_numbers = forum_numbers
        self._regions: dict[str, RegionMatch] = {}
        self._dates: dict[str, date | str] = {}
        self._forums: dict[str, int | None] = {}
        # Whether the file's slashed dates are month first (set from the whole column).
        self.month_first = False

    def names_an_agreement(self, cells: list[object]) -> bool:
        """Whether the row fills any cell that says which agreement it is: the kind, the
        signing date, a party or its region. A sheet's section headings, subtotals, totals
        and notes fill none of them, whatever they write in the title or amount."""
        return any(
            position < len(cells) and cell_text(cells[position])
            for name, position in self.columns.index.items()
            if name in _IDENTIFYING or name.startswith(("party_", "region_"))
        )

    def parse(self, number: int, cells: list[object]) -> ParsedRow:
        raw: dict[str, str] = {}
        for name, position in self.columns.index.items():
            raw[name] = cell_text(cells[position]) if position < len(cells) else ""
        parsed = ParsedRow(number=number, raw=raw, row_hash=row_hash(raw))
        for name, value in raw.items():
            if problem := text_problem(value, limit=text_limit(name)):
                self._error(parsed, name, text_shown(value), problem)
        if parsed.errors:
            return parsed
        parsed.ref = raw.get("ref", "")
        parsed.title = raw["title"]
        if not parsed.title:
            self._error(parsed, "title", "", _("The title is empty."))
        parsed.kind = self._kind(parsed, raw["kind"])
        date_position = self.columns.index["signed_on"]
        date_cell = cells[date_position] if date_position < len(cells) else None
        parsed.signed_on = self._date(parsed, date_cell, raw["signed_on"])
        self._parties(parsed, raw)
        parsed.status = self._status(parsed, raw.get("status", ""))
        parsed.forum = self._forum(parsed, raw.get("forum", ""))
        parsed.sector = sector_code(raw.get("sector", "")) or raw.get("sector", "")
        parsed.notes = raw.get("notes", "")
        if parsed.signed_on is not None:
            parsed.money = self._money(
                parsed, raw.get("amount", ""), raw.get("currency", ""), parsed.signed_on
            )
        return parsed

    def _error(self, parsed: ParsedRow, name: str, value: str, message: str) -> None:
        column = self.columns.header.get(name, name)
        parsed.errors.append(
            RowError(file=self.file, row=parsed.number, column=column, value=value, message=message)
        )

    def _kind(self, parsed: ParsedRow, text: str) -> str:
        key = _key(text)
        if not key:
            self._error(parsed, "kind", text, _("The kind of document is empty."))
            return ""
        # "Cooperation agreement", "Trade contract": the kind word need not come first.
        words = _WORD.findall(key)
        for position, word in enumerate(words):
            kind = _KIND_WORDS.get(word)
            if kind == AgreementKind.CONTRACT and any(
                other.startswith(_COOPERATION_STEMS) for other in words
            ):
                return str(AgreementKind.AGREEMENT)
            if kind is not None:
                return str(kind)
            following = words[position + 1] if position + 1 < len(words) else ""
            for (first, second), kind in _KIND_PAIRS:
                if word.startswith(first) and following.startswith(second):
                    return str(kind)
        self._error(
            parsed,
            "kind",
            text,
            _(
                '"%(value)s" is not a kind of document. Use agreement, contract, memorandum, '
                "protocol, roadmap or programme (соглашение, договор, контракт, меморандум, "
                "протокол, дорожная карта, программа)."
            )
            % {"value": text},
        )
        return ""

    def _status(self, parsed: ParsedRow, text: str) -> str:
        key = _key(text)
        if not key:
            return str(AgreementStatus.SIGNED)
        status = _STATUSES.get(key)
        if status is None:
            self._error(
                parsed,
                "status",
                text,
                _(
                    '"%(value)s" is not a status. Use signed, in progress, fulfilled or '
                    "terminated (подписано, исполняется, исполнено, расторгнуто)."
                )
                % {"value": text},
            )
            return ""
        return str(status)

    def _date(self, parsed: ParsedRow, cell: object, text: str) -> date | None:
        if isinstance(cell, datetime):
            value: date | str = cell.date()
        elif isinstance(cell, date):
            value = cell
        else:
            cached = self._dates.get(text)
            if cached is None:
                cached = parse_date(text, month_first=self.month_first)
                self._dates[text] = cached
            value = cached
        if isinstance(value, str):
            self._error(parsed, "signed_on", text, value)
            return None
        if not _EARLIEST <= value <= _LATEST:
            self._error(
                parsed,
                "signed_on",
                text,
                _("%(value)s is not a plausible signing date.") % {"value": text},
            )
            return None
        return value

    def _region(self, parsed: ParsedRow, name: str, text: str) -> str | None:
        """The region a cell names. A slip is read (with a warning) as a region of the
        reporter's country only, and only when no other region is near; otherwise the row is
        refused, with the nearest regions in the message."""
        match = self._regions.get(text)
        if match is None:
            match = self.resolver.resolve(text, country=self.reporter_country)
            self._regions[text] = match
        column = self.columns.header.get(name, name)
        if match.code is not None and match.correction is not None:
            written, read = match.correction
            parsed.warnings.append(
                _(
                    'Row %(row)s, column "%(column)s": "%(value)s" was read as %(name)s '
                    '(%(code)s), taking "%(written)s" for "%(read)s".'
                )
                % {
                    "row": parsed.number,
                    "column": column,
                    "value": text,
                    "name": match.name,
                    "code": match.code,
                    "written": written,
                    "read": read,
                }
            )
        if match.code is None:
            if match.candidates:
                nearest = ", ".join(
                    f"{self.resolver.name(code)} ({code})" for code in match.candidates
                )
                message = _(
                    '"%(value)s" is not a region we know, and it is too near several to '
                    "guess: the nearest are %(nearest)s. Write the region's name as it is "
                    "spelt, or its ISO 3166-2 code."
                ) % {"value": text, "nearest": nearest}
                if len(match.candidates) == 1:
                    message = _(
                        '"%(value)s" is not a region we know. The nearest is %(nearest)s; '
                        "write the region's name as it is spelt, or its ISO 3166-2 code."
                    ) % {"value": text, "nearest": nearest}
            else:
                message = _(
                    '"%(value)s" is not a region we know. Write the region\'s name (in '
                    "Russian, Belarusian or English) or its ISO 3166-2 code, such as BY-HO."
                ) % {"value": text}
            self._error(parsed, name, text, message)
        return match.code

    def _parties(self, parsed: ParsedRow, raw: dict[str, str]) -> None:
        for number in self.columns.party_numbers:
            party_name, region_name = f"party_{number}", f"region_{number}"
            name = raw.get(party_name, "")
            region_text = raw.get(region_name, "")
            required = number <= 2
            if not name and not region_text and not required:
                continue
            if not name:
                self._error(
                    parsed,
                    party_name,
                    "",
                    _("Party %(number)s has no organisation name.") % {"number": number},
                )
            if not region_text and name:
                placed = self._region_in_name(name)
                if placed is not None:
                    code, organisation = placed
                    parsed.warnings.append(
                        _(
                            'Row %(row)s, column "%(column)s": the region of "%(value)s" was '
                            "read from the name as %(region)s (%(code)s)."
                        )
                        % {
                            "row": parsed.number,
                            "column": self.columns.header.get(party_name, party_name),
                            "value": name,
                            "region": self.resolver.name(code),
                            "code": code,
                        }
                    )
                    parsed.parties.append((organisation, code))
                    continue
            if region_name not in self.columns.index:
                self._error(
                    parsed,
                    party_name,
                    name,
                    _("There is no column with the region of party %(number)s.")
                    % {"number": number},
                )
                continue
            if not region_text:
                self._error(
                    parsed,
                    region_name,
                    "",
                    _("The region of party %(number)s is empty.") % {"number": number},
                )
                continue
            code = self._region(parsed, region_name, region_text)
            if code is None:
                continue
            if name:
                parsed.parties.append((name, code))

    def _region_in_name(self, name: str) -> tuple[str, str] | None:
        """The region a party cell names after the organisation, and the organisation's name
        without it: "ОАО «Гомсельмаш» (Гомельская обл.)", "Gomselmash, Gomel Oblast". Only a
        region read exactly as written counts (no slip is corrected), and only when something
        is left for the organisation's name."""
        for pattern in _PLACES_AFTER_NAME:
            match = pattern.match(name)
            if match is None:
                continue
            organisation = match.group("name").strip()
            region = self.resolver.resolve(match.group("place").strip(), country=None)
            if region.code is not None and region.correction is None and _WORD.search(organisation):
                return region.code, organisation
        return None

    def _forum(self, parsed: ParsedRow, text: str) -> int | None:
        if not text:
            return None
        if text not in self._forums:
            self._forums[text] = parse_forum(text)
        number = self._forums[text]
        if number is None:
            self._error(
                parsed,
                "forum",
                text,
                _(
                    '"%(value)s" does not name a forum. Write its number (8), its Roman '
                    'numeral (VIII) or "VIII Форум регионов".'
                )
                % {"value": text},
            )
            return None
        if not self.forum_numbers(number):
            self._error(
                parsed,
                "forum",
                text,
                _("There is no forum number %(number)s.") % {"number": number},
            )
            return None
        return number

    def _money(
        self, parsed: ParsedRow, amount: str, currency: str, signed_on: date
    ) -> Money | None:
        from regionforum.money import CurrencyError, MoneyError, parse_money

        if not amount:
            return None
        unit = self.columns.remarks.get("amount", "")
        try:
            money = parse_money(
                f"{amount} {unit}" if unit else amount,
                currency,
                reporter_country=self.reporter_country,
                on=signed_on,
            )
        except CurrencyError as exc:
            column = "currency" if currency else "amount"
            self._error(parsed, column, currency or amount, exc.translated(_))
            return None
        except MoneyError as exc:
            self._error(parsed, "amount", amount, exc.translated(_))
            return None
        if money is not None and money.value >= MAX_AMOUNT:
            self._error(
                parsed,
                "amount",
                amount,
                _("The amount is too large to be an agreement's amount; check its digits."),
            )
            return None
        if money is not None and money.value < 0:
            self._error(
                parsed,
                "amount",
                amount,
                _("The amount is negative; an agreement's amount is zero or more."),
            )
            return None
        return money


_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _slash_dates_month_first(cells: Iterable[object]) -> bool:
    """Whether a column's slashed dates are in the US order, month first: some of them cannot
    be read day first ("6/30/2021") and none cannot be read month first ("30/6/2021"). Excel
    writes dates so in a sheet saved with US settings, the ambiguous ones ("7/3/2021") too."""
    month_first = day_first = False
    for cell in cells:
        match = _SLASHED.match(cell) if isinstance(cell, str) else None
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        month_first = month_first or second > 12 >= first
        day_first = day_first or first > 12 >= second
    return month_first and not day_first


def parse_date(text: str, *, month_first: bool = False) -> date | str:
    """A signing date from the forms DESIGN.md lists, or the message saying why it is not one.

    `month_first` reads slashed dates in the US order ("6/30/2021"), as the whole column is.
    """
    # Official letters write the day in quotes: «30» июня 2021 г.
    value = text.strip().translate(_DAY_QUOTES).strip()
    if not value:
        return _("The signing date is empty.")
    try:
        match = _ISO.match(value)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _SLASHED.match(value) if month_first else None
        if match:
            return date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
        match = _DOTTED.match(value)
        if match:
            year = int(match.group(3))
            if year < 100:
                year += 2000
            return date(year, int(match.group(2)), int(match.group(1)))
        match = _WORDS.match(value.lower())
        if match:
            month = _month(match.group(2))
            if month is not None:
                return date(int(match.group(3)), month, int(match.group(1)))
        match = _MONTH_FIRST.match(value.lower())
        if match:
            month = _month(match.group(1))
            if month is not None:
                return date(int(match.group(3)), month, int(match.group(2)))
        if _SERIAL.match(value):
            return _EXCEL_EPOCH + timedelta(days=int(float(value)))
    except ValueError:
        return _("There is no such date as %(value)s (check the day and the month).") % {
            "value": value
        }
    return _('"%(value)s" is not a date. Write it as 30.06.2021, 2021-06-30 or "30 июня 2021".') % {
        "value": value
    }


def _month(word: str) -> int | None:
    word = word.replace("ё", "е")
    if word in {"мая", "май"}:
        return 5
    for stem, month in _MONTHS.items():
        if stem != "ма" and word.startswith(stem):
            return month
    return None


def parse_forum(text: str) -> int | None:
    """A forum number from 8, "8.0", VIII, "VIII Форум регионов" or "8th Forum"."""
    value = text.strip()
    if re.fullmatch(r"\d{1,2}(?:\.0+)?", value):
        return int(float(value))
    match = _FORUM_ROMAN.search(value)
    if match:
        number = from_roman(match.group(1))
        if number is not None:
            return number
    match = _FORUM_NUMBER.search(value)
    if match:
        return int(match.group(1))
    return None
