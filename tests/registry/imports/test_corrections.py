"""A region sends its sheet again, corrected: changed rows update, gone rows are withdrawn."""

import json
from decimal import Decimal

import pytest

from regionforum.analytics.exports import agreement_export_list
from regionforum.analytics.selectors import figures_get, forum_list_with_figures
from regionforum.registry.imports import import_run
from regionforum.registry.models import Agreement, ImportBatch, Money, ReviewItem, SourceRecord
from regionforum.registry.selectors import review_list
from tests.registry.imports.test_pipeline import en_row
from tests.registry.sheets import EN_HEADER, RU_HEADER, ru_row, write_csv
from tests.registry.test_commands import run

pytestmark = pytest.mark.django_db

TRACTORS = "Договор поставки тракторов"
TOURISM = "Меморандум о сотрудничестве в сфере туризма"
FIRST = [
    ru_row("1", amount="1 000 000", currency="USD"),
    ru_row("2", kind="Договор", title=TRACTORS, amount="2 000 000", currency="USD"),
    ru_row("3", kind="Меморандум", title=TOURISM, amount="500 000", currency="USD"),
]
# Row 2 corrected (a new amount), row 3 gone, row 4 added in its place.
CORRECTED = [
    FIRST[0],
    ru_row("2", kind="Договор", title=TRACTORS, amount="2 500 000", currency="USD"),
    ru_row("4", kind="Протокол", title="Протокол о намерениях", amount="", currency=""),
]


def counts(report):
    return {
        name: getattr(report, name)
        for name in ("rows", "created", "merged", "unchanged", "updated", "removed", "rejected")
    }


def test_import_run_corrected_file_updates_removes_and_adds(tmp_path):
    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, FIRST), reporter="BY")
    tourism = Agreement.objects.get(title=TOURISM)
    report = import_run(path=write_csv(path, RU_HEADER, CORRECTED), reporter="BY")
    assert counts(report) == {
        "rows": 3, "created": 1, "merged": 0, "unchanged": 1, "updated": 1, "removed": 1,
        "rejected": 0,
    }  # fmt: skip
    batch = ImportBatch.objects.order_by("-id").first()
    assert report.removals == [
        {
            "file": "by.csv",
            "row": 4,
            "ref": "3",
            "title": TOURISM,
            "agreement": tourism.pk,
            "agreement_withdrawn": True,
        }
    ]
    assert Agreement.objects.count() == 3
    assert Agreement.all_objects.count() == 4
    assert sorted(Agreement.objects.values_list("title", flat=True)) == sorted(
        ["Соглашение о сотрудничестве в области образования", TRACTORS, "Протокол о намерениях"]
    )
    assert Money.objects.get(agreement__title=TRACTORS).usd == Decimal("2500000.00")
    # The withdrawn agreement and its row are kept, with the batch and the reason.
    tourism = Agreement.all_objects.get(pk=tourism.pk)
    assert tourism.withdrawn is True
    assert [
        (record.history_type, record.withdrawn, record.history_change_reason)
        for record in tourism.history.order_by("history_id")
    ] == [
        ("+", False, "Imported from by.csv"),
        ("~", True, "Withdrawn: its rows are no longer in by.csv"),
    ]
    gone = SourceRecord.all_objects.get(ref="3")
    assert (gone.agreement_id, gone.withdrawn_by_id, gone.withdrawn_at is not None) == (
        tourism.pk,
        batch.pk,
        True,
    )
    assert SourceRecord.objects.filter(file_name="by.csv").count() == 3
    tractors = Agreement.objects.get(title=TRACTORS)
    assert [
        (record.history_type, record.history_change_reason)
        for record in tractors.history.order_by("history_id")
    ] == [("+", "Imported from by.csv"), ("~", "Corrected in by.csv")]
    # Figures, forum lists and exports leave the withdrawn agreement out.
    figures = figures_get()
    assert (figures.agreements, figures.with_amount, figures.total_usd) == (
        3,
        2,
        Decimal("3500000.00"),
    )
    assert [(forum.number, forum.agreement_count, forum.total_usd) for forum in (
        forum_list_with_figures().filter(agreement_count__gt=0)
    )] == [(8, 3, Decimal("3500000.00"))]  # fmt: skip
    assert tourism.pk not in {agreement.pk for agreement in agreement_export_list()}


def test_import_run_corrected_file_imported_again_changes_nothing(tmp_path):
    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, FIRST), reporter="BY")
    import_run(path=write_csv(path, RU_HEADER, CORRECTED), reporter="BY")
    history = [agreement.history.count() for agreement in Agreement.all_objects.order_by("id")]
    sources = list(SourceRecord.all_objects.order_by("id").values_list("id", "withdrawn_at"))
    report = import_run(path=path, reporter="BY")
    assert counts(report) == {
        "rows": 3, "created": 0, "merged": 0, "unchanged": 3, "updated": 0, "removed": 0,
        "rejected": 0,
    }  # fmt: skip
    assert report.removals == []
    assert [agreement.history.count() for agreement in Agreement.all_objects.order_by("id")] == (
        history
    )
    assert list(SourceRecord.all_objects.order_by("id").values_list("id", "withdrawn_at")) == (
        sources
    )
    assert figures_get().agreements == 3


def test_import_run_corrected_file_dry_run_reports_the_same_and_writes_nothing(tmp_path):
    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, FIRST), reporter="BY")
    write_csv(path, RU_HEADER, CORRECTED)
    dry = import_run(path=path, reporter="BY", dry_run=True)
    assert (Agreement.objects.count(), SourceRecord.objects.count()) == (3, 3)
    assert Money.objects.get(agreement__title=TRACTORS).usd == Decimal("2000000.00")
    real = import_run(path=path, reporter="BY")
    assert (counts(dry), dry.removals, dry.written) == (counts(real), real.removals, False)


def test_import_run_earlier_version_again_restores_the_withdrawn_row(tmp_path):
    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, FIRST), reporter="BY")
    import_run(path=write_csv(path, RU_HEADER, CORRECTED), reporter="BY")
    report = import_run(path=write_csv(path, RU_HEADER, FIRST), reporter="BY")
    # Row 2 is corrected back, row 3 restored, row 4 withdrawn.
    assert counts(report) == {
        "rows": 3, "created": 0, "merged": 0, "unchanged": 1, "updated": 2, "removed": 1,
        "rejected": 0,
    }  # fmt: skip
    tourism = Agreement.objects.get(title=TOURISM)
    assert [record.history_change_reason for record in tourism.history.order_by("history_id")] == [
        "Imported from by.csv",
        "Withdrawn: its rows are no longer in by.csv",
        "Restored: its row is back in by.csv",
    ]
    assert SourceRecord.objects.get(agreement=tourism).row == 4
    assert sorted(Agreement.objects.values_list("title", flat=True)) == sorted(
        ["Соглашение о сотрудничестве в области образования", TRACTORS, TOURISM]
    )
    assert figures_get().total_usd == Decimal("3500000.00")


def test_import_run_rows_rejected_in_partial_import_withdraw_nothing(tmp_path):
    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, FIRST), reporter="BY")
    rows = [*FIRST[:2], ru_row("3", kind="Меморандум", title=TOURISM, signed_on="31.02.2021")]
    report = import_run(path=write_csv(path, RU_HEADER, rows), reporter="BY", partial=True)
    assert (report.unchanged, report.rejected, report.removed) == (2, 1, 0)
    assert report.warnings == [
        "1 rows of the earlier import of this file are no longer in it; they were kept because "
        "rows were rejected. Import the file without errors to withdraw them."
    ]
    assert Agreement.objects.count() == 3


def test_import_run_correction_converts_the_new_amount_again(tmp_path):
    from regionforum.money import Money as Amount
    from regionforum.registry.rates import rate_table

    path = tmp_path / "by.csv"
    import_run(path=write_csv(path, RU_HEADER, [ru_row(amount="75 000 000", currency="RUB")]))
    import_run(path=write_csv(path, RU_HEADER, [ru_row(amount="150 000 000", currency="RUB")]))
    money = Money.objects.get()
    conversion = rate_table().convert(
        Amount(value=Decimal("150000000"), currency="RUB"), money.value_date
    )
    assert (money.value, money.currency, money.usd, money.rate) == (
        Decimal("150000000.00"),
        "RUB",
        conversion.usd.quantize(Decimal("0.01")),
        conversion.rate,
    )


def test_import_run_correction_of_a_further_report_changes_status_only(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()]), reporter="BY")
    secretariat = tmp_path / "secretariat.csv"
    import_run(path=write_csv(secretariat, EN_HEADER, [en_row()]))
    founder_title = Agreement.objects.get().title
    # A retitled further report leaves the agreement's title, from its first report, alone.
    report = import_run(
        path=write_csv(secretariat, EN_HEADER, [en_row(title="Education cooperation")])
    )
    assert (report.updated, report.created) == (1, 0)
    agreement = Agreement.objects.get()
    assert (agreement.title, agreement.status) == (founder_title, "signed")
    report = import_run(
        path=write_csv(
            secretariat, EN_HEADER, [en_row(title="Education cooperation", status="fulfilled")]
        )
    )
    agreement = Agreement.objects.get()
    assert (agreement.title, agreement.status) == (founder_title, "fulfilled")


def test_import_run_further_report_removed_leaves_the_agreement_counted(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()]), reporter="BY")
    secretariat = tmp_path / "secretariat.csv"
    import_run(path=write_csv(secretariat, EN_HEADER, [en_row()]))
    agreement = Agreement.objects.get()
    report = import_run(path=write_csv(secretariat, EN_HEADER, []))
    assert (report.removed, report.removals[0]["agreement_withdrawn"]) == (1, False)
    assert list(Agreement.objects.values_list("id", flat=True)) == [agreement.pk]
    assert list(agreement.sources.values_list("file_name", flat=True)) == ["by.csv"]
    [exported] = agreement_export_list()
    assert [source.file_name for source in exported.sources.all()] == ["by.csv"]


def test_review_list_leaves_out_pairs_with_a_withdrawn_agreement(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, FIRST), reporter="BY")
    first, second = Agreement.objects.order_by("id")[:2]
    ReviewItem.objects.create(agreement=first, candidate=second, score=0.4, evidence="e")
    assert review_list().count() == 1
    Agreement.objects.filter(pk=second.pk).update(withdrawn=True)
    assert review_list().count() == 0


@pytest.mark.django_db(transaction=True)
def test_import_command_corrected_file_lists_removals(tmp_path, capsys):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, FIRST)
    assert run(capsys, "import", str(path), "--reporter", "BY")[0] == 0
    tourism = Agreement.objects.get(title=TOURISM)
    code, out, _err = run(
        capsys, "import", str(write_csv(path, RU_HEADER, CORRECTED)), "--reporter", "BY"
    )
    assert code == 0
    assert out.splitlines() == [
        "by.csv: 3 rows: 1 new agreements, 0 merged, 1 unchanged, 1 updated, 1 removed, "
        "0 to review, 0 rejected (imported).",
        f'  row 4 (ref "3") "{TOURISM}" is no longer in the file: withdrawn, and agreement '
        f"{tourism.pk} with it.",
    ]
    code, out, _err = run(capsys, "import", str(path), "--reporter", "BY", "--json")
    result = json.loads(out)
    assert code == 0
    assert {key: result[key] for key in ("rows", "created", "unchanged", "updated", "removed",
                                         "removals")} == {
        "rows": 3, "created": 0, "unchanged": 3, "updated": 0, "removed": 0, "removals": [],
    }  # fmt: skip
    code, out, _err = run(capsys, "figures", "--json")
    assert (code, json.loads(out)["agreements"]) == (0, 3)
