"""Agendas show only a published schedule: a run's draft stays off them, and meetings waiting for
a schedule say "not yet scheduled"."""

from datetime import date, time

import pytest
from django.utils import translation
from icalendar import Calendar

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.agenda_calendar import agenda_ics
from regionforum.forums.agendas import forum_agendas_get, participant_agenda_get, schedule_state_get
from regionforum.forums.models import ScheduleRun
from regionforum.forums.programme import programme_publish
from regionforum.forums.requests import request_accept, request_create
from regionforum.forums.schedule_runs import schedule_run_create, schedule_run_execute
from tests.factories import ForumFactory, UserFactory
from tests.forums.factories import ParticipantFactory, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=3, tables=1, start=time(10, 0))
    anna = ParticipantFactory(forum=forum, ref="A", name="Анна")
    for ref, name in (("B", "Борис"), ("C", "Вера")):
        other = ParticipantFactory(forum=forum, ref=ref, name=name)
        request_accept(
            request=request_create(requester=anna, invitee=other, priority="must"), by=other
        )
    return forum


def _run(forum):
    run = schedule_run_execute(
        run_id=schedule_run_create(forum=forum, user=None, time_limit=5).run.pk
    )
    assert run.status == "done" and run.result["scheduled"] == 2
    return run


def test_schedule_state_follows_the_runs(forum):
    assert schedule_state_get(forum=forum).published is False

    first = _run(forum)
    draft = schedule_state_get(forum=forum)
    programme_publish(run=first)
    published = schedule_state_get(forum=forum)
    _run(forum)
    newer_draft = schedule_state_get(forum=forum)
    ScheduleRun.objects.create(forum=forum, status="failed")
    after_a_failure = schedule_state_get(forum=forum)

    first.refresh_from_db()
    assert (draft.published_at, draft.new_run_pending) == (None, True)
    assert (published.published_at, published.new_run_pending) == (first.published_at, False)
    assert (newer_draft.published_at, newer_draft.new_run_pending) == (first.published_at, True)
    assert after_a_failure == newer_draft


def test_agenda_of_a_draft_says_not_yet_scheduled_and_shows_no_draft_slot(forum):
    _run(forum)
    anna = forum.participants.get(ref="A")

    with translation.override("en"):
        agenda = participant_agenda_get(participant=anna)

    assert agenda.items == []
    assert [(i.partner.ref, i.reason, i.pending) for i in agenda.unscheduled] == [
        ("B", "not yet scheduled", True),
        ("C", "not yet scheduled", True),
    ]
    assert agenda.schedule.published is False
    assert Calendar.from_ical(agenda_ics(agenda)).walk("VEVENT") == []
    everything = forum_agendas_get(forum=forum)
    assert all(a.items == [] and a.schedule == agenda.schedule for a in everything.participants)


def test_agenda_page_of_a_draft_says_not_yet_scheduled_in_each_language(client, forum):
    _run(forum)
    url = f"/agenda/{forum.participants.get(ref='A').agenda_token}/"

    pages = {
        language: client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for language in ("en", "ru", "be")
    }

    assert "Meetings are not yet scheduled: the schedule has not been published." in pages["en"]
    assert "Встречи ещё не назначены: расписание не опубликовано." in pages["ru"]
    assert "Сустрэчы яшчэ не прызначаны: расклад не апублікаваны." in pages["be"]
    assert "<h2>Not yet scheduled</h2>" in pages["en"]
    for page in pages.values():
        assert "Борис" in page and "Вера" in page
        assert "10:00–10:30" not in page and "10:30–11:00" not in page


def test_agenda_page_after_publishing_shows_the_times_and_then_a_newer_draft_changes_nothing(
    client, forum
):
    first = _run(forum)
    programme_publish(run=first)
    anna = forum.participants.get(ref="A")
    url = f"/agenda/{anna.agenda_token}/"

    published = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    times = [item.starts_at for item in participant_agenda_get(participant=anna).items]
    _run(forum)
    with_draft = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert len(times) == 2
    assert "not yet scheduled" not in published.lower()
    assert "A new schedule is being made" not in published
    assert (
        "A new schedule is being made; until it is published, the times here stand." in with_draft
    )
    assert [item.starts_at for item in participant_agenda_get(participant=anna).items] == times


def test_agenda_api_of_a_draft_says_not_yet_scheduled(client, forum):
    _run(forum)
    token = token_create(user=UserFactory(role=Role.SECRETARIAT))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "ru"}

    agenda = client.get("/api/v1/forums/8/participants/A/agenda", **headers).json()
    meetings = client.get("/api/v1/forums/8/participants/A/meetings", **headers).json()

    assert (agenda["schedule"], agenda["published_at"], agenda["new_run_pending"]) == (
        "not_published",
        None,
        True,
    )
    assert agenda["meetings"] == []
    assert [(u["partner"]["ref"], u["reason"], u["pending"]) for u in agenda["unscheduled"]] == [
        ("B", "ещё не назначена", True),
        ("C", "ещё не назначена", True),
    ]
    assert meetings["schedule"] == "not_published"
    assert [
        (m["status"], m["starts_at"], m["slot"], m["reason"]) for m in meetings["meetings"]
    ] == [
        ("pending", None, None, "ещё не назначена"),
        ("pending", None, None, "ещё не назначена"),
    ]


def test_participant_programme_page_of_a_draft_says_not_yet_scheduled(client, forum):
    _run(forum)
    url = f"/programme/p/{forum.participants.get(ref='A').agenda_token}/"

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert english.count('<span data-schedule="pending">not yet scheduled</span>') == 2
    assert russian.count('<span data-schedule="pending">ещё не назначена</span>') == 2
    assert "data-when" not in english


def test_publish_button_for_an_older_run_says_which_run_is_newer(client, forum):
    older, newer = _run(forum), _run(forum)
    programme_publish(run=newer)
    client.force_login(UserFactory(role=Role.SECRETARIAT))

    response = client.post(
        f"/forums/8/programme/runs/{older.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    older.refresh_from_db()
    assert older.published_at is None
    assert f"Schedule run {older.pk} is older than run {newer.pk}" in response.content.decode()
