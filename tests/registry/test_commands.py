import importlib
import json

import pytest

from regionforum.registry.models import Agreement, ReviewItem, ReviewStatus
from tests.cli import run
from tests.factories import RegionFactory, agreement_between
from tests.registry.sheets import RU_HEADER, ru_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


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
        ["created", "file", "merged", "rejected", "removed", "review", "rows", "unchanged",
         "updated", "warnings", "written"]
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


KIND_MESSAGE = (
    '"договорённость" is not a kind of document. Use agreement, contract, memorandum, protocol, '
    "roadmap or programme (соглашение, договор, контракт, меморандум, протокол, дорожная карта, "
    "программа)."
)


@pytest.mark.parametrize("write", [write_csv, write_xlsx])
def test_import_command_header_without_rows_is_an_empty_import(tmp_path, capsys, write):
    path = write(tmp_path / f"by.{'csv' if write is write_csv else 'xlsx'}", RU_HEADER, [])
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 0
    assert {key: result[key] for key in ("rows", "created", "unchanged", "rejected", "errors")} == {
        "rows": 0, "created": 0, "unchanged": 0, "rejected": 0, "errors": [],
    }  # fmt: skip
    assert result["warnings"] == [
        "The file has a header row but no agreements below it; there was nothing to import."
    ]
    code, out, err = run(capsys, "import", str(path), "--reporter", "BY")
    assert code == 0
    assert out.strip() == (
        f"{path.name}: 0 rows: 0 new agreements, 0 merged, 0 unchanged, 0 updated, 0 removed, "
        "0 to review, 0 rejected (imported)."
    )
    assert err.strip() == (
        f"{path.name}: The file has a header row but no agreements below it; there was nothing "
        "to import."
    )
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize("write", [write_csv, write_xlsx])
def test_import_command_unknown_kind_is_a_row_error(tmp_path, capsys, write):
    name = f"by.{'csv' if write is write_csv else 'xlsx'}"
    path = write(tmp_path / name, RU_HEADER, [ru_row("1"), ru_row("2", kind="договорённость")])
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 1
    assert (result["rows"], result["created"], result["rejected"]) == (2, 0, 1)
    assert result["errors"] == [
        {
            "file": name,
            "row": 3,
            "column": "Вид документа",
            "message": KIND_MESSAGE,
            "value": "договорённость",
        }
    ]
    assert Agreement.objects.count() == 0
    code, _out, err = run(capsys, "import", str(path), "--reporter", "BY")
    assert code == 1
    assert err.strip() == f'{name}, row 3, column "Вид документа": {KIND_MESSAGE}'


def _hostile(path, content):
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("empty.csv", lambda path: _hostile(path, b""), "The file is empty."),
        (
            "text.csv",
            lambda path: _hostile(path, b"Dear colleagues,\nplease find our report\n"),
            "Required columns are missing:",
        ),
        (
            "program.xlsx",
            lambda path: _hostile(path, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64),
            "The file is named like a spreadsheet but is not one; it may be damaged. Open it and "
            "save it again as XLSX, ODS or CSV.",
        ),
        (
            "utf16.csv",
            lambda path: write_csv(path, RU_HEADER, [ru_row()], encoding="utf-16"),
            "The file is in UTF-16, which cannot be read. Save it as CSV in UTF-8.",
        ),
        (
            "nul.csv",
            lambda path: _hostile(path, ",".join(RU_HEADER).encode() + b"\n1,\x00\xd0\xa1,x\n"),
            "The file contains NUL bytes, so it is not a text CSV file. Save it again.",
        ),
        (
            "missing.csv",
            lambda path: write_csv(path, [h for h in RU_HEADER if h != "Наименование"], []),
            'Required columns are missing: "title" (наименование). Row 1 must hold the column '
            "headers.",
        ),
        (
            "doubled.csv",
            lambda path: write_csv(path, [*RU_HEADER, "Предмет"], [[*ru_row(), "x"]]),
            'The columns "Наименование" and "Предмет" both give title; keep one of them.',
        ),
    ],
)
def test_import_command_unreadable_file_exit_2_with_reason(tmp_path, capsys, name, make, message):
    path = make(tmp_path / name)
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 2
    assert [(e["file"], e["row"], e["column"]) for e in result["errors"]] == [(name, None, None)]
    assert result["errors"][0]["message"].startswith(message)
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "column", "value", "message"),
    [
        (
            {"title": "я" * 5001},
            "Наименование",
            "я" * 60 + "…",
            "The text holds 5,001 characters; at most 5,000 are allowed.",
        ),
        (
            {"amount": "-5", "currency": "USD"},
            "Сумма",
            "-5",
            'The amount "-5" is negative; an amount must be zero or more.',
        ),
        (
            {"signed_on": "31.02.2021"},
            "Дата подписания",
            "31.02.2021",
            "There is no such date as 31.02.2021 (check the day and the month).",
        ),
    ],
)
def test_import_command_bad_cell_exit_1_names_row_column_and_value(
    tmp_path, capsys, fields, column, value, message
):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1"), ru_row("2", **fields)])
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 1
    assert result["errors"] == [
        {"file": "by.csv", "row": 3, "column": column, "message": message, "value": value}
    ]
    assert Agreement.objects.count() == 0


def test_import_command_formula_text_stored_as_text(tmp_path, capsys):
    title = '=HYPERLINK("http://example.org","click")'
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row(title=title)])
    code, _out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    assert code == 0
    assert Agreement.objects.get().title == title


def test_import_command_internal_error_is_not_blamed_on_the_file(tmp_path, capsys, monkeypatch):
    command = importlib.import_module("regionforum.registry.management.commands.import")

    def broken(**kwargs):
        raise KeyError("party_9")

    monkeypatch.setattr(command, "import_run", broken)
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1")])
    code, out, err = run(capsys, "import", str(path), "--reporter", "BY")
    assert code == 2
    assert "by.csv: The import stopped on an internal error (KeyError)" in err
    assert "could not be read" not in err
    assert "Traceback" not in out + err
