"""The language switcher in headless Chromium: from any page it keeps the page and its query
string, and the dashboard, a region page and the programme page then show in that language,
with no interface text left in another language and no console errors."""

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.factories import ForumFactory
from tests.forums.factories import programme
from tests.web.factories import agreement_between, region_minsk, region_smolensk
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALE = Path(__file__).resolve().parents[2] / "src" / "regionforum" / "locale"

TEXTS = {
    "en": {
        "dashboard": "Agreements between the regions of Belarus and Russia",
        "nav": "Agreements",
        "region": "Smolensk Oblast",
        "country": "Russia",
        "programme": "Business programme of forum VIII (2021)",
        "statistics": "Statistics",
    },
    "ru": {
        "dashboard": "Соглашения между регионами Беларуси и России",
        "nav": "Соглашения",
        "region": "Смоленская область",
        "country": "Россия",
        "programme": "Деловая программа форума VIII (2021)",
        "statistics": "Статистика",
    },
    "be": {
        "dashboard": "Пагадненні паміж рэгіёнамі Беларусі і Расіі",
        "nav": "Пагадненні",
        "region": "Смаленская вобласць",
        "country": "Расія",
        "programme": "Дзелавая праграма форуму VIII (2021)",
        "statistics": "Статыстыка",
    },
}


def _phrases(language: str) -> set[str]:
    """Interface phrases of the catalogue (two words or more, without placeholders)."""
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    return {
        entry.msgstr
        for entry in catalogue.translated_entries()
        if len(entry.msgstr.split()) > 1 and "%" not in entry.msgstr and "<" not in entry.msgstr
    }


def _english_phrases() -> set[str]:
    catalogue = polib.pofile(str(LOCALE / "ru" / "LC_MESSAGES" / "django.po"))
    return {
        entry.msgid
        for entry in catalogue.translated_entries()
        if len(entry.msgid.split()) > 1 and "%" not in entry.msgid and "<" not in entry.msgid
    }


def _foreign_phrases(language: str) -> set[str]:
    """Phrases of the other two interface languages that this one does not share."""
    texts = {"en": _english_phrases(), "ru": _phrases("ru"), "be": _phrases("be")}
    own = texts.pop(language)
    return set().union(*texts.values()) - own


@pytest.fixture(params=sorted(TEXTS))
def switched(request, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Page, str, list[str]]]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The browser asks for another language than the one the test switches to.
    start = "ru-RU" if request.param == "en" else "en-GB"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale=start)
        page = context.new_page()
        errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                message.type == "error" and errors.append(f"{message.text} {message.location}")
            ),
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, request.param, errors
        context.close()
        browser.close()


def _registry():
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    programme(forum, slots=3, tables=2)
    agreement_between(
        minsk, smolensk, title="Tractor assembly", usd=Decimal("2000.00"), forum=forum
    )


def _expect_in_language(page: Page, language: str, foreign: set[str]) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    shown = " ".join(page.locator("body").inner_text().split())
    leaked = sorted(phrase for phrase in foreign if re.search(rf"\b{re.escape(phrase)}\b", shown))
    assert not leaked, f"{page.url} ({language}) shows another language's text: {leaked}"


def test_switcher_keeps_the_page_and_the_main_pages_show_in_that_language(live_server, switched):
    page, language, errors = switched
    texts = TEXTS[language]
    foreign = _foreign_phrases(language)
    _registry()

    page.goto(f"{live_server.url}/?forum=8")
    page.locator("#language-select").select_option(language)
    page.locator("form.language button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/?forum=8")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["dashboard"])
    expect(page.get_by_role("link", name=texts["nav"], exact=True)).to_be_visible()
    _expect_in_language(page, language, foreign)

    page.goto(f"{live_server.url}/regions/RU-SMO/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{texts['region']} RU-SMO")
    expect(page.locator("main")).to_contain_text(texts["country"])
    _expect_in_language(page, language, foreign)

    page.goto(f"{live_server.url}/forums/8/programme/?tab=statistics")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["programme"])
    expect(page.locator("#stats-heading")).to_have_text(texts["statistics"])
    _expect_in_language(page, language, foreign)

    assert errors == []


MAIN_PAGES = ["/agreements/", "/regions/", "/forums/", "/forums/8/", "/sectors/", "/map/"]
MAIN_PAGES += ["/claims/", "/strategy/", "/strategy/roadmap/", "/strategy/late/"]


def test_every_main_page_shows_in_the_chosen_language(live_server, switched):
    page, language, errors = switched
    foreign = _foreign_phrases(language)
    _registry()
    page.goto(f"{live_server.url}/")
    page.locator("#language-select").select_option(language)
    page.locator("form.language button[type=submit]").click()

    for address in MAIN_PAGES:
        response = page.goto(f"{live_server.url}{address}")
        assert response is not None and response.status == 200, address
        _expect_in_language(page, language, foreign)

    assert errors == []


NAMES = {
    "ru": "Минский горисполком",
    "be": "Мінскі гарвыканкам",
    "en": "Minsk City Executive Committee",
}
RUSSIAN_ONLY = "ООО «Смоленские полимеры»"


def _named_registry() -> tuple[int, str]:
    """An agreement and a meeting between an organisation named in the three languages and
    one named in Russian only; the agreement's id and the Minsk participant's agenda token."""
    from regionforum.forums.selectors import slot_list
    from regionforum.registry.models import Organisation
    from tests.forums.factories import ParticipantFactory, meeting

    _registry()
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(
        minsk,
        smolensk,
        title="Polymer supplies",
        usd=Decimal("5000.00"),
        forum=ForumFactory._meta.model.objects.get(number=8),
    )
    first, second = (party.organisation for party in agreement.parties.order_by("order"))
    Organisation.objects.filter(pk=first.pk).update(name=NAMES["ru"], **{
        f"name_{code}": name for code, name in NAMES.items()
    })  # fmt: skip
    Organisation.objects.filter(pk=second.pk).update(name=RUSSIAN_ONLY, name_ru=RUSSIAN_ONLY)
    forum = agreement.forum
    anna = ParticipantFactory(forum=forum, ref="A", name="Anna", organisation=second)
    boris = ParticipantFactory(forum=forum, ref="B", name="Boris", organisation=first)
    meeting(anna, boris, slot=slot_list(forum=forum)[0], table=forum.tables.first())
    return agreement.pk, anna.agenda_token


def _expect_names(page: Page, language: str) -> None:
    expect(page.locator("body")).to_contain_text(NAMES[language])
    fallback = page.locator(".name-untranslated", has_text=RUSSIAN_ONLY)
    if language == "ru":
        expect(fallback).to_have_count(0)
        expect(page.locator("body")).to_contain_text(RUSSIAN_ONLY)
    else:
        expect(fallback.first).to_have_attribute("lang", "ru")


def test_organisation_names_show_in_the_chosen_language(live_server, switched):
    page, language, errors = switched
    foreign = _foreign_phrases(language)
    agreement_id, _token = _named_registry()
    page.goto(f"{live_server.url}/agreements/{agreement_id}/")
    page.locator("#language-select").select_option(language)
    page.locator("form.language button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/agreements/{agreement_id}/")
    _expect_names(page, language)
    _expect_in_language(page, language, foreign)

    page.goto(f"{live_server.url}/agreements/?forum=8")
    _expect_names(page, language)
    _expect_in_language(page, language, foreign)
    assert errors == []


def test_print_pages_switch_language_keeping_their_query(live_server, switched):
    page, language, errors = switched
    foreign = _foreign_phrases(language)
    _agreement_id, token = _named_registry()
    other = "en" if language != "en" else "ru"
    for address in (
        f"/forums/8/report/?format=html&language={other}",
        f"/agenda/{token}/agenda.pdf?format=html&language={other}",
    ):
        page.goto(f"{live_server.url}{address}")
        expect(page.locator("html")).to_have_attribute("lang", other)
        page.locator(f'.print-languages a[lang="{language}"]').click()

        path = address.split("?")[0]
        expect(page).to_have_url(f"{live_server.url}{path}?format=html&language={language}")
        _expect_names(page, language)
        _expect_in_language(page, language, foreign)
        expect(page.locator(".print-languages")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.locator(".print-languages")).to_be_hidden()
        page.emulate_media(media="screen")
    assert errors == []
