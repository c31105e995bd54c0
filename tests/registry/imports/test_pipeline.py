import io
from decimal import Decimal

import pytest

from regionforum.registry.errors import ImportFailed, RegistryError
from regionforum.registry.imports import import_run, reporter_country
from regionforum.registry.models import Agreement, Organisation, Party, SourceRecord
from tests.registry.sheets import EN_HEADER, RU_HEADER, ru_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def en_row(ref="S-1", **fields):
    row = {
        "ref": ref,
        "kind": "agreement",
        "title": "Agreement on cooperation in education",
        "party_1": "OJSC Gomselmash",
        "region_1": "Smolensk Oblast",
        "party_2": "Gomel Regional Executive Committee",
        "region_2": "BY-HO",
        "signed_on": "2021-06-30",
        "amount": "",
        "currency": "",
        "forum": "8th Forum",
        "status": "signed",
    }
    row.update(fields)
    return list(row.values())


def test_import_run_creates_agreement_with_parties_money_and_source(tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row(amount="1 000 000", currency="USD")])
    report = import_run(path=path, reporter="BY")
    assert (report.rows, report.created, report.merged, report.rejected) == (1, 1, 0, 0)
    agreement = Agreement.objects.get()
    assert agreement.kind == "agreement"
    assert agreement.forum.number == 8
    assert agreement.money.usd == Decimal("1000000.00")
    assert sorted(
        Party.objects.filter(agreement=agreement).values_list(
            "organisation__region__code", flat=True
        )
    ) == ["BY-HO", "RU-SMO"]
    source = SourceRecord.objects.get()
    assert (source.file_name, source.row, source.ref, source.reporter) == ("by.csv", 2, "1", "BY")
    assert source.raw["title"] == "Соглашение о сотрудничестве в области образования"
    assert agreement.history.count() == 1


def test_import_run_same_agreement_from_two_sides_merged(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()]), reporter="BY")
    report = import_run(
        path=write_csv(tmp_path / "secretariat.csv", EN_HEADER, [en_row()]), reporter=""
    )
    assert (report.created, report.merged) == (0, 1)
    agreement = Agreement.objects.get()
    assert sorted(agreement.sources.values_list("file_name", flat=True)) == [
        "by.csv",
        "secretariat.csv",
    ]
    assert agreement.sources.get(file_name="secretariat.csv").match_reason.startswith(
        "Matched on: same signing date (2021-06-30)"
    )
    assert Organisation.objects.count() == 2


def test_import_run_two_contracts_same_day_apart_by_amount(tmp_path):
    rows = [
        ru_row("1", kind="Договор", title="Поставка", amount="1 000 000", currency="USD"),
        ru_row("2", kind="Договор", title="Поставка", amount="5 000 000", currency="USD"),
    ]
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, rows), reporter="BY")
    report = import_run(
        path=write_csv(
            tmp_path / "sec.csv",
            EN_HEADER,
            [
                en_row("S-1", kind="contract", title="Supply", amount="5.05 mln", currency="USD"),
                en_row("S-2", kind="contract", title="Supply", amount="0.98 mln", currency="USD"),
            ],
        )
    )
    assert (report.created, report.merged, report.review) == (0, 2, 0)
    pairs = {
        agreement.money.value: sorted(agreement.sources.values_list("ref", flat=True))
        for agreement in Agreement.objects.select_related("money")
    }
    assert pairs == {Decimal("1000000.00"): ["1", "S-2"], Decimal("5000000.00"): ["2", "S-1"]}


def test_import_run_reimport_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "by.xlsx", RU_HEADER, [ru_row("1"), ru_row("2", title="Другое")])
    import_run(path=path, reporter="BY")
    report = import_run(path=path, reporter="BY")
    assert (report.rows, report.unchanged, report.created, report.merged) == (2, 2, 0, 0)
    assert Agreement.objects.count() == 2
    assert SourceRecord.objects.count() == 2


def test_import_run_corrected_row_updates_its_agreement(tmp_path):
    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, [ru_row("1", status="подписано")]), reporter="BY")
    report = import_run(
        path=write_csv(path, RU_HEADER, [ru_row("1", status="исполнено")]), reporter="BY"
    )
    assert (report.updated, report.created, report.unchanged) == (1, 0, 0)
    assert Agreement.objects.get().status == "fulfilled"
    assert SourceRecord.objects.get().raw["status"] == "исполнено"


def test_import_run_rejected_row_writes_nothing(tmp_path):
    rows = [ru_row("1"), ru_row("2", signed_on="31.02.2021")]
    report = import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, rows), reporter="BY")
    assert (report.rows, report.rejected, report.written) == (2, 1, False)
    assert [(e.file, e.row, e.column, e.value) for e in report.errors] == [
        ("by.csv", 3, "Дата подписания", "31.02.2021")
    ]
    assert Agreement.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_import_run_partial_imports_the_valid_rows(tmp_path):
    rows = [ru_row("1"), ru_row("2", amount="abc", currency="USD")]
    report = import_run(
        path=write_csv(tmp_path / "by.csv", RU_HEADER, rows), reporter="BY", partial=True
    )
    assert (report.created, report.rejected, report.written) == (1, 1, True)
    assert Agreement.objects.count() == 1


def test_import_run_dry_run_reports_and_writes_nothing(tmp_path):
    report = import_run(
        path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()]), reporter="BY", dry_run=True
    )
    assert (report.created, report.written) == (1, False)
    assert Agreement.objects.count() == 0
    assert SourceRecord.objects.count() == 0


def test_import_run_header_without_rows_is_an_empty_import(tmp_path):
    report = import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, []), reporter="BY")
    assert (report.rows, report.created, report.rejected, report.written) == (0, 0, 0, True)
    assert report.warnings == [
        "The file has a header row but no agreements below it; there was nothing to import."
    ]
    assert Agreement.objects.count() == 0


def test_import_run_blank_file_fails(tmp_path):
    path = tmp_path / "by.csv"
    path.write_text("\n;;\n")
    with pytest.raises(ImportFailed) as caught:
        import_run(path=path, reporter="BY")
    assert caught.value.message == "The file has no header row and no rows."


def test_import_run_script_in_title_stored_as_text(tmp_path):
    title = "<script>alert(1)</script>"
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row(title=title)]), reporter="BY")
    assert Agreement.objects.get().title == title


def test_reporter_country_codes():
    assert reporter_country(code="") is None
    assert reporter_country(code="by") == "BY"
    assert reporter_country(code="RU-SMO") == "RU"
    with pytest.raises(RegistryError):
        reporter_country(code="XX")


def test_import_run_header_below_a_title_row_found(tmp_path):
    path = write_xlsx(tmp_path / "by.xlsx", ["Отчёт Гомельской области"], [[], RU_HEADER, ru_row()])
    report = import_run(path=path, reporter="BY")
    assert (report.created, report.rejected) == (1, 0)
    assert report.warnings == ["The header is on row 3; the rows above it were ignored."]
    assert SourceRecord.objects.get().row == 4


def test_import_run_further_report_fills_missing_forum(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row(forum="")]), reporter="BY")
    assert Agreement.objects.get().forum is None
    import_run(path=write_csv(tmp_path / "secretariat.csv", EN_HEADER, [en_row()]))
    agreement = Agreement.objects.get()
    assert agreement.forum.number == 8
    assert [record.history_type for record in agreement.history.order_by("history_id")] == [
        "+",
        "~",
    ]


def test_import_run_workbook_table_on_second_sheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Инструкция: заполните лист «Соглашения»"])
    table = workbook.create_sheet("Соглашения")
    for row in (RU_HEADER, ru_row()):
        table.append(row)
    workbook.save(tmp_path / "by.xlsx")
    report = import_run(path=tmp_path / "by.xlsx", reporter="BY")
    assert (report.created, report.rejected) == (1, 0)


def test_import_run_amounts_apart_on_loaded_table_but_equal_at_market_rate_merged(tmp_path):
    from datetime import date

    from regionforum.money import Rate
    from regionforum.registry.rates import rates_load

    day = date(2022, 6, 30)
    rates_load(
        rates=[
            Rate(on=day, currency="RUB", units_per_usd=Decimal(80), source="annual, test"),
            Rate(on=day, currency="BYN", units_per_usd=Decimal("2.54"), source="annual, test"),
        ]
    )
    by_row = ru_row("1", kind="Договор", title="Поставка", signed_on="30.06.2022")
    # 2,540,000 BYN is USD 1,000,000 on both bases; 57,150,000 RUB is USD 1,000,000 at the
    # shipped June 2022 rate (57.15) but 714,375 at the loaded 80: 28.6% apart on that basis.
    by_row[8:10] = ["2 540 000", "BYN"]
    ru = ru_row("R-1", kind="Контракт", title="Поставка", signed_on="30.06.2022")
    ru[8:10] = ["57 150 000", "RUB"]
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [by_row]), reporter="BY")
    report = import_run(path=write_csv(tmp_path / "ru.csv", RU_HEADER, [ru]), reporter="RU")
    assert (report.created, report.merged, report.review) == (0, 1, 0)
    agreement = Agreement.objects.get()
    assert (agreement.money.value, agreement.money.currency) == (Decimal("2540000.00"), "BYN")
    assert agreement.money.usd == Decimal("1000000.00")


def test_import_run_further_report_adds_the_third_party_it_names(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()]), reporter="BY")
    header = [*RU_HEADER, "Сторона 3", "Регион стороны 3"]
    row = [*ru_row("R-1"), "Правительство Брянской области", "Брянская область"]
    report = import_run(path=write_csv(tmp_path / "ru.csv", header, [row]), reporter="RU")
    assert (report.created, report.merged, report.review) == (0, 1, 0)
    agreement = Agreement.objects.get()
    assert list(
        Party.objects.filter(agreement=agreement)
        .order_by("order")
        .values_list("organisation__region__code", "order")
    ) == [("BY-HO", 1), ("RU-SMO", 2), ("RU-BRY", 3)]


@pytest.mark.parametrize("first", ["by", "ru"])
def test_import_run_contract_in_byn_and_rub_under_a_loaded_annual_table_merges(tmp_path, first):
    from django.core.management import call_command

    rates = tmp_path / "annual.csv"
    rates.write_text(
        "date,currency,units_per_usd\n"
        "2021-01-01,RUB,73.7\n2022-01-01,RUB,68.5\n2021-01-01,BYN,2.54\n2022-01-01,BYN,2.62\n"
    )
    call_command("rates", "load", str(rates), stdout=io.StringIO())
    # USD 1,000,000 at the annual rates; at the shipped June 2022 rates the two are 14% apart.
    by_row = ru_row("1", kind="Договор", title="Поставка тракторов", signed_on="30.06.2022")
    by_row[8:10] = ["2 620 000", "BYN"]
    ru = ru_row("R-1", kind="Контракт", title="Поставка тракторов", signed_on="30.06.2022")
    ru[8:10] = ["68,5 млн", "руб."]
    files = {
        "by": (write_csv(tmp_path / "by.csv", RU_HEADER, [by_row]), "BY"),
        "ru": (write_csv(tmp_path / "ru.csv", RU_HEADER, [ru]), "RU"),
    }
    second = "ru" if first == "by" else "by"
    import_run(path=files[first][0], reporter=files[first][1])
    report = import_run(path=files[second][0], reporter=files[second][1])
    assert (report.created, report.merged, report.review) == (0, 1, 0)
    agreement = Agreement.objects.get()
    assert agreement.money.usd == Decimal("1000000.00")
    assert agreement.money.currency == ("BYN" if first == "by" else "RUB")


def test_import_run_doubtful_pair_is_queued_with_its_reasons(tmp_path):
    from regionforum.registry.models import ReviewItem

    by_row = ru_row("1", kind="Договор", title="Поставка калийных удобрений")
    by_row[8:10] = ["1 000 000", "USD"]
    ru = ru_row("R-1", kind="Контракт", title="Поставка кабельной продукции")
    ru[8:10] = ["1 020 000", "USD"]
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [by_row]), reporter="BY")
    report = import_run(path=write_csv(tmp_path / "ru.csv", RU_HEADER, [ru]), reporter="RU")

    assert (report.created, report.merged, report.review) == (1, 0, 1)
    item = ReviewItem.objects.get()
    assert report.outcomes[2] == {
        "outcome": "review",
        "agreement": None,
        "pair_agreement": item.candidate_id,
    }
    reasons = item.reasons
    assert reasons[0].startswith("Not merged: the titles or the organisations differ too much")
    assert "amounts 1,020,000 and 1,000,000 USD, 2.0% apart" in reasons


def test_import_run_region_slip_is_imported_and_reported(tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row(region_1="Гомелская область")])

    report = import_run(path=path, reporter="BY")

    assert (report.created, report.rejected) == (1, 0)
    assert Party.objects.filter(organisation__region__code="BY-HO").count() == 1
    assert report.warnings == [
        'Row 2, column "Регион стороны 1": "Гомелская область" was read as Gomel Oblast '
        '(BY-HO), taking "гомелская" for "гомельская".'
    ]
    assert report.as_dict()["warnings"] == report.warnings
