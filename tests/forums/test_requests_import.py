import json

import pytest

from regionforum.forums.imports.requests import requests_import_run
from regionforum.forums.models import Meeting, MeetingRequest, RequestStatus
from tests.cli import run
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory
from tests.registry.sheets import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    forum = ForumFactory(number=8)
    for ref in ("A", "B", "C"):
        ParticipantFactory(forum=forum, ref=ref)
    return forum


def test_requests_import_russian_headers_and_statuses(tmp_path, forum):
    path = write_csv(
        tmp_path / "r.csv",
        ["От кого", "Кому", "Приоритет", "Статус"],
        [
            ["A", "B", "обязательно", "принята"],
            ["A", "C", "would", "отклонена"],
            ["C", "B", "", ""],
        ],
    )
    report = requests_import_run(path=path, forum=forum)

    assert (report.rows, report.created, report.rejected, report.written) == (3, 3, 0, True)
    got = {
        (r.requester.ref, r.invitee.ref): (r.priority, r.status)
        for r in MeetingRequest.objects.select_related("requester", "invitee")
    }
    assert got == {
        ("A", "B"): ("must", RequestStatus.ACCEPTED),
        ("A", "C"): ("would", RequestStatus.DECLINED),
        ("C", "B"): ("would", RequestStatus.REQUESTED),
    }
    assert Meeting.objects.get().request.requester.ref == "A"


def test_requests_import_twice_changes_nothing_then_accepts(tmp_path, forum):
    header = ["from", "to", "priority", "status"]
    first = write_xlsx(tmp_path / "r.xlsx", header, [["A", "B", "must", "requested"]])
    requests_import_run(path=first, forum=forum)
    again = requests_import_run(path=first, forum=forum)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    later = write_csv(tmp_path / "r2.csv", header, [["A", "B", "must", "accepted"]])
    report = requests_import_run(path=later, forum=forum)
    assert (report.updated, report.written) == (1, True)
    assert Meeting.objects.count() == 1


def test_requests_import_is_all_or_nothing_with_errors_naming_row_and_column(tmp_path, forum):
    path = write_csv(
        tmp_path / "r.csv",
        ["from", "to", "priority"],
        [["A", "B", "must"], ["A", "Z", "must"], ["C", "C", "urgent"]],
    )
    report = requests_import_run(path=path, forum=forum)

    assert (report.rejected, report.written) == (2, False)
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (3, "to", "Z"),
        (4, "priority", "urgent"),
    ]
    assert MeetingRequest.objects.count() == 0


def test_requests_import_refuses_a_pair_twice_in_the_file(tmp_path, forum):
    path = write_csv(tmp_path / "r.csv", ["from", "to"], [["A", "B"], ["B", "A"]])
    report = requests_import_run(path=path, forum=forum)
    assert [(e.row, e.column) for e in report.errors] == [(3, "to")]
    assert "also on row 2" in report.errors[0].message


def test_requests_import_rolls_back_when_a_rule_refuses_a_row(tmp_path, forum):
    header = ["from", "to", "status"]
    requests_import_run(
        path=write_csv(tmp_path / "a.csv", header, [["A", "B", "declined"]]), forum=forum
    )
    path = write_csv(tmp_path / "b.csv", header, [["A", "C", "accepted"], ["A", "B", "requested"]])
    report = requests_import_run(path=path, forum=forum)
    assert (report.rejected, report.written, report.errors[0].row) == (1, False, 3)
    assert MeetingRequest.objects.count() == 1


# Each command closes the database connections as it ends, as a process would: the test
# cannot run inside one transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_requests_import_command_exit_codes_and_json(tmp_path, capsys, forum):
    good = write_csv(tmp_path / "good.csv", ["from", "to"], [["A", "B"]])
    code, out, _err = run(capsys, "requests", "import", str(good), "--forum", "8", "--json")
    assert code in (0, None)
    assert json.loads(out)["created"] == 1

    bad = write_csv(tmp_path / "bad.csv", ["from", "to"], [["A", "Q"]])
    code, out, _err = run(capsys, "requests", "import", str(bad), "--forum", "8", "--json")
    assert code == 1
    assert json.loads(out)["errors"][0]["value"] == "Q"

    missing = write_csv(tmp_path / "none.csv", ["who", "whom"], [["A", "B"]])
    code, _out, err = run(capsys, "requests", "import", str(missing), "--forum", "8")
    assert code == 2
    assert "Required columns are missing" in err
