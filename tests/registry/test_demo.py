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
