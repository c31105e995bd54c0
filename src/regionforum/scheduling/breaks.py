"""Counting breaks, shared by the solver, the heuristic and the validator."""

from __future__ import annotations

import itertools
from collections.abc import Iterable


def count_breaks(busy_slots: Iterable[int]) -> int:
    """Maximal runs of idle slots between a participant's first and last meeting."""
    slots = sorted(set(busy_slots))
    return sum(1 for before, after in itertools.pairwise(slots) if after - before > 1)
