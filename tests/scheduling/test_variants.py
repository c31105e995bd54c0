"""A few fast published variants of the B2B benchmark against their published results.

The files live beside the repository (../shared/benchmarks/b2b-jair2022/variants); without
them the test is skipped. benchmarks/schedule_variants.py runs all of them.
"""

import io
import json
from pathlib import Path

import pytest

from regionforum.scheduling.cli import format_output, run
from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.jsonio import schedule_to_json
from regionforum.scheduling.problem import Status
from regionforum.scheduling.scheduler import schedule

VARIANTS = Path(__file__).resolve().parents[2].parent / "shared/benchmarks/b2b-jair2022/variants"
FAST = [
    "tic-12.fixed020-Forb",
    "tic-12.prec15",
    "forumt-14.prec15",
    "forumt-14crafc.fixed020-Forb",
    "tic-12.fixed040-Forb",
    "forumt-14.forb0007",
    "forum-13.prec25",
]


@pytest.mark.skipif(not VARIANTS.is_dir(), reason="the published variants are not here")
@pytest.mark.parametrize("name", FAST)
def test_published_variant_matches_and_passes_check(name: str, tmp_path: Path) -> None:
    expected = json.loads((VARIANTS / "expected.json").read_text(encoding="utf-8"))[name]
    problem_path = VARIANTS / f"{name}.dzn"
    result = schedule(parse_dzn(problem_path.read_text(encoding="utf-8")), time_limit=30)
    if expected == "infeasible":
        assert result.status is Status.INFEASIBLE
        assert result.reason
        return
    assert (result.status, result.breaks, result.bound) == (Status.OPTIMAL, expected, expected)
    out = tmp_path / "schedule.json"
    out.write_text(format_output(schedule_to_json(result)), encoding="utf-8")
    stdout = io.StringIO()
    assert run(["--check", str(out), str(problem_path)], stdout=stdout) == 0
    assert (
        stdout.getvalue()
        == f"breaks: {expected}\nvalid: the schedule meets every rule of the problem\n"
    )
