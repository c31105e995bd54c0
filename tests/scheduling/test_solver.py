"""The hand-over from CP-SAT to a second MaxSAT solver when the climb is slow."""

from __future__ import annotations

import pytest

from regionforum.scheduling import maxsat, solver
from regionforum.scheduling.problem import Status
from regionforum.scheduling.progress import Progress

from .helpers import make_problem

pytestmark = pytest.mark.skipif(not maxsat.available(), reason="MaxSAT solver not loadable")


def silent_race(started: list[maxsat.Race], *silenced: str) -> type[maxsat.Race]:
    """A Race whose child never answers for the given backends; started collects them all."""

    class Silent(maxsat.Race):
        def _run(self) -> None:
            started.append(self)
            if self._task[-1] not in silenced:
                super()._run()

    return Silent


def solve(problem_pairs: list[tuple[int, int]], **kwargs: object) -> tuple[object, list[str]]:
    reports: list[Progress] = []
    problem = make_problem(problem_pairs, slots=3, forbidden={1: {2}})
    result = solver.solve_slots(
        problem, fairness=2, time_limit=20, workers=2, progress=reports.append, **kwargs
    )
    return result, [report.message for report in reports]


def test_a_slow_climb_hands_the_core_to_the_second_maxsat_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(solver, "_HANDOVER_AFTER", 0.0)
    monkeypatch.setattr(solver, "_HANDOVER_AT_BOUND", 0.0)
    started: list[maxsat.Race] = []
    monkeypatch.setattr(maxsat, "Race", silent_race(started, "uwrmaxsat", maxsat.CLIMB))
    result, messages = solve([(1, 2), (1, 3)])
    assert result.status is Status.OPTIMAL
    assert sorted(result.slots.values()) == [1, 3]
    assert any("hands its core" in message for message in messages)
    # CP-SAT waited for the second build, which answered.
    second = [race for race in started if race._task[-1] == "uwrmaxsat-1.4"]
    assert len(second) == 1
    assert second[0].answer is not None
    assert second[0].answer.status is Status.OPTIMAL


def test_cp_sat_resumes_when_no_maxsat_build_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solver, "_HANDOVER_AFTER", 0.0)
    monkeypatch.setattr(solver, "_HANDOVER_AT_BOUND", 0.0)
    monkeypatch.setattr(solver, "_HANDOVER_UNTIL", 0.05)
    started: list[maxsat.Race] = []
    monkeypatch.setattr(
        maxsat, "Race", silent_race(started, "uwrmaxsat", "uwrmaxsat-1.4", maxsat.CLIMB)
    )
    stopped_on_resume: list[list[bool]] = []

    def progress(report: Progress) -> None:
        if "CP-SAT resumes" in report.message:
            stopped_on_resume.append([race._stopped for race in started])

    problem = make_problem([(1, 2), (1, 3)], slots=3, forbidden={1: {2}})
    result = solver.solve_slots(problem, fairness=2, time_limit=20, workers=2, progress=progress)
    # Both builds and the SAT climb go on beside CP-SAT once it resumes; the search's end
    # stops them.
    assert stopped_on_resume == [[False, False, False]]
    assert all(race._stopped for race in started)
    assert len(started) == 3
    assert result.status is Status.OPTIMAL
    assert sorted(result.slots.values()) == [1, 3]
