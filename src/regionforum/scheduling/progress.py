"""What the scheduler reports while it runs: a sentence for people and the figures behind it.

The sentence is for the CLI's stderr and may be reworded at any time; a program that follows a
run (the forums app records it on a ScheduleRun) reads the figures, never the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Progress:
    """One report: `message` in words; each figure None when this report does not carry it.

    `placed` is the number of meetings in the schedule at hand, `best_breaks` the breaks of the
    schedule just found, `bound` the proven lower bound on breaks."""

    message: str
    placed: int | None = None
    best_breaks: int | None = None
    bound: int | None = None


type ProgressCallback = Callable[[Progress], None]


class Say(Protocol):
    """How the solver's stages report: the sentence, with any figures as keywords."""

    def __call__(
        self,
        message: str,
        /,
        *,
        placed: int | None = None,
        best_breaks: int | None = None,
        bound: int | None = None,
    ) -> None: ...
