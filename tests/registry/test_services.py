import pytest

from regionforum.registry.audit import Via, audit_source
from regionforum.registry.errors import RegistryError
from regionforum.registry.models import (
    Agreement,
    OrganisationAlias,
    Party,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)
from regionforum.registry.services import organisation_merge, review_decide
from tests.factories import OrganisationFactory, RegionFactory, UserFactory, agreement_between

pytestmark = pytest.mark.django_db


def test_review_decide_merge_moves_sources_and_closes_item():
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    SourceRecord.objects.create(agreement=second, file_name="ru.csv", row=2, row_hash="x")
    item = ReviewItem.objects.create(agreement=second, candidate=first, score=0.4, evidence="e")
    user = UserFactory(role="secretariat")
    review_decide(item=item, merge=True, user=user)
    item.refresh_from_db()
    assert (item.status, item.candidate_id, item.decided_by) == (
        ReviewStatus.MERGED,
        first.pk,
        user,
    )
    assert list(Agreement.objects.values_list("id", flat=True)) == [first.pk]
    assert first.sources.get().file_name == "ru.csv"
    assert first.parties.count() == 4


def test_review_decide_keep_apart_twice_refused():
    by = RegionFactory(code="BY-HO")
    item = ReviewItem.objects.create(
        agreement=agreement_between(by), candidate=agreement_between(by), score=0.4, evidence="e"
    )
    review_decide(item=item, merge=False)
    assert item.status == ReviewStatus.KEPT_APART
    with pytest.raises(RegistryError):
        review_decide(item=item, merge=False)
    assert Agreement.objects.count() == 2


def test_organisation_merge_moves_parties_and_keeps_names_as_aliases():
    region = RegionFactory(code="BY-HO")
    old = OrganisationFactory(region=region, name="Гомсельмаш", key="hamselmash")
    keep = OrganisationFactory(region=region, name="OJSC Gomselmash", key="hamselmash ojsc")
    agreement = agreement_between(region)
    Party.objects.filter(agreement=agreement).update(organisation=old)
    organisation_merge(organisation=old, into=keep)
    assert list(agreement.parties.values_list("organisation_id", flat=True)) == [keep.pk]
    assert list(OrganisationAlias.objects.values_list("organisation_id", "key")) == [
        (keep.pk, "hamselmash")
    ]
    old.refresh_from_db()
    assert old.merged_into == keep


def test_organisation_merge_records_who_moved_each_party_and_organisation():
    region = RegionFactory(code="BY-HO")
    user = UserFactory(username="secretary")
    oldest = OrganisationFactory(region=region, name="Гомсельмаш-1", key="hamselmash 1")
    old = OrganisationFactory(region=region, name="Гомсельмаш", key="hamselmash")
    keep = OrganisationFactory(region=region, name="OJSC Gomselmash", key="hamselmash ojsc")
    organisation_merge(organisation=oldest, into=old)
    agreement = agreement_between(region)
    Party.objects.filter(agreement=agreement).update(organisation=old)
    party = agreement.parties.get()
    with audit_source(via=Via.WEB):
        organisation_merge(organisation=old, into=keep, user=user)

    def last(history):
        row = history.order_by("-history_id").first()
        return row.history_user, row.history_via, row.history_type

    assert last(party.history.filter(organisation_id=keep.pk)) == (user, "web", "~")
    assert last(old.history.filter(merged_into_id=keep.pk)) == (user, "web", "~")
    assert last(oldest.history.filter(merged_into_id=keep.pk)) == (user, "web", "~")
    oldest.refresh_from_db()
    assert oldest.merged_into == keep
