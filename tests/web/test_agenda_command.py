from datetime import date, time

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from regionforum.forums.selectors import slot_list
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=2, tables=1, start=time(10, 0))
    anna = ParticipantFactory(forum=forum, ref="A", name="Анна")
    meeting(
        anna,
        ParticipantFactory(forum=forum, ref="B", name="Борис"),
        slot=slot_list(forum=forum).first(),
        table=forum.tables.get(),
    )
    return anna


def test_agenda_command_writes_an_ics_that_parses_with_local_times(anna, tmp_path):
    out = tmp_path / "a.ics"

    call_command("agenda", "--forum", "8", "--participant", "A", "--format", "ics", "--out", out)

    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [e.decoded("dtstart").strftime("%H:%M") for e in events] == ["10:00"]


def test_agenda_command_writes_html_and_pdf(anna, tmp_path):
    call_command(
        "agenda", "--forum=8", "--participant=A", "--format=html", f"--out={tmp_path}/a.html"
    )
    call_command("agenda", "--forum=8", "--table=1", "--format=pdf", f"--out={tmp_path}/t.pdf")

    html = (tmp_path / "a.html").read_text("utf-8")
    assert "Борис" in html and "10:00–10:30" in html
    assert "size: A4" in html
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--forum=99", "--participant=A"], "There is no forum number 99."),
        (["--forum=8", "--participant=ZZ"], 'Forum 8 has no participant "ZZ".'),
        (["--forum=8", "--table=7"], "Forum 8 has no table 7."),
    ],
)
def test_agenda_command_refuses_unknown_forum_participant_or_table_with_exit_2(
    anna, tmp_path, arguments, message
):
    with pytest.raises(CommandError) as raised:
        call_command("agenda", *arguments, "--format=ics", f"--out={tmp_path}/x.ics")

    assert raised.value.returncode == 2
    assert str(raised.value) == message
    assert not (tmp_path / "x.ics").exists()
