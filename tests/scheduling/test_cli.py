import io
import json
from pathlib import Path

import pytest

from regionforum.scheduling.cli import run

DZN = """nBusiness = 3;
nMeetings = 2;
nTables = 1;
nTotalSlots = 3;
nMorningSlots = 3;
requested = [|1, 2, 3, |1, 3, 3, |];
forbidden = [{0},{0},{0}];
fixed = [0,0];
precedences = [{},{}];
"""


def _run(argv: list[str]) -> tuple[int, str]:
    stderr = io.StringIO()
    code = run(argv, stdout=io.StringIO(), stderr=stderr)
    return code, stderr.getvalue()


def test_run_dzn_writes_contract_output(tmp_path: Path) -> None:
    problem = tmp_path / "tiny.dzn"
    problem.write_text(DZN)
    out = tmp_path / "out.json"
    code, _ = _run([str(problem), "--out", str(out), "--time-limit", "10"])
    document = json.loads(out.read_text())
    assert code == 0
    assert document["status"] == "optimal"
    assert (document["breaks"], document["bound"], document["scheduled"]) == (0, 0, 2)
    assert document["unscheduled"] == []
    assert [m["id"] for m in document["meetings"]] == [1, 2]
    assert [m["participants"] for m in document["meetings"]] == [[1, 2], [1, 3]]
    assert abs(document["meetings"][0]["slot"] - document["meetings"][1]["slot"]) == 1
    assert {m["table"] for m in document["meetings"]} == {1}
    assert document["fairness"] == 2


def test_run_infeasible_exits_1_with_reason(tmp_path: Path) -> None:
    problem = tmp_path / "tight.dzn"
    problem.write_text(DZN.replace("forbidden = [{0},{0},{0}];", "forbidden = [{1,2},{0},{0}];"))
    out = tmp_path / "out.json"
    code, stderr = _run([str(problem), "--out", str(out), "--quiet"])
    document = json.loads(out.read_text())
    assert code == 1
    assert document["status"] == "infeasible"
    assert document["reason"] == "participant 1 has 2 required meetings but only 1 free slots"
    assert "participant 1 has 2 required meetings but only 1 free slots" in stderr


def test_run_missing_file_exits_2(tmp_path: Path) -> None:
    code, stderr = _run([str(tmp_path / "nope.json"), "--out", str(tmp_path / "o.json")])
    assert code == 2
    assert "cannot read" in stderr


def test_run_malformed_dzn_exits_2_with_line(tmp_path: Path) -> None:
    problem = tmp_path / "bad.dzn"
    problem.write_text(DZN.replace("nTables = 1;", "nTables = ;"))
    code, stderr = _run([str(problem), "--out", str(tmp_path / "o.json")])
    assert code == 2
    assert "line 3, field nTables: expected a value, found ';'" in stderr


def test_run_bad_arguments_exit_2(tmp_path: Path) -> None:
    code, stderr = _run([str(tmp_path / "p.json")])
    assert code == 2
    assert "the following arguments are required: --out" in stderr
    code, _ = _run([str(tmp_path / "p.json"), "--out", "o.json", "--fairness", "-1"])
    assert code == 2


def test_entry_point_runs_schedule_without_django(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import django

    from regionforum.__main__ import main

    def no_setup() -> None:
        raise AssertionError("schedule must not set Django up")

    monkeypatch.setattr(django, "setup", no_setup)
    problem = tmp_path / "tiny.dzn"
    problem.write_text(DZN)
    out = tmp_path / "out.json"
    assert main(["schedule", str(problem), "--out", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["status"] == "optimal"
    assert main(["schedule", "--check", str(out), str(problem)]) == 0
    assert main(["schedule", str(tmp_path / "nope.dzn"), "--out", str(out)]) == 2
