"""Belarusian formats, which Django does not ship: CLDR's conventions for `be` (day first,
a comma for decimals, a non-breaking space between thousands), through Django's own format
modules. Month names come from Django's Belarusian catalogue."""

DATE_FORMAT = "j E Y г."
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j E Y г. G:i"
YEAR_MONTH_FORMAT = "F Y г."
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
