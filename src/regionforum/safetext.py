"""The one check of text at the edges: the API, the forms and the import all refuse text that
is too long or holds characters no field may hold, with the same limits and messages.

Refused are NUL and the other control characters (tab, line feed and carriage return are text),
and lone surrogates, which no encoding can store: PostgreSQL refuses both with an error, and
SQLite stores them, to break whatever reads them later.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# A value longer than this is a pasted document or a broken export, not a field's value.
TEXT_LIMIT = 5000
# Fields stored in shorter columns (SourceRecord.ref, Agreement.sector, Organisation.name).
FIELD_LIMITS = {"ref": 200, "sector": 200, "party": 500, "organisation": 500, "region": 200}
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def text_limit(field: str) -> int:
    """The longest text `field` may hold; numbered fields (party_3) share their base's limit."""
    return FIELD_LIMITS.get(field.split("_")[0], TEXT_LIMIT)


def text_problem(value: str, *, limit: int) -> str | None:
    """Why `value` is refused, for the person who sent it, or None when it is fine."""
    if len(value) > limit:
        return _("The text holds %(length)s characters; at most %(limit)s are allowed.") % {
            "length": f"{len(value):,}",
            "limit": f"{limit:,}",
        }
    for position, char in enumerate(value, start=1):
        category = unicodedata.category(char)
        if category == "Cs":
            return _(
                "The text holds a broken character (a lone surrogate, U+%(code)04X) at "
                "position %(position)s; it cannot be stored."
            ) % {"code": ord(char), "position": position}
        if category == "Cc" and char not in _ALLOWED_CONTROLS:
            return _(
                "The text holds a control character (U+%(code)04X) at position %(position)s; "
                "remove it."
            ) % {"code": ord(char), "position": position}
    return None


def text_shown(value: str, *, length: int | None = 60) -> str:
    """The start of a refused value (`length` characters, or all), safe to show and to store:
    the characters that are refused are spelt out as escapes (\\u0000)."""
    start = "".join(
        f"\\u{ord(char):04x}"
        if unicodedata.category(char) in {"Cs", "Cc"} and char not in _ALLOWED_CONTROLS
        else char
        for char in (value if length is None else value[:length])
    )
    return start + "…" if length is not None and len(value) > length else start


def text_checked(value: Any, *, field: str) -> Any:
    """`value` if it passes, for a pydantic validator; a ValueError naming the problem if not."""
    if isinstance(value, str) and (problem := text_problem(value, limit=text_limit(field))):
        raise ValueError(problem)
    return value


@deconstructible
class TextValidator:
    """The same check as a Django validator, for form fields."""

    def __init__(self, limit: int = TEXT_LIMIT) -> None:
        self.limit = limit

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and (problem := text_problem(value, limit=self.limit)):
            raise ValidationError(problem, code="text")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and other.limit == self.limit

    def __hash__(self) -> int:
        return hash(self.limit)


class TextCheckedForm:
    """A form mixin: every text field gets the check, within its own max_length if it has one.

    Django's own refusal of NUL goes, so that a form says what the import and the API say.
    """

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django import forms
        from django.core.validators import ProhibitNullCharactersValidator

        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    validator
                    for validator in field.validators
                    if not isinstance(validator, ProhibitNullCharactersValidator)
                ]
                field.validators.append(TextValidator(field.max_length or TEXT_LIMIT))
