"""The neighbourhood re-solve of solver._improve keeps the slots it fixes, whatever their order."""

from __future__ import annotations

from regionforum.scheduling import solver
from regionforum.scheduling.problem import Status

from .helpers import make_problem


def test_solve_model_fixed_accepts_any_order_of_interchangeable_partners() -> None:
    # Partners 2, 3 and 4 meet only participant 1: symmetry breaking would order their
    # meetings 1 < 2 < 3 by slot, which the fixed slots below reverse.
    problem = make_problem([(1, 2), (1, 3), (1, 4), (5, 6)], slots=4, tables=2)
    index = solver._Index(problem)
    fixed = {1: 3, 2: 2, 3: 1}
    result = solver._solve_model(
        index, fairness=2, time_limit=5.0, workers=1, hint=fixed, fixed=fixed
    )
    assert result.status is Status.OPTIMAL
    assert {m: result.slots[m] for m in fixed} == fixed
    assert result.slots[4] in {1, 2, 3, 4}
