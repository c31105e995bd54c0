from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regionforum.accounts.models import Role
from regionforum.forums.models import MeetingRequest
from regionforum.forums.outcomes import attendance_record, draft_confirm, outcome_record
from regionforum.forums.stats import programme_funnel, programme_stats
from regionforum.money import Money as Amount
from tests.factories import ForumFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.forums.factories import (
    ParticipantFactory,
    meeting_between,
    programme,
    scheduled_meeting,
)

pytestmark = pytest.mark.django_db


def _programme():
    """Minsk: a (machinery), b (machinery, food); Smolensk: c (food), d (food).
    Requests a→c accepted and scheduled (deal), b→d accepted and scheduled (no-show),
    a→d accepted but not scheduled, c→b declined, d→a requested, b→c cancelled."""
    forum = ForumFactory(number=8)
    programme(forum, slots=4, tables=2)
    minsk, smolensk = RegionFactory(code="BY-MI"), RegionFactory(code="RU-SMO")

    def person(region, sectors):
        return ParticipantFactory(
            forum=forum, organisation=OrganisationFactory(region=region), sectors=sectors
        )

    a = person(minsk, ["machinery"])
    b = person(minsk, ["machinery", "food"])
    c = person(smolensk, ["food"])
    d = person(smolensk, ["food"])
    deal = scheduled_meeting(forum, requester=a, invitee=c, index=0)
    missed = scheduled_meeting(forum, requester=b, invitee=d, index=1)
    meeting_between(a, d)
    for requester, invitee, status in [
        (c, b, "declined"),
        (d, a, "requested"),
        (b, c, "cancelled"),
    ]:
        MeetingRequest.objects.create(
            forum=forum, requester=requester, invitee=invitee, status=status
        )
    outcome_record(meeting=deal, by=a, outcome="deal")
    attendance_record(meeting=missed, by=d, attendance="no-show")
    return forum, deal


def test_programme_stats_counts_requests_meetings_and_outcomes():
    forum, _deal = _programme()

    stats = programme_stats(forum=forum)

    assert stats.participants == 4
    assert stats.requests == 6
    assert stats.by_status == {"requested": 1, "accepted": 3, "declined": 1, "cancelled": 1}
    assert stats.acceptance_rate == 0.75
    assert (stats.meetings, stats.scheduled, stats.unscheduled) == (3, 2, 1)
    assert (stats.held, stats.no_shows, stats.deals) == (1, 1, 1)
    assert stats.outcomes == {"no interest": 0, "follow-up": 0, "deal": 1}
    assert stats.meetings_per_participant == 1.0
    assert stats.meetings_histogram == [(1, 4)]


def test_programme_stats_by_region_and_sector():
    forum, _deal = _programme()

    stats = programme_stats(forum=forum)

    rows = {
        group.key: (
            group.participants,
            group.requests,
            group.acceptance_rate,
            group.scheduled,
            group.held,
            group.no_shows,
            group.deals,
            group.meetings_per_participant,
        )
        for group in stats.by_region
    }
    assert rows == {
        "BY-MI": (2, 4, 1.0, 2, 1, 1, 1, 1.0),
        "RU-SMO": (2, 2, 0.0, 2, 1, 1, 1, 1.0),
    }
    assert [group.region.code for group in stats.by_region] == ["BY-MI", "RU-SMO"]
    sectors = {
        group.key: (group.participants, group.requests, group.scheduled, group.deals)
        for group in stats.by_sector
    }
    # The deal a–c counts once in machinery (a) and once in food (c).
    assert sectors == {"food": (3, 4, 2, 1), "machinery": (2, 4, 2, 1)}


def test_programme_funnel_counts_a_deal_as_an_agreement_only_once_confirmed():
    forum, deal = _programme()
    deal.refresh_from_db()

    before = programme_funnel(forum=forum)
    assert (before.held, before.deals, before.agreements, before.drafts, before.total_usd) == (
        1,
        1,
        0,
        1,
        Decimal("0.00"),
    )

    draft_confirm(
        agreement=deal.agreement,
        user=UserFactory(role=Role.SECRETARIAT),
        kind="contract",
        signed_on=date(2021, 6, 29),
        amount=Amount(value=Decimal("1200000"), currency="USD"),
    )

    after = programme_funnel(forum=forum)
    assert (after.held, after.deals, after.agreements, after.drafts, after.total_usd) == (
        1,
        1,
        1,
        0,
        Decimal("1200000.00"),
    )


def test_programme_stats_of_an_empty_programme():
    stats = programme_stats(forum=ForumFactory(number=9))
    assert (stats.participants, stats.requests, stats.acceptance_rate) == (0, 0, None)
    assert (stats.meetings_per_participant, stats.by_region, stats.by_sector) == (0.0, [], [])


def test_programme_stats_query_count_does_not_grow_with_the_programme():
    forum, _deal = _programme()
    with CaptureQueriesContext(connection) as small:
        programme_stats(forum=forum)
    gomel = RegionFactory(code="BY-HO")
    for index in (2, 3):
        scheduled_meeting(
            forum,
            requester=ParticipantFactory(
                forum=forum, organisation=OrganisationFactory(region=gomel), sectors=["energy"]
            ),
            index=index,
        )
    with CaptureQueriesContext(connection) as large:
        programme_stats(forum=forum)
    assert len(small) == len(large) == 4
