"""The errors of the money package: each carries a message a person can act on.

The caller knows the file, row and column, and adds them; the message says what is wrong with
the value itself. The package does not import Django, so a message is an English template
marked for the catalogues with `gettext_noop`, and its values; `translated` puts it into the
user's language with the caller's gettext.
"""

from __future__ import annotations

from collections.abc import Callable


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages without translating it."""
    return message


class MoneyError(ValueError):
    """A value that cannot be read as money, a currency or a rate."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        self.message = template % values if values else template
        super().__init__(self.message)

    def translated(self, gettext: Callable[[str], str]) -> str:
        text = gettext(self.template)
        return text % self.values if self.values else text


class AmountError(MoneyError):
    """The amount is not a single non-negative number."""


class CurrencyError(MoneyError):
    """The currency is unknown, ambiguous or contradicts another one."""


class RatesFileError(MoneyError):
    """A rates file cannot be read; `line` is the line at fault where it is known."""

    def __init__(self, template: str, *, line: int | None = None, **values: object) -> None:
        super().__init__(template, **values)
        self.line = line
        if line is not None:
            self.message = f"line {line}: {self.message}"
            self.args = (self.message,)

    def translated(self, gettext: Callable[[str], str]) -> str:
        text = super().translated(gettext)
        if self.line is None:
            return text
        return gettext(gettext_noop("line %(line)s: %(message)s")) % {
            "line": self.line,
            "message": text,
        }
