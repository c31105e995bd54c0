"""The backup path: `regionforum export --format json`, then `regionforum import` of that file
into an empty registry, gives the same figures and the same merges."""

import json
from datetime import date
from decimal import Decimal

import pytest

from regionforum.money import Money as MoneyValue
from regionforum.registry.models import (
    Agreement,
    Organisation,
    OrganisationKind,
    RateLoad,
    SourceRecord,
)
from regionforum.registry.services import PartySpec, agreement_create
from tests.cli import run
from tests.registry.synthetic import generate, write_reports

pytestmark = pytest.mark.django_db(transaction=True)

RATES = "date,currency,units_per_usd\n" + "".join(
    f"{year}-01-01,RUB,{50 + year - 2013}.5\n{year}-01-01,BYN,{1.5 + (year - 2013) / 10}\n"
    for year in range(2013, 2027)
)
SCOPES = [
    [],
    ["--forum", "7"],
    ["--forums", "3-9"],
    ["--region", "BY-HO"],
    ["--kind", "contract"],
    ["--party-type", "university"],
]


def figures(capsys):
    results = []
    for scope in SCOPES:
        code, out, err = run(capsys, "figures", "--json", *scope)
        assert code == 0, err
        results.append(json.loads(out))
    return results


def merge_groups():
    """Each agreement as the set of rows that reported it, with its amount in USD."""
    groups: dict[int, set[tuple[str, int, str]]] = {}
    for agreement_id, file_name, row, reporter in SourceRecord.objects.filter(
        agreement__in=Agreement.objects.all()
    ).values_list("agreement_id", "file_name", "row", "reporter"):
        groups.setdefault(agreement_id, set()).add((file_name, row, reporter))
    for agreement_id in Agreement.objects.filter(sources__isnull=True).values_list("id", flat=True):
        groups[agreement_id] = set()
    usd = dict(Agreement.objects.values_list("id", "money__usd"))
    return sorted(
        (sorted(rows), usd[agreement_id] or Decimal(-1)) for agreement_id, rows in groups.items()
    )


def test_export_json_imported_into_an_empty_registry_gives_the_same_figures_and_merges(
    tmp_path, capsys
):
    (tmp_path / "rates.csv").write_text(RATES)
    assert run(capsys, "rates", "load", str(tmp_path / "rates.csv"), "--format", "csv")[0] == 0
    from regionforum.registry.rates import rate_table

    table = rate_table()

    def convert(usd: Decimal, currency: str, on) -> Decimal:
        return usd * table.rate_on(currency, on).units_per_usd

    paths = write_reports(generate(agreements=120, seed=11, convert=convert), tmp_path)
    for side, reporter in (("by", "BY"), ("ru", "RU"), ("sec", "")):
        code, _out, err = run(capsys, "import", str(paths[side]), "--reporter", reporter, "--json")
        assert code == 0, err
    # A registry worth restoring: merged rows, loaded rates, and amounts in several currencies.
    assert RateLoad.objects.count() == 2
    # One entered by hand, with no rows behind it.
    entered = agreement_create(
        user=None,
        fields={"kind": "agreement", "title": "Entered by hand", "signed_on": date(2022, 6, 30)},
        parties=[PartySpec("Гомельский университет", "BY-HO"), PartySpec("Смоленск", "RU-SMO")],
        amount=MoneyValue(Decimal("1000"), "EUR"),
    )
    # Organisation types are set by hand (the sheets have none): the restore must keep them.
    for organisation in Organisation.objects.order_by("id")[::3]:
        organisation.kind = OrganisationKind.UNIVERSITY
        organisation.save()
    groups = merge_groups()
    assert sum(1 for rows, _usd in groups if len(rows) > 1) >= 50
    before = figures(capsys)
    assert [usd for rows, usd in groups if not rows] == [entered.money.usd]
    assert all(result["agreements"] for result in before)
    assert before[0]["agreements"] == len(groups)
    assert {item["currency"] for item in before[0]["basis"]["loaded"]} == {"BYN", "RUB"}

    backup = tmp_path / "registry.json"
    assert run(capsys, "export", "--format", "json", "--out", str(backup))[0] == 0
    assert run(capsys, "flush", "--no-input")[0] == 0
    assert Agreement.all_objects.count() == 0

    code, out, err = run(capsys, "import", str(backup), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["rows"], result["created"], result["rejected"]) == (
        len(groups),
        len(groups),
        0,
    )
    assert result["merged"] == sum(max(0, len(rows) - 1) for rows, _usd in groups)
    assert merge_groups() == groups
    assert figures(capsys) == before

    # Restoring the same file again changes nothing, and so does a region's file sent again.
    code, out, _err = run(capsys, "import", str(backup), "--json")
    assert (code, json.loads(out)["created"], json.loads(out)["unchanged"]) == (
        0,
        0,
        len(groups),
    )
    code, out, _err = run(capsys, "import", str(paths["ru"]), "--reporter", "RU", "--json")
    again = json.loads(out)
    assert (code, again["created"], again["updated"], again["rows"]) == (
        0,
        0,
        0,
        again["unchanged"],
    )
    assert merge_groups() == groups


def test_export_json_entry_with_bad_fields_is_rejected_by_entry_and_field(tmp_path, capsys):
    backup = tmp_path / "registry.json"
    good = _restore_entry()
    bad_region = {
        **good,
        "parties": [good["parties"][0], {"organisation": "X", "region": "RU-ZZZ"}],
    }
    bad_date = {**good, "signed_on": "29.06.2023", "sources": [{"file": "by.xlsx", "row": 3}]}
    backup.write_text(json.dumps({"agreements": [good, bad_region, bad_date]}))

    code, out, _err = run(capsys, "import", str(backup), "--json")

    result = json.loads(out)
    assert code == 1
    assert [
        (error["file"], error["row"], error["column"], error["value"]) for error in result["errors"]
    ] == [
        ("registry.json", 2, "parties[2].region", "RU-ZZZ"),
        ("registry.json", 3, "signed_on", "29.06.2023"),
    ]
    assert Agreement.all_objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"rows": []}', '"agreements" list'),
        ('{"agreements": [], "rates": [{"date": "2020-01-01"}]}', "exchange rates"),
    ],
)
def test_import_of_a_json_file_that_is_no_export_exits_2_with_reason(
    tmp_path, capsys, text, message
):
    path = tmp_path / "other.json"
    path.write_text(text)

    code, out, err = run(capsys, "import", str(path))

    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def _restore_entry(**party_names) -> dict:
    return {
        "kind": "contract",
        "title": "Supply of tractors",
        "signed_on": "2023-06-29",
        "forum": 10,
        "status": "signed",
        "sector": "",
        "amount": {"value": 1000.0, "currency": "USD"},
        "usd": 1000.0,
        "parties": [
            {"organisation": "Minsk Tractor Works", "region": "BY-HM", **party_names},
            {"organisation": "Smolensk Agro", "region": "RU-SMO"},
        ],
        "sources": [{"file": "by.xlsx", "row": 2, "ref": "BY-1"}],
    }


def test_export_json_names_per_language_come_back_on_restore(tmp_path, capsys):
    names = {"ru": "МТЗ", "be": "Мінскі трактарны завод", "en": "Minsk Tractor Works"}
    backup = tmp_path / "registry.json"
    backup.write_text(json.dumps({"agreements": [_restore_entry(names=names)]}))

    code, _out, err = run(capsys, "import", str(backup))

    assert code == 0, err
    restored = {
        organisation.name: (organisation.name_ru, organisation.name_be, organisation.name_en)
        for organisation in Organisation.objects.all()
    }
    assert restored == {
        "Minsk Tractor Works": ("МТЗ", "Мінскі трактарны завод", "Minsk Tractor Works"),
        # Written before the names were exported: the names its own spelling gives.
        "Smolensk Agro": ("", "", ""),
    }
    export = tmp_path / "again.json"
    assert run(capsys, "export", "--format", "json", "--out", str(export))[0] == 0
    parties = json.loads(export.read_text(encoding="utf-8"))["agreements"][0]["parties"]
    assert [party["names"] for party in parties] == [names, {"ru": None, "be": None, "en": None}]


@pytest.mark.parametrize(
    ("names", "column", "value"),
    [
        (["ru"], "parties[1].names", "['ru']"),
        ({"de": "Traktorenwerk"}, "parties[1].names.de", "de"),
        ({"be": 5}, "parties[1].names.be", "5"),
    ],
)
def test_export_json_bad_names_are_rejected_by_field(tmp_path, capsys, names, column, value):
    backup = tmp_path / "registry.json"
    backup.write_text(json.dumps({"agreements": [_restore_entry(names=names)]}))

    code, out, _err = run(capsys, "import", str(backup), "--json")

    errors = json.loads(out)["errors"]
    assert code == 1
    assert [(error["row"], error["column"], error["value"]) for error in errors] == [
        (1, column, value)
    ]
    assert Organisation.objects.count() == 0
