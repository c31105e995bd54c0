"""A few dozen hand-filled sender sheets (tests/registry/adversarial.py, fixed seed) imported
end to end: every row is read, the reports of one agreement are merged, and the figures come
out near the truth. Each limit fails if one of the faults these sheets found comes back (a
merged two-row header, totals and notes among the rows, the region in the party cell, US
dates, regions by their centres, a column for each country's side, organisations' kinds)."""

from decimal import Decimal

import pytest

from regionforum.analytics.scopes import scope_parse
from regionforum.analytics.selectors import figures_get
from regionforum.registry.imports import import_run
from regionforum.registry.models import SourceRecord
from regionforum.registry.rates import rate_table
from tests.registry.adversarial import generate, true_figures, write_sheets
from tests.registry.synthetic import pairwise_quality

SEED = 6


def convert(usd: Decimal, currency: str, on) -> Decimal:
    rate = rate_table().rate_on(currency, on)
    assert rate is not None
    return usd * rate.units_per_usd


@pytest.mark.django_db
def test_adversarial_sheets_import_with_every_row_read_and_true_figures(tmp_path):
    world = generate(agreements=40, seed=SEED, convert=convert, market=convert)
    habits = [sheet.habits for sheet in world.sheets]
    # The sheets hold the layouts the limits below are about.
    assert any(h["two_row_header"] for h in habits)
    assert any(h["totals"] or h["notes_below"] for h in habits)
    assert any(h["region_in_party"] for h in habits)
    assert any(h["date_style"] == "us" for h in habits)
    assert any(h["country_headers"] for h in habits)
    assert any(h["amount_style"] == "thousands_header" for h in habits)

    reports = [
        import_run(path=path, reporter=reporter, partial=True)
        for path, reporter in write_sheets(world, tmp_path, seed=SEED)
    ]

    assert [(report.file, report.errors) for report in reports if report.rejected] == []
    found = {
        (file_name, row): agreement_id
        for file_name, row, agreement_id in SourceRecord.objects.values_list(
            "file_name", "row", "agreement_id"
        )
    }
    assert set(found) == set(world.truth)
    precision, recall = pairwise_quality(world.truth, found)
    assert precision >= 0.95
    assert recall >= 0.9
    figures = figures_get(scope=scope_parse())
    count, usd = true_figures(world, lambda truth: True)
    assert abs(figures.agreements - count) / count <= 0.1
    assert abs(Decimal(figures.total_usd) - usd) / usd <= 0.05
    for party_type in ("government", "enterprise", "university"):
        scoped = figures_get(scope=scope_parse(party_type=party_type))
        true_count, _usd = true_figures(
            world, lambda truth, kind=party_type: any(p.kind == kind for p in truth.parties)
        )
        assert abs(scoped.agreements - true_count) / true_count <= 0.15, party_type
