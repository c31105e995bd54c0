"""The per-participant lower bound on breaks, from a tiny model of one participant alone."""

from __future__ import annotations

from regionforum.scheduling import solver
from tests.scheduling.helpers import make_problem


def test_participant_bound_is_proven_for_an_agenda_split_by_fixed_meetings() -> None:
    # Participant 1 meets 2..14 over 22 slots: four meetings fixed at 8, 12, 14 and 22, and
    # nine free ones, two of which also avoid some slots. Thirteen meetings cannot span 8..22
    # unbroken, and 8..19 plus 22 gives one break: the bound is 1. CP-SAT's presolve stalled
    # on this model until the time limit and answered 0.
    partners = list(range(2, 15))
    problem = make_problem(
        [(1, p) for p in partners],
        slots=22,
        morning_slots=12,
        fixed={1: 22, 2: 8, 5: 12, 6: 14},
        forbidden={7: {17, 18, 19}, 9: {6, 7, 8}},
    )
    index = solver._Index(problem)
    assert solver.participant_lower_bound(index, 1, limit=1.0) == 1
