"""The one family of errors that the business programme's services raise."""

from __future__ import annotations


class ProgrammeError(Exception):
    """A change to a forum's programme was refused; `message` is for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ScheduleRunSuperseded(ProgrammeError):
    """A run older than the forum's published schedule would bring an older schedule back."""

    def __init__(self, message: str, *, run: int, newer_run: int) -> None:
        super().__init__(message)
        self.run = run
        self.newer_run = newer_run


class ProgrammeImportFailed(ProgrammeError):
    """A whole file cannot be imported: unreadable, empty, or without the columns it needs."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(message)
        self.file = file
