"""The business programme's path in headless Chromium, in English and in Russian: a participant
opens their private link and sees suggestions with reasons; a request is accepted, the
secretariat schedules (a database-backend worker runs the task while the page follows it) and
publishes, and the participant downloads their agenda as PDF and .ics; a meeting's deal is
recorded, appears as a draft agreement, and once the secretariat confirms it, on the forum page."""

from collections.abc import Iterator
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect, sync_playwright

from regionforum.forums.models import ScheduleRun, Slot
from regionforum.registry.models import Agreement
from tests.factories import ForumFactory, OrganisationFactory
from tests.forums.factories import ParticipantFactory, programme, scheduled_meeting
from tests.web.factories import region_minsk, region_smolensk, user_with_role
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "en-GB": {
        "suggestions": "Suggested partners",
        "draft": "draft agreement, waiting for the secretariat",
        "confirmed": "The agreement is confirmed and now counts in the figures.",
        "funnel": "From business meetings to agreements",
        "waiting": "waiting for a worker",
        "ready": "The schedule is ready: check it, then publish it.",
        "published": "The schedule is published.",
    },
    "ru-RU": {
        "suggestions": "Предлагаемые партнёры",
        "draft": "черновик соглашения, ждёт секретариата",
        "confirmed": "Соглашение подтверждено и теперь учитывается в показателях.",
        "funnel": "От деловых встреч к соглашениям",
        "waiting": "ожидает обработчика",
        "ready": "Расписание готово: проверьте его и опубликуйте.",
        "published": "Расписание опубликовано.",
    },
}


@pytest.fixture(params=sorted(TEXTS))
def localised(request, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Page, dict[str, str]]]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale=request.param)
        yield context.new_page(), TEXTS[request.param]
        context.close()
        browser.close()


def _programme():
    forum = ForumFactory(number=8, year=2021)
    programme(forum, slots=3, tables=2)
    dairy = ParticipantFactory(
        forum=forum,
        ref="BY-1",
        name="Анна Ковалёва",
        organisation=OrganisationFactory(name="ОАО «Савушкин продукт»", region=region_minsk()),
        sectors=["food"],
        offers="сыры, сливочное масло",
        seeks="Ищем поставщиков полимерной плёнки",
    )
    film = ParticipantFactory(
        forum=forum,
        ref="RU-7",
        name="Oleg Smirnov",
        organisation=OrganisationFactory(name="Polyplast LLC", region=region_smolensk()),
        sectors=["chemicals"],
        offers="polymer film; PET preforms",
        seeks="cheese and butter for our retail chain",
    )
    return forum, dairy, film


def test_participant_sees_suggestions_with_reasons_behind_the_private_link(live_server, localised):
    page, texts = localised
    _forum, dairy, _film = _programme()

    page.goto(f"{live_server.url}/programme/p/{dairy.agenda_token}/")

    expect(page.locator("#suggestions-heading")).to_have_text(texts["suggestions"])
    suggestion = page.locator('[data-suggestion="RU-7"]')
    expect(suggestion).to_contain_text("Oleg Smirnov")
    expect(suggestion.locator("[data-why]")).to_contain_text("polymer film")
    expect(suggestion.locator('[data-action="request"]')).to_be_visible()


def test_deal_becomes_a_draft_then_an_agreement_on_the_forum_page(live_server, localised):
    page, texts = localised
    forum, dairy, film = _programme()
    meeting = scheduled_meeting(forum, requester=dairy, invitee=film)
    secretariat = user_with_role("secretariat")

    page.goto(f"{live_server.url}/programme/p/{film.agenda_token}/")
    row = page.locator(f'[data-meeting="{meeting.pk}"]')
    row.locator('select[name="outcome"]').select_option("deal")
    row.locator('input[name="note"]').fill("Плёнка для упаковки / film for packaging")
    row.locator('[data-action="outcome"]').click()

    expect(page.locator(f'[data-meeting="{meeting.pk}"]')).to_contain_text(texts["draft"])
    draft = Agreement.all_objects.get(meetings=meeting)
    assert draft.is_draft is True

    page.goto(f"{live_server.url}/accounts/login/?next=/forums/8/programme/")
    page.locator('input[name="username"]').fill(secretariat.username)
    page.locator('input[name="password"]').fill("correct horse battery")
    page.locator('main button[type="submit"]').click()
    expect(page.locator('[data-funnel="drafts"]')).to_be_visible()
    item = page.locator(f'[data-draft="{draft.pk}"]')
    item.locator('select[name="kind"]').select_option("contract")
    item.locator('input[name="amount"]').fill("1500000")
    item.locator('[data-action="confirm-draft"]').click()

    expect(page.get_by_text(texts["confirmed"])).to_be_visible()
    assert Agreement.objects.get(pk=draft.pk).money.usd == Decimal("1500000.00")
    page.goto(f"{live_server.url}/forums/8/")
    expect(page.locator("#funnel-heading")).to_have_text(texts["funnel"])
    expect(page.locator('[data-funnel="held"]')).to_have_text("1")
    expect(page.locator('[data-funnel="deals"]')).to_have_text("1")
    expect(page.locator('[data-funnel="agreements"]')).to_have_text("1")
    expect(page.locator('[data-funnel="total_usd"]')).to_contain_text("500")
    expect(page.locator('[data-figure="agreements"]')).to_have_text("1")


def _login(page: Page, url: str, user) -> None:
    page.goto(f"{url}/accounts/login/?next=/forums/8/programme/%3Ftab%3Dschedule")
    page.locator('input[name="username"]').fill(user.username)
    page.locator('input[name="password"]').fill("correct horse battery")
    page.locator('main button[type="submit"]').click()


def _download(page: Page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as file:
        return file.read()


def test_request_accept_schedule_publish_and_download_the_agenda(live_server, localised, settings):
    from icalendar import Calendar
    from pypdf import PdfReader

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page, texts = localised
    forum, dairy, film = _programme()
    secretariat = user_with_role("secretariat")

    page.goto(f"{live_server.url}/programme/p/{dairy.agenda_token}/")
    page.locator('[data-suggestion="RU-7"] [data-action="request"]').click()
    expect(page.locator('[data-outgoing="RU-7"] [data-status]')).to_have_attribute(
        "data-status", "requested"
    )
    page.goto(f"{live_server.url}/programme/p/{film.agenda_token}/")
    page.locator('[data-incoming="BY-1"] [data-action="accept"]').click()
    expect(page.locator('[data-incoming="BY-1"] [data-status]')).to_have_attribute(
        "data-status", "accepted"
    )

    _login(page, live_server.url, secretariat)
    page.locator('input[name="time_limit"]').fill("5")
    page.locator('[data-action="schedule"]').click()
    progress = page.locator(".run-progress")
    expect(progress.locator('[data-field="phase_label"]')).to_have_text(texts["waiting"])
    run = ScheduleRun.objects.get(forum=forum)
    assert run.status == "queued"

    # The worker runs elsewhere in production; here, in this thread, while the page polls.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    expect(page.locator('[data-run-status="done"]')).to_be_visible()
    expect(page.locator(".run-progress")).to_have_count(0)
    page.locator('[data-action="publish"]').click()
    expect(page.get_by_text(texts["published"])).to_be_visible()
    expect(page.locator('[data-published="yes"]')).to_be_visible()
    run.refresh_from_db()
    assert (run.status, run.placed, run.meetings) == ("done", 1, 1)
    assert run.published_at is not None

    page.goto(f"{live_server.url}/programme/p/{dairy.agenda_token}/")
    page.locator('[data-link="agenda"]').click()
    expect(page.locator("main")).to_contain_text("Oleg Smirnov")
    links = page.locator(".agenda-downloads")
    pdf = PdfReader(BytesIO(_download(page, links.locator('[data-link="pdf"]'))))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    assert "Oleg Smirnov" in text and "Polyplast LLC" in text
    calendar = Calendar.from_ical(_download(page, links.locator('[data-link="ics"]')))
    (event,) = calendar.walk("VEVENT")
    slot = Slot.objects.get(meetings__request__requester=dairy)
    starts_at = event.decoded("dtstart")
    assert starts_at == slot.starts_at
    local = slot.starts_at.astimezone(ZoneInfo(forum.time_zone))
    assert (starts_at.tzinfo.key, starts_at.hour, starts_at.minute) == (
        forum.time_zone,
        local.hour,
        local.minute,
    )
