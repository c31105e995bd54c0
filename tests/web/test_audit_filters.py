"""The audit log's filters, one by one: each narrows /audit/ to the changes that match it."""

from datetime import UTC, datetime

import pytest

from regionforum.accounts.models import Role
from regionforum.registry.audit import Via, audit_source
from regionforum.registry.models import ImportBatch
from regionforum.registry.services import agreement_update, organisation_update
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(client):
    ForumFactory(number=8)
    minsk = RegionFactory(code="BY-MI", name_be="Мінская вобласць")
    smolensk = RegionFactory(code="RU-SMO")
    dairy = agreement_between(minsk, smolensk, title="Minsk dairy")
    buses = agreement_between(minsk, smolensk, title="Minsk buses")
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    batch = ImportBatch.objects.create(file_name="gomel.csv", sha256="0" * 64)
    with audit_source(via=Via.WEB):
        agreement_update(agreement=dairy, user=alice, fields={"status": "in progress"})
    created, old = dairy.history.order_by("history_id")
    for hour, row in ((10, created), (12, old)):
        dairy.history.filter(history_id=row.history_id).update(
            history_date=datetime(2020, 1, 15, hour, tzinfo=UTC)
        )
    with audit_source(via=Via.IMPORT, batch_id=batch.pk):
        agreement_update(agreement=buses, user=None, fields={"status": "fulfilled"})
    organisation = buses.parties.first().organisation
    with audit_source(via=Via.API):
        organisation_update(organisation=organisation, user=bob, name="Renamed", kind="enterprise")
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    return {
        "dairy": dairy.pk,
        "buses": buses.pk,
        "organisation": organisation.pk,
        "batch": batch.pk,
        "old": old.history_id,
    }


def _listed(client, query=""):
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    return response.context["entries"]


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("model=organisation", lambda e, c: e.model == "organisation"),
        (
            "model=agreement&object={dairy}",
            lambda e, c: e.model == "agreement" and e.object_id == c["dairy"],
        ),
        ("user=alice", lambda e, c: e.user == "alice"),
        ("via=api", lambda e, c: e.via == "api"),
        ("batch={batch}", lambda e, c: e.batch_id == c["batch"]),
        ("until=2020-12-31", lambda e, c: e.at.year == 2020),
        ("since=2021-01-01", lambda e, c: e.at.year > 2020),
    ],
)
def test_audit_filter_narrows_the_list_to_matching_changes(client, changes, query, matches):
    everything = _listed(client)
    expected = [entry.ref for entry in everything if matches(entry, changes)]
    listed = _listed(client, query.format(**changes))
    assert 0 < len(listed) < len(everything)
    assert [entry.ref for entry in listed] == expected


def test_audit_filters_combine(client, changes):
    listed = _listed(client, f"model=agreement&object={changes['dairy']}&user=alice&via=web")
    assert [(entry.record_id, entry.changes) for entry in listed] == [
        (changes["old"], {"status": ("signed", "in progress")})
    ]
