"""Figures cached under the registry's version, which the database's triggers raise on every
write: outside a transaction, as a page or a command reads them."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from regionforum.analytics.cache import registry_version
from regionforum.analytics.selectors import Scope, figures_get
from regionforum.registry.models import Agreement, Money
from tests.factories import MoneyFactory, RegionFactory, agreement_between

pytestmark = pytest.mark.django_db(transaction=True)


def _agreement(usd: str) -> Agreement:
    agreement = agreement_between(RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO"))
    MoneyFactory(agreement=agreement, value=Decimal(usd), currency="USD", usd=Decimal(usd))
    return agreement


def test_figures_get_second_read_costs_one_query(django_assert_num_queries):
    _agreement("10.00")
    figures_get(scope=Scope(region="BY-HO"))

    with django_assert_num_queries(1):
        figures = figures_get(scope=Scope(region="BY-HO"))

    assert (figures.agreements, figures.total_usd) == (1, Decimal("10.00"))


def test_figures_get_sees_a_bulk_update_that_bypasses_the_models():
    agreement = _agreement("10.00")
    assert figures_get().total_usd == Decimal("10.00")

    Money.objects.filter(agreement=agreement).update(usd=Decimal("25.00"))

    assert figures_get().total_usd == Decimal("25.00")


def test_figures_get_sees_raw_sql_deletes():
    agreement = _agreement("10.00")
    assert figures_get().partner_regions == {"BY": 1, "RU": 1}

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_party WHERE agreement_id = %s", [agreement.pk])

    assert figures_get().partner_regions == {"BY": 0, "RU": 0}


def test_registry_version_rises_once_a_write_commits():
    before = registry_version()
    assert before is not None

    _agreement("1.00")

    after = registry_version()
    assert after is not None
    assert after > before


def test_registry_version_is_none_inside_a_transaction():
    with transaction.atomic():
        assert registry_version() is None
