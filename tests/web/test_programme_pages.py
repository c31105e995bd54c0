import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regionforum.accounts.models import Role
from regionforum.forums.outcomes import outcome_record
from regionforum.registry.models import Agreement
from tests.factories import ForumFactory, OrganisationFactory
from tests.forums.factories import ParticipantFactory, programme, scheduled_meeting
from tests.web.factories import region_minsk, region_smolensk, user_with_role

pytestmark = pytest.mark.django_db


def _forum():
    forum = ForumFactory(number=8, year=2021)
    programme(forum, slots=3, tables=2)
    minsk, smolensk = region_minsk(), region_smolensk()
    dairy = ParticipantFactory(
        forum=forum,
        ref="BY-1",
        name="Анна Ковалёва",
        organisation=OrganisationFactory(name="ОАО «Савушкин продукт»", region=minsk),
        sectors=["food"],
        offers="сыры, сливочное масло",
        seeks="Ищем поставщиков полимерной плёнки",
    )
    film = ParticipantFactory(
        forum=forum,
        ref="RU-7",
        name="Oleg Smirnov",
        organisation=OrganisationFactory(name="Polyplast LLC", region=smolensk),
        sectors=["chemicals"],
        offers="polymer film; PET preforms",
        seeks="cheese and butter for our retail chain",
    )
    return forum, dairy, film


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_programme_statistics_are_public_and_lists_are_not(client):
    forum, dairy, film = _forum()
    outcome_record(
        meeting=scheduled_meeting(forum, requester=dairy, invitee=film), by=film, outcome="deal"
    )

    response = client.get("/forums/8/programme/")

    text = _text(response)
    assert response.status_code == 200
    assert 'data-stat="participants">2<' in text
    assert 'data-stat="acceptance">100%<' in text
    assert 'data-stat="scheduled">1<' in text
    assert 'data-funnel="held">1<' in text
    assert 'data-funnel="deals">1<' in text
    assert 'data-funnel="agreements">0<' in text
    assert 'data-tab="participants"' not in text
    assert (
        "Oleg Smirnov" not in client.get("/forums/8/programme/?tab=participants").content.decode()
    )
    assert 'data-chart="region-meetings"' in text


def test_programme_participants_filter_by_region_sector_and_text(client):
    _forum()
    client.force_login(user_with_role(Role.ANALYST))

    def refs(query):
        page = client.get(f"/forums/8/programme/?tab=participants&{query}").content.decode()
        return re.findall(r'data-participant="([^"]+)"', page)

    assert refs("") == ["BY-1", "RU-7"]
    assert refs("region=RU-SMO") == ["RU-7"]
    assert refs("sector=food") == ["BY-1"]
    assert refs("q=polymer") == ["RU-7"]
    assert refs("q=nothing+like+it") == []


def test_programme_participants_query_count_does_not_grow_with_the_list(client):
    forum, _dairy, _film = _forum()
    client.force_login(user_with_role(Role.ANALYST))
    counts = []
    for more in (1, 3):
        for _ in range(more):
            ParticipantFactory(forum=forum)
        with CaptureQueriesContext(connection) as queries:
            client.get("/forums/8/programme/?tab=participants")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_programme_schedule_shows_the_grid_and_the_button_to_the_secretariat(client):
    forum, dairy, film = _forum()
    meeting = scheduled_meeting(forum, requester=dairy, invitee=film, index=1)
    client.force_login(user_with_role(Role.ANALYST))

    text = _text(client.get("/forums/8/programme/?tab=schedule"))
    assert f'data-meeting="{meeting.pk}">Анна Ковалёва ↔ Oleg Smirnov<' in text
    assert text.count('<tr><th scope="row">') == 3
    assert 'data-action="schedule"' not in text

    client.force_login(user_with_role(Role.SECRETARIAT))
    assert 'data-action="schedule"' in _text(client.get("/forums/8/programme/?tab=schedule"))
    client.force_login(user_with_role(Role.ANALYST))
    assert client.post("/forums/8/programme/schedule/").status_code == 403


def test_participant_page_shows_suggestions_with_reasons(client):
    _programme, dairy, _film = _forum()

    text = _text(client.get(f"/programme/p/{dairy.agenda_token}/"))

    assert 'data-suggestion="RU-7"' in text
    why = re.search(r'data-suggestion="RU-7">.*?<div class="why" data-why>(.*?)</div>', text)
    assert why is not None and "polymer film" in why.group(1)
    assert client.get("/programme/p/not-a-token/").status_code == 404


def test_participant_records_a_deal_and_the_secretariat_confirms_it(client):
    forum, dairy, film = _forum()
    meeting = scheduled_meeting(forum, requester=dairy, invitee=film)

    response = client.post(
        f"/programme/p/{film.agenda_token}/meetings/{meeting.pk}/",
        {"outcome": "deal", "note": "Film for the dairy's packaging"},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    draft = Agreement.all_objects.get(pk=meeting.agreement_id)
    assert draft.is_draft is True
    outsider = ParticipantFactory(forum=forum)
    client.post(
        f"/programme/p/{outsider.agenda_token}/meetings/{meeting.pk}/", {"outcome": "no interest"}
    )
    meeting.refresh_from_db()
    assert meeting.outcome == "deal"

    confirm = f"/forums/8/programme/drafts/{draft.pk}/confirm/"
    fields = {
        "kind": "contract",
        "signed_on": "2021-06-30",
        "amount": "1 500 000",
        "currency": "USD",
    }
    client.force_login(user_with_role(Role.COORDINATOR))
    assert client.post(confirm, fields).status_code == 403
    client.force_login(user_with_role(Role.SECRETARIAT))
    assert client.post(confirm, fields).status_code == 302

    confirmed = Agreement.objects.get(pk=draft.pk)
    assert (confirmed.kind, confirmed.signed_on, confirmed.money.value) == (
        "contract",
        date(2021, 6, 30),
        Decimal("1500000.00"),
    )
    forum_page = _text(client.get("/forums/8/"))
    assert 'data-funnel="agreements">1<' in forum_page
    assert 'data-funnel="total_usd">$1,500,000<' in forum_page
    assert 'data-link="programme"' in forum_page


def test_signed_in_participant_reaches_their_own_programme(client):
    _programme, dairy, _film = _forum()
    user = user_with_role(Role.PARTICIPANT)
    dairy.user = user
    dairy.save()

    assert client.get("/forums/8/programme/me/").status_code == 403
    client.force_login(user)
    assert 'data-link="own-programme"' in _text(client.get("/forums/8/programme/"))
    response = client.get("/forums/8/programme/me/")
    assert response.status_code == 302
    assert response["Location"] == f"/programme/p/{dairy.agenda_token}/"


def test_programme_schedule_reads_times_in_the_forum_time_zone(client):
    forum = ForumFactory(number=9, year=2022, time_zone="Asia/Yekaterinburg")
    programme(forum, slots=2, tables=1)
    client.force_login(user_with_role(Role.ANALYST))

    text = _text(client.get("/forums/9/programme/?tab=schedule"))

    assert re.findall(r'<th scope="row">[^<]*?(\d\d:\d\d)</th>', text) == ["10:00", "10:30"]


def test_participant_requests_a_meeting_and_the_other_side_accepts(client):
    from regionforum.forums.models import Meeting, MeetingRequest

    _programme, dairy, film = _forum()

    response = client.post(
        f"/programme/p/{dairy.agenda_token}/requests/", {"invitee": "RU-7", "priority": "must"}
    )

    assert response.status_code == 302
    sent = MeetingRequest.objects.get(requester=dairy, invitee=film)
    assert (sent.priority, sent.status) == ("must", "requested")
    assert 'data-incoming="BY-1"' in _text(client.get(f"/programme/p/{film.agenda_token}/"))
    client.post(f"/programme/p/{dairy.agenda_token}/requests/{sent.pk}/accept/")
    sent.refresh_from_db()
    assert sent.status == "requested"
    client.post(f"/programme/p/{film.agenda_token}/requests/{sent.pk}/accept/")
    sent.refresh_from_db()
    assert sent.status == "accepted"
    assert Meeting.objects.filter(request=sent).count() == 1


def test_secretariat_publishes_a_finished_run(client):
    from regionforum.forums.models import ScheduleRun

    forum, _dairy, _film = _forum()
    run = ScheduleRun.objects.create(forum=forum, status="done", progress=1.0)
    client.force_login(user_with_role(Role.ANALYST))
    assert client.post(f"/forums/8/programme/runs/{run.pk}/publish/").status_code == 403
    client.force_login(user_with_role(Role.SECRETARIAT))
    assert 'data-action="publish"' in _text(client.get("/forums/8/programme/?tab=schedule"))
    status = client.get(f"/forums/8/programme/runs/{run.pk}/").json()
    assert (status["status"], status["progress"], status["published"]) == ("done", 1.0, False)

    client.post(f"/forums/8/programme/runs/{run.pk}/publish/")

    run.refresh_from_db()
    assert run.published_at is not None
    assert client.get(f"/forums/8/programme/runs/{run.pk}/").json()["published"] is True


def _accepted(forum, pairs):
    from regionforum.forums.requests import request_accept, request_create

    for a, b in pairs:
        request_accept(request=request_create(requester=a, invitee=b, priority="must"), by=b)


@pytest.mark.django_db(transaction=True)
def test_schedule_button_runs_the_schedule_and_shows_its_result(client):
    from regionforum.forums.models import Meeting, ScheduleRun

    forum, dairy, film = _forum()
    third = ParticipantFactory(forum=forum, ref="RU-9")
    _accepted(forum, [(dairy, film), (dairy, third)])
    client.force_login(user_with_role(Role.SECRETARIAT))

    # Outside a transaction, as in production, the run is enqueued (and the immediate backend
    # runs it) before the view reads its status.
    response = client.post("/forums/8/programme/schedule/", {"time_limit": "5"}, follow=True)

    run = ScheduleRun.objects.get(forum=forum)
    assert (run.status, run.placed, run.meetings, run.time_limit) == ("done", 2, 2, 5.0)
    # A draft until it is published: no meeting has its place yet.
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 0
    text = _text(response)
    assert "The schedule is ready: check it, then publish it." in text
    assert 'data-run-status="done">Last run: Done · 2 meetings scheduled' in text
    assert 'data-action="publish"' in text
    assert "data-poll-url" not in text  # nothing left to poll

    client.post(f"/forums/8/programme/runs/{run.pk}/publish/")
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 2


def test_schedule_button_while_a_run_is_active_shows_that_run(client):
    from regionforum.forums.models import ScheduleRun

    forum, _dairy, _film = _forum()
    active = ScheduleRun.objects.create(
        forum=forum, status="running", phase="scheduling", meetings=40, placed=12, bound=3
    )
    client.force_login(user_with_role(Role.SECRETARIAT))

    response = client.post("/forums/8/programme/schedule/", {"time_limit": "5"}, follow=True)

    assert ScheduleRun.objects.filter(forum=forum).count() == 1
    text = _text(response)
    assert "A schedule run for this forum is already under way (started" in text
    assert (
        f'data-run="{active.pk}" data-poll-url="/forums/8/programme/runs/{active.pk}/" '
        'data-poll-while="queued running" data-poll-every="700" data-poll-empty="—"'
    ) in text
    assert '<span data-field="phase_label">scheduling the meetings</span>' in text
    assert '<dd data-field="placed">12</dd>' in text
    assert '<dd data-field="best_breaks">—</dd>' in text
    assert '<script src="/static/web/progress.js" defer></script>' in text
    assert 'data-action="schedule"' not in text
    assert 'data-action="publish"' not in text


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("abc", "The time limit must be a number of seconds."),
        ("0", "The time limit must be between 1 and 600 seconds."),
        ("nan", "The time limit must be between 1 and 600 seconds."),
    ],
)
def test_schedule_button_refuses_a_bad_time_limit(client, limit, message):
    from regionforum.forums.models import ScheduleRun

    _forum()
    client.force_login(user_with_role(Role.SECRETARIAT))

    response = client.post("/forums/8/programme/schedule/", {"time_limit": limit}, follow=True)

    assert message in _text(response)
    assert ScheduleRun.objects.count() == 0


def test_schedule_run_status_reports_its_progress_to_the_secretariat_only(client):
    from regionforum.forums.models import ScheduleRun

    forum, _dairy, _film = _forum()
    run = ScheduleRun.objects.create(
        forum=forum,
        status="running",
        phase="scheduling",
        progress=0.4,
        meetings=40,
        placed=38,
        best_breaks=9,
        bound=5,
    )
    url = f"/forums/8/programme/runs/{run.pk}/"
    client.force_login(user_with_role(Role.ANALYST))
    assert client.get(url).status_code == 403

    client.force_login(user_with_role(Role.SECRETARIAT))
    status = client.get(url).json()

    assert {k: status[k] for k in ("status", "phase", "phase_label", "progress")} == {
        "status": "running",
        "phase": "scheduling",
        "phase_label": "scheduling the meetings",
        "progress": 0.4,
    }
    assert (status["meetings"], status["placed"], status["best_breaks"], status["bound"]) == (
        40,
        38,
        9,
        5,
    )
    assert client.get(f"/forums/8/programme/runs/{run.pk + 1}/").status_code == 404
