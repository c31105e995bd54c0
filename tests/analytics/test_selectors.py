import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from regionforum.analytics.breakdowns import Line, scope_report_get
from regionforum.analytics.selectors import (
    AgreementFilters,
    Scope,
    UnconvertedAmount,
    agreement_filter_options,
    agreement_get,
    agreement_list,
    agreement_list_in_scope,
    figures_get,
    forum_list_with_figures,
    region_list_with_stats,
    registry_has_synthetic_data,
)
from tests.web.factories import (
    AgreementFactory,
    ForumFactory,
    OrganisationFactory,
    PartyFactory,
    RegionFactory,
    SourceRecordFactory,
    agreement_between,
    region_minsk,
    region_smolensk,
)

pytestmark = pytest.mark.django_db


def _titles(filters: AgreementFilters) -> list[str]:
    return [agreement.title for agreement in agreement_list(filters=filters)]


def test_agreement_list_filters_each_field():
    minsk, smolensk = region_minsk(), region_smolensk()
    pskov = RegionFactory(code="RU-PSK", country=smolensk.country, name_en="Pskov Oblast")
    forum = ForumFactory(number=8, year=2021)
    agreement_between(minsk, smolensk, title="Tractors", forum=forum, kind="contract")
    agreement_between(
        minsk,
        pskov,
        title="Flax",
        signed_on=dt.date(2019, 6, 27),
        status="fulfilled",
        sector="Agriculture",
    )

    assert _titles(AgreementFilters()) == ["Tractors", "Flax"]
    assert _titles(AgreementFilters(forum=8)) == ["Tractors"]
    assert _titles(AgreementFilters(region="ru-psk")) == ["Flax"]
    assert _titles(AgreementFilters(region="RU")) == ["Tractors", "Flax"]
    assert _titles(AgreementFilters(region="BY-MI")) == ["Tractors", "Flax"]
    assert _titles(AgreementFilters(year=2019)) == ["Flax"]
    assert _titles(AgreementFilters(kind="contract")) == ["Tractors"]
    assert _titles(AgreementFilters(status="fulfilled")) == ["Flax"]
    assert _titles(AgreementFilters(sector="agriculture")) == ["Flax"]
    assert _titles(AgreementFilters(q="tract")) == ["Tractors"]
    assert _titles(AgreementFilters(forum=8, year=2019)) == []


def test_agreement_list_searches_party_names_and_source_refs_without_duplicates():
    minsk = region_minsk()
    agreement = AgreementFactory(title="Supply of buses", forum=None)
    for name in ("MAZ Holding", "MAZ Service"):
        PartyFactory(agreement=agreement, organisation=OrganisationFactory(name=name, region=minsk))
    SourceRecordFactory(agreement=agreement, ref="BY-17")
    SourceRecordFactory(agreement=agreement, ref="RU-4")

    assert _titles(AgreementFilters(q="maz")) == ["Supply of buses"]
    assert _titles(AgreementFilters(q="ru-4")) == ["Supply of buses"]
    assert _titles(AgreementFilters(q="nothing like it")) == []


def test_agreement_list_search_ignores_the_case_of_cyrillic_text():
    minsk = region_minsk()
    agreement = AgreementFactory(title="Соглашение о поставках льна", forum=None)
    PartyFactory(
        agreement=agreement,
        organisation=OrganisationFactory(name="ОАО «Оршанский льнокомбинат»", region=minsk),
    )

    assert _titles(AgreementFilters(q="соглашение")) == ["Соглашение о поставках льна"]
    assert _titles(AgreementFilters(q="ЛЬНА")) == ["Соглашение о поставках льна"]
    assert _titles(AgreementFilters(q="оршанский")) == ["Соглашение о поставках льна"]
    assert _titles(AgreementFilters(q="хлопка")) == []


def test_agreement_filter_options_list_distinct_values():
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    AgreementFactory(sector="Industry", signed_on=dt.date(2021, 6, 30), forum=forum)
    AgreementFactory(sector="Industry", signed_on=dt.date(2019, 6, 27), forum=None)
    AgreementFactory(sector="", signed_on=dt.date(2019, 6, 28), forum=None)
    AgreementFactory(sector="Agriculture", signed_on=dt.date(2021, 7, 1), forum=None)

    options = agreement_filter_options()

    assert options.forums == [forum]
    assert options.regions == [minsk, smolensk]
    assert options.years == [2021, 2019]
    assert options.sectors == ["Agriculture", "Industry"]


def test_agreement_get_returns_history_with_changed_fields():
    agreement = agreement_between(region_minsk(), region_smolensk(), title="Old title")
    agreement.title = "New title"
    agreement.forum = ForumFactory(number=8, year=2021)
    agreement.status = "fulfilled"
    agreement.save()

    with translation.override("en"):
        detail = agreement_get(agreement_id=agreement.pk)

    assert detail.agreement.title == "New title"
    assert [entry.kind for entry in detail.history] == ["~", "+"]
    assert sorted((c.field, c.old, c.new) for c in detail.history[0].changes) == [
        ("forum", "—", "VIII (2021)"),
        ("status", "Signed", "Fulfilled"),
        ("title", "Old title", "New title"),
    ]
    assert detail.history[1].changes == []


def test_forum_list_with_figures_counts_neither_drafts_nor_withdrawn_agreements():
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=12)
    agreement_between(minsk, smolensk, usd=Decimal("100.00"), forum=forum)
    agreement_between(minsk, smolensk, usd=Decimal("20.00"), forum=forum, is_draft=True)
    agreement_between(minsk, smolensk, usd=Decimal("3.00"), forum=forum, withdrawn=True)

    (row,) = forum_list_with_figures().filter(number=12)

    assert (row.agreement_count, row.total_usd) == (1, Decimal("100.00"))
    assert figures_get(scope=Scope(forums=(12, 12))).agreements == 1


def test_region_list_with_stats_counts_an_agreement_once_per_region():
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(minsk, smolensk, usd=Decimal("100.00"))
    # A second Minsk party must not double the Minsk count or its money.
    PartyFactory(agreement=agreement, organisation=OrganisationFactory(region=minsk), order=3)
    agreement_between(minsk, minsk, money=(Decimal("5000"), "RUB"))
    RegionFactory(code="BY-BR", country=minsk.country, name_en="Brest Region")

    rows = {
        region.code: (region.agreement_count, region.total_usd)
        for region in region_list_with_stats()
    }

    assert rows == {
        "BY-BR": (0, None),
        "BY-MI": (2, Decimal("100.00")),
        "RU-SMO": (1, Decimal("100.00")),
    }


def test_scope_report_of_a_region_lists_partners_and_unconverted_money():
    minsk, smolensk = region_minsk(), region_smolensk()
    pskov = RegionFactory(code="RU-PSK", country=smolensk.country, name_en="Pskov Oblast")
    agreement_between(minsk, smolensk, usd=Decimal("100.00"))
    agreement_between(minsk, smolensk, money=(Decimal("5000.00"), "RUB"))
    agreement_between(minsk, pskov, usd=Decimal("50.00"))
    agreement_between(smolensk, pskov)

    report = scope_report_get(scope=Scope(region="by-mi".upper()))

    assert report.figures.agreements == 3
    assert report.figures.total_usd == Decimal("150.00")
    assert report.completeness.unconverted == [
        UnconvertedAmount(currency="RUB", amount=Decimal("5000.00"))
    ]
    assert (report.completeness.without_amount, report.completeness.without_sector) == (0, 3)
    assert [(r.code, r.agreements, r.total_usd) for r in report.figures.partners["RU"]] == [
        ("RU-SMO", 2, Decimal("100.00")),
        ("RU-PSK", 1, Decimal("50.00")),
    ]


def test_scope_report_of_a_forum_breaks_down_by_region_year_sector_and_kind():
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    agreement_between(minsk, smolensk, usd=Decimal("10.00"), forum=forum, sector="Industry")
    agreement_between(
        minsk, minsk, usd=Decimal("5.00"), forum=forum, sector="Energy", kind="contract"
    )
    agreement_between(minsk, smolensk, usd=Decimal("99.00"))

    report = scope_report_get(scope=Scope(forums=(8, 8)))

    assert (report.figures.agreements, report.figures.total_usd) == (2, Decimal("15.00"))
    assert report.completeness.unconverted == []
    partners = report.figures.partners
    assert [(r.code, r.agreements, r.total_usd) for r in partners["BY"] + partners["RU"]] == [
        ("BY-MI", 2, Decimal("15.00")),
        ("RU-SMO", 1, Decimal("10.00")),
    ]
    assert report.by_sector == [
        Line(key="Energy", agreements=1, total_usd=Decimal("5.00"), narrowing={"sector": "Energy"}),
        Line(
            key="Industry",
            agreements=1,
            total_usd=Decimal("10.00"),
            narrowing={"sector": "Industry"},
        ),
    ]
    assert report.by_kind == [
        Line(
            key="agreement",
            agreements=1,
            total_usd=Decimal("10.00"),
            narrowing={"kind": "agreement"},
        ),
        Line(
            key="contract", agreements=1, total_usd=Decimal("5.00"), narrowing={"kind": "contract"}
        ),
    ]
    assert report.by_year == [
        Line(key="2021", agreements=2, total_usd=Decimal("15.00"), narrowing={"year": "2021"})
    ]
    assert report.query == {"forum": "8"}


def test_registry_has_synthetic_data_only_with_a_synthetic_agreement():
    AgreementFactory(is_synthetic=False)
    assert registry_has_synthetic_data() is False
    AgreementFactory(is_synthetic=True)
    assert registry_has_synthetic_data() is True


def test_figures_get_lists_unconverted_money_by_currency():
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    agreement_between(minsk, smolensk, usd=Decimal("300.00"), forum=forum)
    agreement_between(minsk, smolensk, money=(Decimal("7.50"), "BYN"), forum=forum)

    figures = figures_get()

    assert figures.agreements == 2
    assert figures.with_amount == 2
    assert figures.total_usd == Decimal("300.00")
    assert figures.unconverted == [UnconvertedAmount(currency="BYN", amount=Decimal("7.50"))]
    assert figures.partner_regions == {"BY": 1, "RU": 1}
    assert figures.organisations == 4
    assert [(row.forum, row.agreements, row.share_of_total) for row in figures.by_forum] == [
        (8, 2, 1.0)
    ]


@pytest.mark.parametrize("limit", [5000, 1])
def test_agreement_list_in_scope_lists_a_pairs_agreements_newest_first(monkeypatch, limit):
    """By the pair's ids when they are few, by the scope's query past PAIR_IDS_LIMIT."""
    monkeypatch.setattr("regionforum.analytics.selectors.PAIR_IDS_LIMIT", limit)
    minsk, smolensk, moscow = region_minsk(), region_smolensk(), RegionFactory(code="RU-MOW")
    agreement_between(minsk, smolensk, title="old", signed_on=dt.date(2020, 1, 1))
    agreement_between(minsk, moscow, title="other pair", signed_on=dt.date(2022, 1, 1))
    agreement_between(smolensk, minsk, title="new", signed_on=dt.date(2021, 1, 1))
    AgreementFactory(title="no parties")

    listed = agreement_list_in_scope(scope=Scope(pair=("BY-MI", "RU-SMO")))

    assert [agreement.title for agreement in listed] == ["new", "old"]


def test_agreement_get_of_an_agreement_written_without_history():
    agreement = agreement_between(region_minsk(), region_smolensk(), title="bulk")
    agreement.history.all().delete()

    detail = agreement_get(agreement_id=agreement.pk)

    assert (detail.agreement.title, detail.history) == ("bulk", [])
