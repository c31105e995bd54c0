import json

import pytest

from regionforum.__main__ import main
from regionforum.registry.models import Agreement, ReviewItem, ReviewStatus
from tests.factories import RegionFactory, agreement_between
from tests.registry.sheets import RU_HEADER, ru_row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)


def run(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_command_json_contract(tmp_path, capsys):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1"), ru_row("2", title="Другое")])
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 0
    assert {key: result[key] for key in ("rows", "created", "merged", "unchanged", "review",
                                         "rejected", "errors")} == {
        "rows": 2, "created": 2, "merged": 0, "unchanged": 0, "review": 0, "rejected": 0,
        "errors": [],
    }  # fmt: skip
    assert [sorted(file) for file in result["files"]] == [
        ["created", "file", "merged", "rejected", "review", "rows", "unchanged", "updated",
         "warnings", "written"]
    ]  # fmt: skip
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    assert (code, json.loads(out)["unchanged"]) == (0, 2)


def test_import_command_rejected_rows_exit_1(tmp_path, capsys):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1", amount="-5", currency="USD")])
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 1
    assert result["rejected"] == 1
    assert [(e["file"], e["row"], e["column"]) for e in result["errors"]] == [
        ("by.csv", 2, "Сумма")
    ]
    assert Agreement.objects.count() == 0


def test_import_command_unreadable_file_exit_2_without_traceback(tmp_path, capsys):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, out, err = run(capsys, "import", str(path))
    assert code == 2
    assert "broken.xlsx: The file cannot be read as a spreadsheet" in err
    assert "Traceback" not in out + err


def test_import_command_missing_file_exit_2(tmp_path, capsys):
    code, _out, err = run(capsys, "import", str(tmp_path / "nowhere.csv"))
    assert code == 2
    assert "nowhere.csv: The file cannot be opened" in err


def test_import_command_unknown_reporter_exit_2(tmp_path, capsys):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()])
    code, _out, err = run(capsys, "import", str(path), "--reporter", "XX")
    assert code == 2
    assert '"XX" is not a reporter code' in err
    assert Agreement.objects.count() == 0


def test_review_command_lists_and_merges(capsys):
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    item = ReviewItem.objects.create(agreement=second, candidate=first, score=0.4, evidence="why")
    code, out, _err = run(capsys, "review", "list", "--json")
    assert code == 0
    assert [(entry["id"], entry["agreement"], entry["candidate"]) for entry in json.loads(out)] == [
        (item.pk, second.pk, first.pk)
    ]
    code, _out, _err = run(capsys, "review", "merge", str(item.pk))
    assert code == 0
    item.refresh_from_db()
    assert item.status == ReviewStatus.MERGED
    assert list(Agreement.objects.values_list("id", flat=True)) == [first.pk]


def test_review_command_merges_organisations(capsys):
    from regionforum.registry.models import Organisation
    from tests.factories import OrganisationFactory

    region = RegionFactory(code="BY-HO")
    old = OrganisationFactory(region=region, name="Гомсельмаш", key="hamselmash")
    keep = OrganisationFactory(region=region, name="OJSC Gomselmash", key="hamselmash ojsc")
    code, out, _err = run(capsys, "review", "merge-organisation", str(old.pk), str(keep.pk))
    assert code == 0
    assert out.strip() == "Гомсельмаш is now a name of OJSC Gomselmash."
    assert Organisation.objects.get(pk=old.pk).merged_into_id == keep.pk
    code, _out, err = run(capsys, "review", "merge-organisation", str(old.pk), "999999")
    assert code == 2
    assert "There is no organisation 999999." in err
