import re

import pytest

from regionforum.accounts.models import Role
from regionforum.analytics.selectors import figures_get
from regionforum.forums.demo import DEMO_FORUM, demo_programme_load, demo_programme_remove
from regionforum.forums.models import Meeting, MeetingRequest, Participant, ScheduleRun, Slot
from regionforum.forums.services import forum_calendar_load
from regionforum.forums.stats import programme_funnel
from regionforum.gazetteer.services import gazetteer_load
from regionforum.registry.models import Agreement, Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture
def loaded():
    gazetteer_load()
    forum_calendar_load()
    secretariat = UserFactory(role=Role.SECRETARIAT)
    return demo_programme_load(secretariat=secretariat), secretariat


def test_demo_programme_is_a_synthetic_bilingual_published_programme(loaded):
    result, _secretariat = loaded
    participants = Participant.objects.filter(forum__number=DEMO_FORUM)

    assert result.participants == participants.count() == 150
    assert all(participant.is_synthetic for participant in participants)
    russian = sum(bool(CYRILLIC.search(p.offers)) for p in participants)
    assert 60 <= russian <= 90
    assert {p.region.country.code for p in participants} == {"BY", "RU"}
    days = {slot.starts_at.date() for slot in Slot.objects.filter(forum__number=DEMO_FORUM)}
    assert len(days) == 2
    statuses = set(MeetingRequest.objects.values_list("status", flat=True))
    assert {"accepted", "declined", "requested"} <= statuses
    run = ScheduleRun.objects.get(forum__number=DEMO_FORUM)
    assert run.published_at is not None
    assert result.scheduled == Meeting.objects.exclude(slot=None).count() > 100
    funnel = programme_funnel(forum=run.forum)
    assert funnel.deals == result.deals > 0
    assert funnel.agreements == result.agreements > 0
    assert funnel.drafts == result.deals - result.agreements
    assert figures_get().agreements == result.agreements


def test_demo_programme_twice_duplicates_nothing_and_remove_takes_it_out(loaded):
    _result, secretariat = loaded
    counts = (
        Participant.objects.count(),
        MeetingRequest.objects.count(),
        Agreement.all_objects.count(),
    )

    assert demo_programme_load(secretariat=secretariat) is None
    assert (
        Participant.objects.count(),
        MeetingRequest.objects.count(),
        Agreement.all_objects.count(),
    ) == counts

    assert demo_programme_remove() == 150
    assert (Participant.objects.count(), MeetingRequest.objects.count()) == (0, 0)
    assert Agreement.all_objects.count() == 0
    assert Organisation.objects.filter(is_synthetic=True).count() == 0
    assert Slot.objects.count() == 0
    assert demo_programme_load(secretariat=secretariat).participants == 150
