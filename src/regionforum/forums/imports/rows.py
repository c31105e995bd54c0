"""The imports' second stage: the values of a programme sheet's cells, typed.

Nothing here touches the database. Each parser returns the value, or raises `CellError` with a
message a forum's coordinator understands; the caller turns it into a RowError that names the
file, the row, the column as headed and the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from regionforum.registry.imports.rows import parse_date

MAX_NAME = 300
MAX_REF = 100


class CellError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_ITEMS = re.compile(r"[;,\n]+")


def parse_list(text: str) -> list[str]:
    """Items separated by semicolons, commas or line breaks, without repeats."""
    return list(
        dict.fromkeys(" ".join(item.split()) for item in _ITEMS.split(text) if item.strip())
    )


_TABLE_NUMBER = re.compile(r"(?:№|#|no\.?)?\s*(\d{1,4})(?:[.,]0+)?", re.IGNORECASE)


def parse_table_number(text: str) -> int | None:
    """A table's number as a sheet writes it ("2", "№ 2", "2.0" from a spreadsheet), or None."""
    match = _TABLE_NUMBER.fullmatch(text.strip())
    return int(match.group(1)) if match else None


_LANGUAGES = {
    "ru": "ru", "rus": "ru", "рус": "ru", "русский": "ru", "russian": "ru", "руская": "ru",
    "be": "be", "bel": "be", "бел": "be", "белорусский": "be", "беларуская": "be",
    "belarusian": "be", "byelorussian": "be",
    "en": "en", "eng": "en", "англ": "en", "английский": "en", "english": "en",
    "de": "de", "ger": "de", "нем": "de", "немецкий": "de", "german": "de", "deutsch": "de",
    "fr": "fr", "фр": "fr", "французский": "fr", "french": "fr",
    "zh": "zh", "кит": "zh", "китайский": "zh", "chinese": "zh",
    "es": "es", "исп": "es", "испанский": "es", "spanish": "es",
    "uk": "uk", "укр": "uk", "украинский": "uk", "ukrainian": "uk",
    "kk": "kk", "казахский": "kk", "kazakh": "kk",
}  # fmt: skip
_LANGUAGE_SPLIT = re.compile(r"[;,/\s]+")


def parse_languages(text: str) -> list[str]:
    """Languages as ISO 639-1 codes from codes or names: "ru, en", "русский; English"."""
    codes = []
    for word in _LANGUAGE_SPLIT.split(text.strip().lower().replace("ё", "е")):
        word = word.strip(".")
        if not word:
            continue
        code = _LANGUAGES.get(word)
        if code is None:
            raise CellError(
                _(
                    '"%(value)s" is not a language we know. Write codes (ru, be, en) or names '
                    "(русский, English)."
                )
                % {"value": word}
            )
        codes.append(code)
    return list(dict.fromkeys(codes))


_TIMES = r"\d{1,2}[:.]\d{2}\s*(?:-|–|—|до)\s*\d{1,2}[:.]\d{2}"
_PERIOD = re.compile(rf"^(?P<date>.*?)\s*(?P<times>{_TIMES})?$")
_RANGE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(?:-|–|—|до)\s*(\d{1,2})[:.](\d{2})$")


def parse_unavailable(
    text: str, *, days: tuple[date, date] | None, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """Periods such as "30.06.2021", "2021-06-30 10:00-12:00" or "10:00–12:00" (on the forum's
    one day), separated by semicolons or line breaks, in the forum's local time."""
    periods = []
    for item in re.split(r"[;\n]+", text):
        item = " ".join(item.split())
        if item:
            periods.append(_period(item, days=days, zone=zone))
    return sorted(periods)


def _period(
    item: str, *, days: tuple[date, date] | None, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    match = _PERIOD.match(item)
    assert match is not None  # every text matches: the date part may take all of it
    date_text, times = match.group("date").strip(" ,"), match.group("times") or ""
    if date_text:
        parsed = parse_date(date_text)
        if isinstance(parsed, str):
            raise CellError(
                _(
                    '"%(value)s" is not a date and time range. Write "30.06.2021 10:00-12:00", '
                    "or the date alone for a whole day."
                )
                % {"value": item}
            )
        on = parsed
    elif days is not None and days[0] == days[1]:
        on = days[0]
    else:
        raise CellError(
            _(
                '"%(value)s" needs its date: write "30.06.2021 10:00-12:00", or the date alone '
                "for a whole day."
            )
            % {"value": item}
        )
    if days is not None and not days[0] <= on <= days[1]:
        raise CellError(
            _("%(day)s is not a day of the forum (%(first)s to %(last)s).")
            % {"day": on.isoformat(), "first": days[0].isoformat(), "last": days[1].isoformat()}
        )
    if not times:
        start = datetime.combine(on, time(0), tzinfo=zone)
        return start, datetime.combine(on + timedelta(days=1), time(0), tzinfo=zone)
    hour_from, minute_from, hour_to, minute_to = (
        int(part)
        for part in _RANGE.match(times).groups()  # type: ignore[union-attr]
    )
    try:
        start_time, end_time = time(hour_from, minute_from), time(hour_to, minute_to)
    except ValueError:
        raise CellError(_('"%(value)s" is not a time of day.') % {"value": times}) from None
    if end_time <= start_time:
        raise CellError(_('"%(value)s" ends before it starts.') % {"value": times})
    return (
        datetime.combine(on, start_time, tzinfo=zone),
        datetime.combine(on, end_time, tzinfo=zone),
    )


@dataclass(frozen=True, slots=True)
class Choice:
    """A closed set of values, each with the spellings a sheet may use."""

    spellings: dict[str, str]
    message: str

    def parse(self, text: str, *, default: str) -> str:
        key = " ".join(text.lower().replace("ё", "е").strip(" .").split())
        if not key:
            return default
        value = self.spellings.get(key)
        if value is None:
            raise CellError(self.message % {"value": text})
        return value
