"""Small hand-made problems for the scheduling tests."""

from __future__ import annotations

from regionforum.scheduling.problem import Meeting, Participant, Problem, Session


def make_problem(
    pairs: list[tuple[int, int]],
    *,
    slots: int,
    tables: int = 10,
    morning_slots: int | None = None,
    forbidden: dict[int, set[int]] | None = None,
    sessions: dict[int, Session] | None = None,
    fixed: dict[int, int] | None = None,
    after: dict[int, tuple[int, ...]] | None = None,
    optional: dict[int, int] | None = None,
) -> Problem:
    """Meetings numbered 1.. in the order of pairs; optional maps meeting id to priority."""
    forbidden = forbidden or {}
    sessions = sessions or {}
    fixed = fixed or {}
    after = after or {}
    optional = optional or {}
    people = sorted({p for pair in pairs for p in pair} | set(forbidden))
    return Problem(
        slots=slots,
        morning_slots=slots if morning_slots is None else morning_slots,
        tables=tables,
        participants=tuple(
            Participant(id=p, forbidden=frozenset(forbidden.get(p, set()))) for p in people
        ),
        meetings=tuple(
            Meeting(
                id=i,
                participants=pair,
                session=sessions.get(i, Session.ANY),
                required=i not in optional,
                priority=optional.get(i, 1),
                fixed_slot=fixed.get(i),
                after=after.get(i, ()),
            )
            for i, pair in enumerate(pairs, start=1)
        ),
    )
