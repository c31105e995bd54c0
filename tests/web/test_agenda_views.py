from datetime import date, time

import pytest
from django.urls import reverse
from icalendar import Calendar

from regionforum.accounts.models import Role
from regionforum.forums.selectors import slot_list
from tests.factories import ForumFactory, OrganisationFactory, UserFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_with_meetings():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=3, tables=2, start=time(10, 0))
    slots = list(slot_list(forum=forum))
    tables = list(forum.tables.order_by("number"))
    anna = ParticipantFactory(forum=forum, ref="A", name="Анна Петрова")
    boris = ParticipantFactory(
        forum=forum,
        ref="B",
        name="Борис <b>Иванов</b>",
        organisation=OrganisationFactory(name="ОАО «Полимер»"),
        offers="полимерная плёнка",
    )
    vera = ParticipantFactory(forum=forum, ref="V", name="Vera Smirnova")
    meeting(anna, boris, slot=slots[0], table=tables[0])
    meeting(vera, boris, slot=slots[1], table=tables[0])
    meeting(anna, vera, reason="no common free slot")
    return forum, anna, boris, vera


def test_agenda_page_at_the_private_link_shows_the_meetings_without_login(
    client, programme_with_meetings
):
    _forum, anna, _boris, _vera = programme_with_meetings

    response = client.get(f"/agenda/{anna.agenda_token}/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Повестка дня: Анна Петрова" in page
    assert "10:00–10:30" in page
    assert "Борис &lt;b&gt;Иванов&lt;/b&gt;" in page
    assert "ОАО «Полимер»" in page
    assert "полимерная плёнка" in page
    assert "Vera Smirnova" in page and "no common free slot" in page
    assert f"/agenda/{anna.agenda_token}/agenda.pdf" in page
    assert f"/agenda/{anna.agenda_token}/agenda.ics" in page
    assert response["Cache-Control"] == "private, no-store"


def test_agenda_page_is_in_english_when_asked(client, programme_with_meetings):
    _forum, anna, _boris, _vera = programme_with_meetings

    page = client.get(f"/agenda/{anna.agenda_token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Agenda of Анна Петрова" in page
    assert "Download PDF" in page


def test_agenda_page_shows_only_this_participant_meetings(client, programme_with_meetings):
    _forum, anna, _boris, _vera = programme_with_meetings

    page = client.get(f"/agenda/{anna.agenda_token}/").content.decode()

    assert "10:30–11:00" not in page


def test_agenda_page_with_a_wrong_token_is_404(client, programme_with_meetings):
    assert client.get("/agenda/not-a-token/").status_code == 404
    assert client.get("/agenda/not-a-token/agenda.ics").status_code == 404


def test_agenda_ics_at_the_private_link_parses_with_local_times(client, programme_with_meetings):
    _forum, _anna, boris, _vera = programme_with_meetings

    response = client.get(f"/agenda/{boris.agenda_token}/agenda.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [e.decoded("dtstart").strftime("%H:%M") for e in events] == ["10:00", "10:30"]


def test_agenda_pdf_at_the_private_link_is_a_pdf(client, programme_with_meetings):
    _forum, anna, _boris, _vera = programme_with_meetings

    response = client.get(f"/agenda/{anna.agenda_token}/agenda.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_table_agenda_is_for_the_secretariat_and_analysts(client, programme_with_meetings):
    url = reverse("web:table_agenda", args=[8, 1])

    assert client.get(url).status_code == 302
    client.force_login(UserFactory(role=Role.PARTICIPANT))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Agenda of table 1" in page
    assert "Анна Петрова" in page and "Vera Smirnova" in page
    assert client.get(reverse("web:table_agenda", args=[8, 9])).status_code == 404


@pytest.mark.parametrize("meetings", [1, 3])
def test_agenda_page_queries_do_not_grow_with_meetings(
    client, django_assert_max_num_queries, meetings
):
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=3, tables=1)
    slots = list(slot_list(forum=forum))
    anna = ParticipantFactory(forum=forum, ref="A")
    for index in range(meetings):
        other = ParticipantFactory(forum=forum, ref=f"O{index}")
        meeting(anna, other, slot=slots[index], table=forum.tables.get())

    with django_assert_max_num_queries(4):
        response = client.get(f"/agenda/{anna.agenda_token}/")

    assert response.content.decode().count('class="agenda-person"') == meetings


def test_agenda_page_is_in_belarusian_when_asked(client, programme_with_meetings):
    _forum, anna, _boris, _vera = programme_with_meetings

    page = client.get(f"/agenda/{anna.agenda_token}/", HTTP_ACCEPT_LANGUAGE="be").content.decode()

    assert "Парадак дня: Анна Петрова" in page
    assert "Спампаваць PDF" in page
