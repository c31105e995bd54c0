"""Figures cached under the registry's version, which the database's triggers raise on every
write: outside a transaction, as a page or a command reads them."""

import os
import socket
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from regionforum.analytics.cache import cached, registry_version
from regionforum.analytics.models import WATCHED_TABLES, RegistryVersion
from regionforum.analytics.selectors import (
    AgreementFilters,
    Scope,
    agreement_count,
    figures_get,
    forum_list_with_figures_cached,
    region_list_with_stats_cached,
)
from regionforum.analytics.triggers import EVENTS, sqlite_triggers_restore
from regionforum.forums.models import Forum
from regionforum.registry.models import Agreement, Money, Organisation
from tests.factories import ForumFactory, MoneyFactory, RegionFactory, agreement_between

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
    _agreement("1.00")
    before = registry_version()
    assert before is not None

    _agreement("2.00")

    after = registry_version()
    assert after is not None
    assert after[0] > before[0]
    assert after[1] == before[1]


def test_registry_version_is_none_when_the_row_is_missing():
    _agreement("1.00")
    RegistryVersion.objects.all().delete()

    assert registry_version() is None
    assert figures_get().total_usd == Decimal("1.00")


def _flushed_to_the_same_version(usd: str) -> tuple[int, str]:
    """Flush the database and write a registry of one agreement of `usd`, as many times as it
    takes the version to come back to where it was before the flush."""
    before = registry_version()
    assert before is not None
    call_command("flush", "--no-input", verbosity=0)
    _agreement(usd)
    after = registry_version()
    assert after is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE analytics_registryversion SET version = %s WHERE id = 1", [before[0]]
        )
    return before[0], after[1]


def test_figures_after_a_flush_are_not_the_old_ones_at_the_same_version():
    _agreement("10.00")
    before = registry_version()
    assert before is not None
    assert figures_get().total_usd == Decimal("10.00")

    version, epoch = _flushed_to_the_same_version("25.00")

    assert registry_version() == (version, epoch)
    assert epoch != before[1]
    assert figures_get().total_usd == Decimal("25.00")


def _redis_url() -> str:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            pytest.skip("no Redis on 127.0.0.1:6379")
    # One Redis database per pytest-xdist worker (gw0 uses 15, gw1 14, …): workers clear it.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{15 - int(worker.removeprefix('gw'))}"


def test_figures_in_redis_survive_the_process_and_not_a_flush():
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url(),
        }
    }
    with override_settings(CACHES=redis):
        caches["default"].clear()
        _agreement("10.00")
        assert figures_get().total_usd == Decimal("10.00")
        # Another process: nothing in memory, the figures read from Redis under the version.
        computed = []
        assert cached("figures", Scope(), lambda: computed.append(1)).total_usd == Decimal("10.00")
        assert computed == []

        _flushed_to_the_same_version("25.00")

        assert figures_get().total_usd == Decimal("25.00")
        caches["default"].clear()


def test_figures_computed_when_redis_does_not_answer():
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    _agreement("10.00")
    with override_settings(CACHES=dead):
        assert figures_get().total_usd == Decimal("10.00")


def test_registry_version_is_none_inside_a_transaction():
    with transaction.atomic():
        assert registry_version() is None


def test_agreement_count_is_cached_and_sees_the_next_write(django_assert_num_queries):
    _agreement("10.00")
    filters = AgreementFilters(region="BY-HO")
    assert agreement_count(filters=filters) == 1

    with django_assert_num_queries(1):
        assert agreement_count(filters=filters) == 1
    _agreement("20.00")

    assert agreement_count(filters=filters) == 2
    assert agreement_count(filters=AgreementFilters(region="RU-MOW")) == 0


def test_region_and_forum_lists_are_cached_and_see_the_next_write(django_assert_num_queries):
    _agreement("10.00")
    counts = {region.code: region.agreement_count for region in region_list_with_stats_cached()}
    assert counts == {"BY-HO": 1, "RU-SMO": 1}
    assert sum(forum.agreement_count for forum in forum_list_with_figures_cached()) == 1

    with django_assert_num_queries(2):
        region_list_with_stats_cached()
        forum_list_with_figures_cached()
    _agreement("20.00")

    counts = {region.code: region.agreement_count for region in region_list_with_stats_cached()}
    assert counts == {"BY-HO": 2, "RU-SMO": 2}
    assert sum(forum.agreement_count for forum in forum_list_with_figures_cached()) == 2


@pytest.mark.parametrize("table", WATCHED_TABLES)
def test_a_migrated_sqlite_database_has_the_version_triggers_on_every_watched_table(table):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps a table's triggers when a migration alters it")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
        )
        names = sorted(name for (name,) in cursor.fetchall())
    assert names == [f"analytics_changed_{table}_{event}" for event in sorted(EVENTS)]


def test_registry_version_rises_when_an_organisation_or_a_forum_changes():
    agreement = _agreement("1.00")
    forum = ForumFactory(number=9, year=2022)
    versions = [registry_version()]

    Organisation.objects.filter(parties__agreement=agreement).update(name_en="Renamed")
    versions.append(registry_version())
    Forum.objects.filter(pk=forum.pk).update(year=2023)
    versions.append(registry_version())

    numbers = [version[0] for version in versions if version is not None]
    assert len(numbers) == 3 and numbers[0] < numbers[1] < numbers[2]


def test_sqlite_triggers_restore_puts_back_a_dropped_trigger():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite triggers only")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER analytics_changed_forums_forum_update")

    assert sqlite_triggers_restore(using="default") == ["analytics_changed_forums_forum_update"]
    assert sqlite_triggers_restore(using="default") == []
