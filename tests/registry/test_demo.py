from decimal import Decimal

import pytest
from django.core.management import call_command

from regionforum.analytics.selectors import figures_get
from regionforum.registry.models import Agreement, Organisation


@pytest.fixture
def demo(db, capsys):
    call_command("demo", "--no-serve")
    return capsys.readouterr().out


def test_demo_loads_synthetic_registry_and_prints_login(demo):
    assert "Demo registry: 970 synthetic agreements between 450 organisations." in demo
    assert "Log in at http://127.0.0.1:8000/accounts/login/ as demo, password demo." in demo
    assert Agreement.objects.filter(is_synthetic=False).count() == 0


def test_demo_twice_duplicates_nothing(demo, capsys):
    agreements, organisations = Agreement.objects.count(), Organisation.objects.count()

    call_command("demo", "--no-serve")

    assert "Demo registry: already loaded." in capsys.readouterr().out
    assert (Agreement.objects.count(), Organisation.objects.count()) == (agreements, organisations)


def test_demo_forum_totals_follow_announced_usd_figures(demo):
    by_forum = {row.forum: row for row in figures_get().by_forum}

    # Announced in USD: II $250 mln, VI $550 mln, VIII $850 mln; counts as announced where known.
    assert abs(by_forum[2].total_usd - Decimal("250000000")) < 1
    assert abs(by_forum[6].total_usd - Decimal("550000000")) < 1
    assert abs(by_forum[8].total_usd - Decimal("850000000")) < 1
    assert (by_forum[5].agreements, by_forum[11].agreements) == (80, 250)
    assert 13 not in by_forum


def test_demo_reproduces_the_2021_headline(demo):
    """Forums I–VII: more than 370 agreements, nearly $3 billion, a quarter from the last."""
    figures = figures_get(forums=(1, 7))

    assert figures.agreements > 370
    assert Decimal("2500000000") < figures.total_usd < Decimal("3000000000")
    assert figures.by_forum[-1].share_of_total > 0.25
    assert figures_get().partner_regions["RU"] > 70


def _real_copy_of(agreement, path):
    """A sheet whose one row reports the same agreement as the synthetic one, for real."""
    from tests.registry.sheets import EN_HEADER, write_csv

    parties = list(agreement.parties.select_related("organisation__region").order_by("order"))
    row = [
        "R-1",
        agreement.kind,
        agreement.title,
        parties[0].organisation.name,
        parties[0].organisation.region.code,
        parties[1].organisation.name,
        parties[1].organisation.region.code,
        agreement.signed_on.isoformat(),
        str(agreement.money.value),
        agreement.money.currency,
        str(agreement.forum.number) if agreement.forum else "",
        agreement.status,
    ]
    return write_csv(path, EN_HEADER, [row])


def test_demo_real_row_is_never_merged_into_a_synthetic_agreement(demo, tmp_path):
    from regionforum.registry.imports import import_run
    from regionforum.registry.models import ReviewItem

    synthetic = Agreement.objects.filter(is_synthetic=True, money__isnull=False).first()
    report = import_run(path=_real_copy_of(synthetic, tmp_path / "real.csv"), reporter="BY")

    assert (report.created, report.merged, report.review) == (1, 0, 0)
    assert ReviewItem.objects.count() == 0
    real = Agreement.objects.get(is_synthetic=False)
    assert not real.parties.filter(organisation__is_synthetic=True).exists()


def test_demo_remove_keeps_what_was_imported(demo, tmp_path, capsys):
    from regionforum.registry.imports import import_run
    from regionforum.strategy.models import Programme

    synthetic = Agreement.objects.filter(is_synthetic=True, money__isnull=False).first()
    import_run(path=_real_copy_of(synthetic, tmp_path / "real.csv"), reporter="BY")
    real = Agreement.objects.get(is_synthetic=False)

    call_command("demo", "--remove")

    assert capsys.readouterr().out.strip() == (
        "Removed the synthetic demo data: 970 agreements, 450 organisations, "
        "1 strategy programmes, 150 business programme participants. Everything imported is kept."
    )
    assert list(Agreement.objects.values_list("id", flat=True)) == [real.pk]
    assert Organisation.objects.count() == 2
    assert Programme.objects.count() == 0
    figures = figures_get()
    assert (figures.agreements, figures.total_usd) == (1, real.money.usd)


def test_demo_organisations_are_named_in_russian_and_english_and_in_belarusian_in_belarus(demo):
    from regionforum.names.languages import name_language

    synthetic = list(Organisation.objects.filter(is_synthetic=True).select_related("region"))
    belarusian = [org for org in synthetic if org.region.code.startswith("BY-")]
    russian = [org for org in synthetic if org.region.code.startswith("RU-")]

    # The registry's 7 regions x 5, and the business programme's participants' employers.
    assert len(belarusian) > 35
    assert all(org.name in (org.name_ru, org.name_en) for org in synthetic)
    assert all(org.name_ru and org.name_en for org in synthetic)
    assert all(org.name_be for org in belarusian)
    assert not any(org.name_be for org in russian)
    # Each name is written in its own language, as far as its letters tell.
    assert {name_language(org.name_be) for org in belarusian} == {"be"}
    assert {name_language(org.name_ru) for org in synthetic} == {"ru"}


def test_demo_agreement_page_shows_its_organisations_in_belarusian_marked_synthetic(demo, client):
    from django.utils.html import escape

    agreement = (
        Agreement.objects.filter(is_synthetic=True, parties__organisation__region__code="BY-HO")
        .filter(parties__organisation__region__code__startswith="RU-")
        .first()
    )
    gomel, russian = (
        party.organisation
        for party in agreement.parties.select_related("organisation__region").order_by(
            "organisation__region__code"
        )
    )

    page = client.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="be").content.decode()

    tag = '<span class="tag">сінтэтычнае</span>'
    assert f"<tr><td>{escape(gomel.name_be)} {tag}" in page
    # A Russian organisation has no Belarusian name: its Russian one, marked as such.
    title = "У рэестры няма назвы гэтай арганізацыі на гэтай мове"
    marked = f'<span class="name-untranslated" lang="ru" title="{title}">'
    assert f"<tr><td>{marked}{escape(russian.name_ru)}</span> {tag}" in page
