"""Readers of rates files, and the table of official rates that ships with the package.

Three formats:
- ``csv``: our own, ``date,currency,units_per_usd`` with a header; a ``source`` column is used
  when present, other columns are ignored, and lines starting with "#" are comments;
- ``cbr-xml``: the Bank of Russia's XML, either the dynamics of one currency (XML_dynamic.asp)
  or all currencies on one day (XML_daily.asp);
- ``nbrb-json``: the National Bank of the Republic of Belarus's JSON, either the dynamics of
  one currency (ExRates/Rates/Dynamics) or all currencies on one day (ExRates/Rates).

Both banks quote home currency per foreign unit. The USD quote gives the home currency's units
per USD directly. Another currency X is crossed through the USD quote of the same day in the
same file, or failing that through the reference table's home-currency rate on or before that
day: units of X per USD = (home per USD) / (home per X).
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO
from xml.parsers import expat

from regionforum.money.currencies import belarusian_rouble
from regionforum.money.errors import MoneyError, RatesFileError, gettext_noop
from regionforum.money.rates import Rate, RateTable

FORMATS = ("csv", "cbr-xml", "nbrb-json")

Source = str | os.PathLike[str] | IO[bytes] | IO[str]
# The bank's home currency on a date: RUB always, or BYR before the 2016 redenomination and BYN
# from it.
_Home = Callable[[date], str]

_CBR = "Bank of Russia"
_NBRB = "National Bank of the Republic of Belarus"
# Crossed rates keep six decimals: finer than either bank publishes, and fits the registry.
_CROSS_PLACES = Decimal("0.000001")
_CODE = re.compile(r"[A-Z]{3}")
_CSV_COLUMNS = ("date", "currency", "units_per_usd")

# The Bank of Russia's internal currency codes (the ID of XML_dynamic.asp).
_CBR_IDS = {
    "R01235": "USD",
    "R01239": "EUR",
    "R01090": "BYR",
    "R01090B": "BYN",
    "R01375": "CNY",
    "R01335": "KZT",
    "R01035": "GBP",
}

# The National Bank of Belarus's Cur_IDs, which change with the currency's terms, and the scale
# each is quoted for. The Dynamics form carries no Cur_Scale, so it comes from here.
_NBRB_IDS = {
    145: ("USD", 1),
    431: ("USD", 1),
    19: ("EUR", 1),
    292: ("EUR", 1),
    451: ("EUR", 1),
    141: ("RUB", 1),
    298: ("RUB", 100),
    456: ("RUB", 100),
}


@dataclass(frozen=True, slots=True)
class _Quote:
    """`home_per_unit` units of the bank's home currency for one unit of `currency` on `on`."""

    on: date
    currency: str
    home_per_unit: Decimal
    line: int | None


def guess_format(path: str | os.PathLike[str]) -> str:
    """The format of a rates file from its name, or failing that from its first character."""
    suffix = Path(path).suffix.lower()
    by_suffix = {".csv": "csv", ".xml": "cbr-xml", ".json": "nbrb-json"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    with open(path, "rb") as stream:
        start = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "cbr-xml"
    if start[:1] in (b"[", b"{"):
        return "nbrb-json"
    return "csv"


def read_rates(
    path_or_stream: Source, fmt: str, *, reference: RateTable | None = None
) -> list[Rate]:
    """The rates in a file of format `fmt` ("csv", "cbr-xml" or "nbrb-json").

    `reference` supplies the home currency's USD rate for crossing a non-USD series; it defaults
    to the shipped table. Raises RatesFileError naming the line and the value at fault, and
    OSError when the file cannot be opened.
    """
    if fmt not in FORMATS:
        raise RatesFileError(
            gettext_noop(
                'The format "%(format)s" is not one we read: use csv, cbr-xml or nbrb-json.'
            ),
            format=fmt,
        )
    data, name = _load(path_or_stream)
    if fmt == "csv":
        return _read_csv(_text(data), default_source=f"{name} (loaded)")
    table = reference if reference is not None else _shipped_table()
    if fmt == "cbr-xml":
        return _cross(_read_cbr(data), bank=_CBR, home=lambda on: "RUB", reference=table)
    return _cross(_read_nbrb(_text(data)), bank=_NBRB, home=belarusian_rouble, reference=table)


def shipped_rates() -> list[Rate]:
    """The official rates that ship with the package (see the header of rates.csv)."""
    return list(_shipped())


@cache
def _shipped() -> tuple[Rate, ...]:
    text = files("regionforum.money").joinpath("rates.csv").read_text(encoding="utf-8")
    return tuple(_read_csv(text, default_source="regionforum shipped table"))


@cache
def _shipped_table() -> RateTable:
    return RateTable(_shipped())


def _load(source: Source) -> tuple[str | bytes, str]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return path.read_bytes(), path.name
    return source.read(), Path(str(getattr(source, "name", "stream"))).name


def _text(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RatesFileError(
            gettext_noop("The file is not UTF-8 text."), line=data[: exc.start].count(b"\n") + 1
        ) from None


def _decimal(text: str, field_name: str, line: int | None) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise RatesFileError(
            gettext_noop('%(field)s "%(value)s" is not a number.'),
            line=line,
            field=field_name,
            value=text,
        ) from None
    if not (value.is_finite() and value > 0):
        raise RatesFileError(
            gettext_noop('%(field)s "%(value)s" is not a positive number.'),
            line=line,
            field=field_name,
            value=text,
        )
    return value


def _read_csv(text: str, *, default_source: str) -> list[Rate]:
    columns: dict[str, int] | None = None
    seen: dict[tuple[str, date], int] = {}
    rates: list[Rate] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in next(csv.reader([line]))]
        if columns is None:
            columns = {name.lower(): index for index, name in enumerate(cells)}
            missing = [
                name for name in ("date", "currency", "units_per_usd") if name not in columns
            ]
            if missing:
                raise RatesFileError(
                    gettext_noop(
                        "The header must name the columns date, currency and units_per_usd; "
                        "%(missing)s missing."
                    ),
                    line=number,
                    missing=", ".join(missing),
                )
            continue
        if len(cells) <= max(columns[name] for name in _CSV_COLUMNS):
            raise RatesFileError(
                gettext_noop("The line has %(count)s values, fewer than the header names."),
                line=number,
                count=len(cells),
            )
        rate = _csv_rate(cells, columns, number, default_source)
        key = (rate.currency, rate.on)
        if key in seen:
            raise RatesFileError(
                gettext_noop("%(currency)s on %(on)s is already given on line %(first)s."),
                line=number,
                currency=rate.currency,
                on=rate.on,
                first=seen[key],
            )
        seen[key] = number
        rates.append(rate)
    if columns is None:
        raise RatesFileError(
            gettext_noop("The file is empty: it needs the header date,currency,units_per_usd.")
        )
    return rates


def _csv_rate(cells: list[str], columns: dict[str, int], line: int, default_source: str) -> Rate:
    raw_date = cells[columns["date"]]
    try:
        on = date.fromisoformat(raw_date)
    except ValueError:
        on = None
    if on is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date):
        raise RatesFileError(
            gettext_noop('The date "%(value)s" is not a date like 2022-06-30.'),
            line=line,
            value=raw_date,
        )
    currency = cells[columns["currency"]].upper()
    if not _CODE.fullmatch(currency):
        raise RatesFileError(
            gettext_noop('The currency "%(value)s" is not an ISO code like RUB.'),
            line=line,
            value=cells[columns["currency"]],
        )
    raw_units = cells[columns["units_per_usd"]]
    try:
        units = Decimal(raw_units)
    except InvalidOperation:
        units = Decimal("NaN")
    if not (units.is_finite() and units > 0):
        raise RatesFileError(
            gettext_noop('The rate "%(value)s" is not a positive number.'),
            line=line,
            value=raw_units,
        )
    if currency == "USD" and units != 1:
        raise RatesFileError(
            gettext_noop('A US dollar is 1 US dollar, not "%(value)s".'), line=line, value=raw_units
        )
    source = (
        cells[columns["source"]] if "source" in columns and len(cells) > columns["source"] else ""
    )
    return Rate(on=on, currency=currency, units_per_usd=units, source=source or default_source)


@dataclass(slots=True)
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def child_text(self, tag: str) -> str:
        for child in self.children:
            if child.tag == tag:
                return "".join(child.text).strip()
        raise RatesFileError(
            gettext_noop("<%(parent)s> has no <%(child)s>."),
            line=self.line,
            parent=self.tag,
            child=tag,
        )


def _parse_xml(data: str | bytes) -> _Element:
    """The document as a tree that remembers each element's line.

    expat is used directly for the line numbers. A rates file never needs a DOCTYPE, and only a
    DOCTYPE can declare the entities of an expansion attack, so any DOCTYPE is refused.
    """
    parser = expat.ParserCreate()
    stack: list[_Element] = []
    roots: list[_Element] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = _Element(tag, attributes, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def characters(text: str) -> None:
        if stack:
            stack[-1].text.append(text)

    def doctype(*_: object) -> None:
        raise RatesFileError(
            gettext_noop(
                "The XML declares a DOCTYPE, which a rates file never has; "
                "it is refused for safety."
            ),
            line=parser.CurrentLineNumber,
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise RatesFileError(
            gettext_noop("The file is not well-formed XML: %(reason)s."),
            line=exc.lineno,
            reason=expat.ErrorString(exc.code),
        ) from None
    return roots[0]


def _cbr_date(text: str, line: int) -> date:
    try:
        return datetime.strptime(text.replace("/", "."), "%d.%m.%Y").date()
    except ValueError:
        raise RatesFileError(
            gettext_noop('The date "%(value)s" is not a date like 30.06.2022.'),
            line=line,
            value=text,
        ) from None


def _read_cbr(data: str | bytes) -> list[_Quote]:
    root = _parse_xml(data)
    if root.tag != "ValCurs":
        raise RatesFileError(
            gettext_noop("The root element is <%(tag)s>, not the Bank of Russia's <ValCurs>."),
            line=root.line,
            tag=root.tag,
        )
    quotes = []
    for element in root.children:
        if element.tag == "Record":
            cbr_id = element.attributes.get("Id") or root.attributes.get("ID", "")
            currency = _CBR_IDS.get(cbr_id)
            if currency is None:
                raise RatesFileError(
                    gettext_noop(
                        'The Bank of Russia currency "%(id)s" is not one we know; '
                        "load the daily file (XML_daily.asp), which names currencies by code."
                    ),
                    line=element.line,
                    id=cbr_id,
                )
            on = _cbr_date(element.attributes.get("Date", ""), element.line)
        elif element.tag == "Valute":
            currency = element.child_text("CharCode").upper()
            on = _cbr_date(root.attributes.get("Date", ""), root.line)
        else:
            continue
        value = _decimal(element.child_text("Value"), "<Value>", element.line)
        nominal = _decimal(element.child_text("Nominal"), "<Nominal>", element.line)
        quotes.append(_Quote(on, currency, value / nominal, element.line))
    return quotes


def _skip_separators(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n,":
        position += 1
    return position


def _json_records(text: str) -> list[tuple[int, object]]:
    """Each record of a JSON array (or the one object) with the line it starts on."""
    text = text.lstrip("\ufeff")
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise RatesFileError(
            gettext_noop("The file is not valid JSON: %(reason)s."),
            line=exc.lineno,
            reason=exc.msg,
        ) from None
    if not isinstance(document, list):
        return [(text.count("\n", 0, _skip_separators(text, 0)) + 1, document)]
    decoder = json.JSONDecoder(parse_float=Decimal)
    records: list[tuple[int, object]] = []
    position = text.index("[") + 1
    line, counted = 1, 0
    for _ in document:
        position = _skip_separators(text, position)
        line += text.count("\n", counted, position)
        counted = position
        record, position = decoder.raw_decode(text, position)
        records.append((line, record))
    return records


def _read_nbrb(text: str) -> list[_Quote]:
    quotes = []
    for line, record in _json_records(text):
        if not isinstance(record, dict):
            raise RatesFileError(gettext_noop("A record is not a JSON object."), line=line)
        cur_id = record.get("Cur_ID")
        known = _NBRB_IDS.get(cur_id) if isinstance(cur_id, int) else None
        abbreviation = record.get("Cur_Abbreviation")
        if isinstance(abbreviation, str) and abbreviation.strip():
            currency = abbreviation.strip().upper()
        elif known is not None:
            currency = known[0]
        else:
            raise RatesFileError(
                gettext_noop(
                    "The currency Cur_ID %(id)s is not one we know, and the record has no "
                    "Cur_Abbreviation; load the Rates form, which names the currency."
                ),
                line=line,
                id=cur_id,
            )
        scale = record.get("Cur_Scale")
        if scale is None and known is not None and known[0] == currency:
            scale = known[1]
        if not isinstance(scale, int) or isinstance(scale, bool) or scale <= 0:
            raise RatesFileError(
                gettext_noop("%(currency)s has no valid Cur_Scale: %(scale)s."),
                line=line,
                currency=currency,
                scale=repr(scale),
            )
        raw_date = record.get("Date")
        try:
            on = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            raise RatesFileError(
                gettext_noop('The date "%(value)s" is not a date like 2022-06-30T00:00:00.'),
                line=line,
                value=raw_date,
            ) from None
        rate = record.get("Cur_OfficialRate")
        if not isinstance(rate, (int, Decimal)) or isinstance(rate, bool):
            raise RatesFileError(
                gettext_noop("%(currency)s on %(on)s has no Cur_OfficialRate."),
                line=line,
                currency=currency,
                on=on,
            )
        home_per_unit = _decimal(str(rate), "Cur_OfficialRate", line) / scale
        if currency == "USD":
            _check_denomination(home_per_unit, on, line)
        quotes.append(_Quote(on, currency, home_per_unit, line))
    return quotes


def _check_denomination(byr_or_byn: Decimal, on: date, line: int) -> None:
    """Refuse a USD rate in the wrong roubles: a mistake there is off by 10 000 times."""
    home = belarusian_rouble(on)
    # Since 2000 a dollar has cost over 1 000 old roubles and under 100 new ones.
    if (home == "BYR" and byr_or_byn < 100) or (home == "BYN" and byr_or_byn > 100):
        raise RatesFileError(
            gettext_noop(
                "%(rate)s per USD on %(on)s does not look like a rate in %(home)s; dates before "
                "1 July 2016 are quoted in old roubles (BYR), later ones in BYN."
            ),
            line=line,
            rate=byr_or_byn,
            on=on,
            home=home,
        )


def _cross(quotes: list[_Quote], *, bank: str, home: _Home, reference: RateTable) -> list[Rate]:
    """Units per USD for every quote, crossing non-USD quotes through the home currency."""
    usd_quotes = {quote.on: quote for quote in quotes if quote.currency == "USD"}
    rates = []
    for quote in quotes:
        home_code = home(quote.on)
        if quote.currency == "USD":
            rates.append(Rate(quote.on, home_code, quote.home_per_unit, f"{bank}, official rate"))
            continue
        same_day = usd_quotes.get(quote.on)
        if same_day is not None:
            home_per_usd = same_day.home_per_unit
            source = f"{bank}, official rates, {quote.currency} crossed via USD"
        else:
            through = reference.rate_on(home_code, quote.on)
            if through is None:
                raise RatesFileError(
                    gettext_noop(
                        "%(currency)s on %(on)s is quoted in %(home)s, and there is no "
                        "%(home)s rate to the US dollar to cross it with; "
                        "load the USD rates first."
                    ),
                    line=quote.line,
                    currency=quote.currency,
                    on=quote.on,
                    home=home_code,
                )
            home_per_usd = through.units_per_usd
            source = (
                f"{bank}, official {quote.currency} rate crossed with {home_code} per USD of "
                f"{through.on} ({through.source[:80]})"
            )
        try:
            units = (home_per_usd / quote.home_per_unit).quantize(_CROSS_PLACES)
            rates.append(Rate(quote.on, quote.currency, units, source))
        except MoneyError as exc:
            raise RatesFileError(exc.template, line=quote.line, **exc.values) from None
    return rates
