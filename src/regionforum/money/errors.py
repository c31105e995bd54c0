"""The errors of the money package: each carries a message a person can act on.

The caller knows the file, row and column, and adds them; the message says what is wrong with
the value itself.
"""

from __future__ import annotations


class MoneyError(ValueError):
    """A value that cannot be read as money, a currency or a rate."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AmountError(MoneyError):
    """The amount is not a single non-negative number."""


class CurrencyError(MoneyError):
    """The currency is unknown, ambiguous or contradicts another one."""


class RatesFileError(MoneyError):
    """A rates file cannot be read; `line` is the line at fault where it is known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line
