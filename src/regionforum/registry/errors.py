"""The one family of errors that the import and review services raise."""

from __future__ import annotations

from dataclasses import dataclass


class RegistryError(Exception):
    """A write to the registry was refused; `message` is for the person who asked for it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportFailed(RegistryError):
    """A whole file cannot be imported: unreadable, empty, or not an agreement sheet."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(message)
        self.file = file


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell, located the way the sender sees the sheet."""

    file: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


class FieldsRejected(RegistryError):
    """Fields typed on a page failed the import's checks; `errors` names each field and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(f"{error.column}: {error.message}" for error in errors))
        self.errors = errors
