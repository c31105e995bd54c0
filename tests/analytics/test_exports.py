import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regionforum.analytics.exports import export_write, neutralise
from regionforum.registry.models import ExchangeRate, SourceRecord
from tests.factories import MoneyFactory, RegionFactory, agreement_between

pytestmark = pytest.mark.django_db


def agreement_with_source(title="Agreement on education"):
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    agreement = agreement_between(by, ru, title=title)
    MoneyFactory(agreement=agreement, value=Decimal("2500000"), currency="USD")
    SourceRecord.objects.create(
        agreement=agreement, file_name="by.xlsx", row=7, ref="BY-7", row_hash="h"
    )
    return agreement


def test_export_write_json_contract(tmp_path):
    agreement = agreement_with_source()
    path = tmp_path / "out.json"
    assert export_write(fmt="json", path=path) == 1
    [data] = json.loads(path.read_text(encoding="utf-8"))["agreements"]
    assert data == {
        "id": agreement.pk,
        "kind": "agreement",
        "title": "Agreement on education",
        "signed_on": "2021-06-30",
        "forum": 8,
        "status": "signed",
        "sector": "",
        "amount": {"value": 2500000.0, "currency": "USD"},
        "usd": 2500000.0,
        "parties": [
            {
                "organisation": party.organisation.name,
                "region": party.organisation.region.code,
                "names": {"ru": None, "be": None, "en": None},
                "kind": "other",
            }
            for party in agreement.parties.order_by("order")
        ],
        "sources": [{"file": "by.xlsx", "row": 7, "ref": "BY-7", "reporter": "", "row_hash": "h"}],
        # Beyond DESIGN's fields: what a restore needs (tests/registry/test_backup.py).
        "notes": "",
        "rate": {"units_per_usd": "1.00000000", "date": "2021-06-30", "source": "test"},
    }


def test_export_write_json_holds_the_loaded_rates(tmp_path):
    ExchangeRate.objects.create(
        on=date(2021, 1, 1), currency="RUB", units_per_usd=Decimal("73.5"), source="cbr.xml"
    )
    path = tmp_path / "out.json"
    export_write(fmt="json", path=path)
    assert json.loads(path.read_text(encoding="utf-8"))["rates"] == [
        {
            "date": "2021-01-01",
            "currency": "RUB",
            "units_per_usd": "73.5000000000",
            "source": "cbr.xml",
        }
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_export_write_queries_do_not_grow_with_agreements(tmp_path, count):
    for _ in range(count):
        agreement_with_source()
    with CaptureQueriesContext(connection) as queries:
        export_write(fmt="json", path=tmp_path / "out.json")
    # Agreements, parties, sources; then the rate basis: the rates used and the loaded spans;
    # then the loaded rates.
    assert len(queries) == 6


def test_export_write_json_states_the_rate_basis(tmp_path):
    import json

    agreement_with_source()
    path = tmp_path / "out.json"
    export_write(fmt="json", path=path)
    basis = json.loads(path.read_text(encoding="utf-8"))["basis"]
    assert (basis["table"], basis["loaded"]) == ("shipped", [])
    assert basis["rates_used"] == [{"source": "test", "amounts": 1}]


def test_export_write_csv_neutralises_formulas(tmp_path):
    agreement_with_source(title='=HYPERLINK("http://x")')
    path = tmp_path / "out.csv"
    export_write(fmt="csv", path=path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["sources"] == "by.xlsx:7 [BY-7]"


def test_export_write_xlsx_title_is_text_not_formula(tmp_path):
    from openpyxl import load_workbook

    agreement_with_source(title="@SUM(1)")
    path = tmp_path / "out.xlsx"
    export_write(fmt="xlsx", path=path)
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert (title.value, title.data_type) == ("'@SUM(1)", "s")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1+1", "'=1+1"), ("+7", "'+7"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("plain", "plain")],
)  # fmt: skip
def test_neutralise_formula_starts(text, expected):
    assert neutralise(text) == expected


def _rub_agreement_on_a_loaded_annual_table(tmp_path):
    from django.core.management import call_command

    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    agreement = agreement_between(by, ru, title="Supply of tractors")
    MoneyFactory(agreement=agreement, value=Decimal("73700000"), currency="RUB")
    rates = tmp_path / "annual.csv"
    rates.write_text("date,currency,units_per_usd\n2020-01-01,RUB,72.1\n2021-01-01,RUB,73.7\n")
    call_command("rates", "load", str(rates), stdout=io.StringIO())


def test_export_write_csv_states_each_rate_it_converted_at(tmp_path):
    _rub_agreement_on_a_loaded_annual_table(tmp_path)
    path = tmp_path / "out.csv"
    export_write(fmt="csv", path=path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        [row] = list(csv.DictReader(stream))
    assert (row["amount"], row["currency"], row["usd"]) == ("73700000.0", "RUB", "1000000.0")
    assert (row["rate"], row["rate_date"], row["rate_source"]) == (
        "73.7",
        "2021-01-01",
        "annual.csv (loaded)",
    )


def test_export_write_xlsx_has_a_basis_sheet_with_the_loaded_spans(tmp_path):
    from openpyxl import load_workbook

    _rub_agreement_on_a_loaded_annual_table(tmp_path)
    path = tmp_path / "out.xlsx"
    export_write(fmt="xlsx", path=path)
    workbook = load_workbook(path)
    agreements = list(workbook["agreements"].values)
    assert agreements[0][-6:-3] == ("rate", "rate_date", "rate_source")
    assert agreements[1][-6:-3] == (73.7, "2021-01-01", "annual.csv (loaded)")
    assert list(workbook["basis"].values)[2:] == [
        ("currency", "from", "to", "rates", "file", "source"),
        ("RUB", "2020-01-01", "2021-12-31", 2, "annual.csv", "annual.csv (loaded)"),
    ]
