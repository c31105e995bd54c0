import json
from datetime import UTC, datetime

import pytest

from regionforum.forums.errors import ProgrammeImportFailed
from regionforum.forums.imports import participants_import_run
from regionforum.forums.models import Participant
from regionforum.gazetteer.models import Region
from regionforum.gazetteer.services import gazetteer_load
from regionforum.names import organisation_key
from regionforum.registry.models import Organisation
from tests.cli import run
from tests.factories import ForumFactory, OrganisationFactory
from tests.registry.sheets import write_csv, write_ods, write_xlsx

pytestmark = pytest.mark.django_db

EN = ["ref", "name", "organisation", "region", "sectors", "offers", "seeks", "languages",
      "unavailable"]  # fmt: skip
RU = ["Номер", "ФИО", "Организация", "Регион", "Отрасли", "Предлагает", "Ищет", "Языки",
      "Недоступен"]  # fmt: skip


def row(ref="A1", **fields):
    values = {
        "name": "Иван Петров",
        "organisation": "ОАО «Гомсельмаш»",
        "region": "BY-HO",
        "sectors": "машиностроение; агротехника",
        "offers": "зерноуборочные комбайны",
        "seeks": "дилеры в Сибири",
        "languages": "русский, English",
        "unavailable": "29.06.2021 10:00-11:00; 30.06.2021",
        **fields,
    }
    return [ref, *(values[name] for name in EN[1:])]


@pytest.fixture
def forum():
    return ForumFactory(number=8)


def test_participants_import_russian_headers_typed_fields(tmp_path, forum):
    path = write_csv(tmp_path / "p.csv", RU, [row()])
    report = participants_import_run(path=path, forum=forum)

    assert (report.rows, report.created, report.rejected, report.written) == (1, 1, 0, True)
    participant = Participant.objects.get()
    assert (participant.ref, participant.name, participant.region.code) == (
        "A1",
        "Иван Петров",
        "BY-HO",
    )
    assert participant.organisation.name == "ОАО «Гомсельмаш»"
    assert participant.sectors == ["машиностроение", "агротехника"]
    assert participant.languages == ["ru", "en"]
    assert [(u.starts_at, u.ends_at) for u in participant.unavailable.all()] == [
        (datetime(2021, 6, 29, 7, tzinfo=UTC), datetime(2021, 6, 29, 8, tzinfo=UTC)),
        (datetime(2021, 6, 29, 21, tzinfo=UTC), datetime(2021, 6, 30, 21, tzinfo=UTC)),
    ]


def test_participants_import_finds_the_registry_organisation(tmp_path, forum):
    gazetteer_load()
    known = OrganisationFactory(
        name="Gomselmash",
        key=organisation_key("Gomselmash"),
        region=Region.objects.get(code="BY-HO"),
    )
    path = write_csv(tmp_path / "p.csv", EN, [row(organisation="Gomselmash")])
    participants_import_run(path=path, forum=forum)
    assert Participant.objects.get().organisation == known
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("writer", [write_xlsx, write_ods])
def test_participants_import_reads_workbooks(tmp_path, forum, writer):
    path = writer(
        tmp_path / f"p.{writer.__name__[6:]}", EN, [row("A1"), row("A2", region="RU-SMO")]
    )
    report = participants_import_run(path=path, forum=forum)
    assert (report.created, report.rejected) == (2, 0)
    assert sorted(Participant.objects.values_list("ref", "region__code")) == [
        ("A1", "BY-HO"),
        ("A2", "RU-SMO"),
    ]


def test_participants_import_twice_changes_nothing_then_updates(tmp_path, forum):
    path = write_csv(tmp_path / "p.csv", EN, [row("A1"), row("A2")])
    participants_import_run(path=path, forum=forum)
    again = participants_import_run(path=path, forum=forum)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    path = write_csv(tmp_path / "p.csv", EN, [row("A1", offers="сеялки"), row("A2")])
    changed = participants_import_run(path=path, forum=forum)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Participant.objects.get(ref="A1").offers == "сеялки"


def test_participants_import_rejected_row_imports_nothing(tmp_path, forum):
    path = write_csv(tmp_path / "p.csv", EN, [row("A1"), row("A2", region="Atlantis")])
    report = participants_import_run(path=path, forum=forum)
    assert (report.rows, report.created, report.rejected, report.written) == (2, 0, 1, False)
    assert [e.as_dict() for e in report.errors] == [
        {
            "file": "p.csv",
            "row": 3,
            "column": "region",
            "value": "Atlantis",
            "message": '"Atlantis" is not a region we know. Write the region\'s name (in Russian, '
            "Belarusian or English) or its ISO 3166-2 code, such as BY-HO.",
        }
    ]
    assert Participant.objects.count() == 0


def test_participants_import_partial_keeps_the_valid_rows(tmp_path, forum):
    path = write_csv(tmp_path / "p.csv", EN, [row("A1"), row("A2", languages="klingon")])
    report = participants_import_run(path=path, forum=forum, partial=True)
    assert (report.created, report.rejected, report.written) == (1, 1, True)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "languages", "klingon")]
    assert list(Participant.objects.values_list("ref", flat=True)) == ["A1"]


@pytest.mark.parametrize(
    ("fields", "column", "message"),
    [
        ({"name": ""}, "ФИО", "The cell is empty; this column is required."),
        (
            {"unavailable": "02.07.2021"},
            "Недоступен",
            "2021-07-02 is not a day of the forum (2021-06-29 to 2021-06-30).",
        ),
        (
            {"unavailable": "10:00-11:00"},
            "Недоступен",
            '"10:00-11:00" needs its date: write "30.06.2021 10:00-12:00", or the date alone '
            "for a whole day.",
        ),
        ({"unavailable": "29.06.2021 12:00-11:00"}, "Недоступен",
         '"12:00-11:00" ends before it starts.'),
        ({"unavailable": "someday"}, "Недоступен",
         '"someday" is not a date and time range. Write "30.06.2021 10:00-12:00", or the date '
         "alone for a whole day."),
    ],
)  # fmt: skip
def test_participants_import_row_errors_name_column_and_message(
    tmp_path, forum, fields, column, message
):
    path = write_csv(tmp_path / "p.csv", RU, [row(**fields)])
    report = participants_import_run(path=path, forum=forum)
    assert [(e.file, e.row, e.column, e.message) for e in report.errors] == [
        ("p.csv", 2, column, message)
    ]


def test_participants_import_duplicate_ref_in_the_file(tmp_path, forum):
    path = write_csv(tmp_path / "p.csv", EN, [row("A1"), row("A1")])
    report = participants_import_run(path=path, forum=forum)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "ref", "The reference A1 is also on row 2; a ref is unique.")
    ]


def test_participants_import_one_day_forum_takes_times_alone(tmp_path):
    forum = ForumFactory(number=10, ends_on=None)
    forum.ends_on = forum.starts_on
    forum.save()
    path = write_csv(tmp_path / "p.csv", EN, [row(unavailable="14:00 – 15:30")])
    participants_import_run(path=path, forum=forum)
    period = Participant.objects.get().unavailable.get()
    assert (period.starts_at, period.ends_at) == (
        datetime(2023, 6, 29, 11, tzinfo=UTC),
        datetime(2023, 6, 29, 12, 30, tzinfo=UTC),
    )


def test_participants_import_missing_columns_fail_the_file(tmp_path, forum):
    path = write_csv(tmp_path / "p.csv", ["ref", "name"], [["A1", "Anna"]])
    with pytest.raises(ProgrammeImportFailed) as error:
        participants_import_run(path=path, forum=forum)
    assert error.value.message == (
        'Required columns are missing: "organisation" (организация), "region" (регион). '
        "Row 1 must hold the column headers."
    )


@pytest.mark.django_db(transaction=True)
def test_participants_command_json_and_exit_codes(tmp_path, capsys):
    ForumFactory(number=8)
    good = write_csv(tmp_path / "good.csv", EN, [row("A1")])
    code, out, _err = run(capsys, "participants", "import", str(good), "--forum", "8", "--json")
    assert (code, json.loads(out)) == (
        0,
        {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "written": True,
         "errors": [], "warnings": []},
    )  # fmt: skip

    bad = write_csv(tmp_path / "bad.csv", EN, [row("A2", languages="xx")])
    code, out, _err = run(capsys, "participants", "import", str(bad), "--forum", "8", "--json")
    result = json.loads(out)
    assert (code, result["rejected"], result["written"]) == (1, 1, False)
    assert [(e["file"], e["row"], e["column"], e["value"]) for e in result["errors"]] == [
        ("bad.csv", 2, "languages", "xx")
    ]

    code, _out, err = run(
        capsys, "participants", "import", str(tmp_path / "no.csv"), "--forum", "8"
    )
    assert code == 2
    assert "no.csv: The file cannot be opened" in err

    code, _out, err = run(capsys, "participants", "import", str(good), "--forum", "99")
    assert code == 2
    assert "There is no forum number 99." in err
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("writer", [write_csv, write_xlsx, write_ods])
def test_participants_import_table_column_sets_the_table_kept_all_day(tmp_path, forum, writer):
    from regionforum.forums.services import tables_ensure

    tables_ensure(forum=forum, count=3)
    path = writer(
        tmp_path / f"p.{writer.__name__[6:]}", [*RU, "Стол"], [[*row("A1"), 2], [*row("A2"), ""]]
    )
    report = participants_import_run(path=path, forum=forum)
    assert (report.created, report.rejected) == (2, 0)
    kept = dict(Participant.objects.values_list("ref", "table__number"))
    assert kept == {"A1": 2, "A2": None}

    # A sheet without the column leaves the tables as they are; an empty cell clears one.
    without = writer(tmp_path / f"q.{writer.__name__[6:]}", RU, [row("A1")])
    assert participants_import_run(path=without, forum=forum).unchanged == 1
    assert Participant.objects.get(ref="A1").table.number == 2
    cleared = writer(tmp_path / f"r.{writer.__name__[6:]}", [*RU, "table"], [[*row("A1"), ""]])
    assert participants_import_run(path=cleared, forum=forum).updated == 1
    assert Participant.objects.get(ref="A1").table is None


def test_participants_import_unknown_table_is_rejected_with_its_cell(tmp_path, forum):
    from regionforum.forums.services import tables_ensure

    tables_ensure(forum=forum, count=2)
    path = write_csv(tmp_path / "p.csv", [*EN, "table"], [[*row("A1"), "7"], [*row("A2"), "1"]])
    report = participants_import_run(path=path, forum=forum)
    assert [(e.file, e.row, e.column, e.value, e.message) for e in report.errors] == [
        (
            "p.csv",
            2,
            "table",
            "7",
            '"7" is not one of the forum\'s tables (1, 2). Write the number of the table the '
            "participant keeps all day, or leave the cell empty.",
        )
    ]
    assert (report.written, Participant.objects.count()) == (False, 0)
