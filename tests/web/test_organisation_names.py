"""Organisation names per language on the pages, the print pages, the correction page, the API
and the exports: the reader's language where the registry has it, a marked fallback where not."""

import json
import re
from datetime import date, time
from decimal import Decimal

import pytest
from django.utils.html import escape

from regionforum.accounts.models import Role
from regionforum.analytics.exports import export_write
from regionforum.forums.selectors import slot_list
from regionforum.registry.models import Organisation
from tests.factories import ForumFactory, OrganisationFactory, UserFactory
from tests.forums.factories import ParticipantFactory, meeting, programme
from tests.web.factories import agreement_between, region_minsk, region_smolensk

pytestmark = pytest.mark.django_db

COMMITTEE = {
    "name": "Минский горисполком",
    "name_ru": "Минский горисполком",
    "name_be": "Мінскі гарвыканкам",
    "name_en": "Minsk City Executive Committee",
}
FALLBACK = '<span class="name-untranslated" lang="{lang}" title="{title}">{text}</span>'
TITLES = {
    "en": "The registry has no name of this organisation in this language",
    "ru": "В реестре нет названия этой организации на этом языке",
    "be": "У рэестры няма назвы гэтай арганізацыі на гэтай мове",
}


@pytest.fixture
def named():
    """An agreement of forum VIII between an organisation named in all three languages and one
    named in Russian only, and a third party known only by a romanisation."""
    forum = ForumFactory(number=8, year=2021)
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(minsk, smolensk, usd=Decimal("1000"), forum=forum)
    first, second = (party.organisation for party in agreement.parties.order_by("order"))
    Organisation.objects.filter(pk=first.pk).update(**COMMITTEE)
    Organisation.objects.filter(pk=second.pk).update(
        name="ООО «Смоленские <полимеры>»", name_ru="ООО «Смоленские <полимеры>»"
    )
    return agreement


def _party_cells(page: str) -> list[str]:
    return re.findall(
        r"<tr><td>(.*?)(?: <a href=\"/organisations/| <span class=\"muted\">\(|</td>)", page
    )


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("en", "Minsk City Executive Committee", ("ru", "ООО «Смоленские <полимеры>»")),
        ("ru", "Минский горисполком", None),
        ("be", "Мінскі гарвыканкам", ("ru", "ООО «Смоленские <полимеры>»")),
    ],
)
def test_agreement_page_shows_names_in_the_language_and_marks_the_fallback(
    client, named, language, first, second
):
    page = client.get(f"/agreements/{named.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f"<tr><td>{escape(first)}</td>" in page
    russian = escape("ООО «Смоленские <полимеры>»")
    if second is None:
        assert f"<tr><td>{russian}</td>" in page
    else:
        lang, text = second
        assert FALLBACK.format(lang=lang, title=TITLES[language], text=escape(text)) in page
    assert "<полимеры>" not in page


@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_agreement_list_and_region_page_show_names_in_the_language(client, named, language):
    expected = escape(COMMITTEE[f"name_{language}"])
    for url in ("/agreements/", "/regions/BY-MI/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f'<li>{expected} <span class="muted">' in page, url


def test_a_romanised_name_falls_back_as_of_unknown_language(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(minsk, smolensk)
    party = agreement.parties.order_by("order").first()
    Organisation.objects.filter(pk=party.organisation_id).update(name="Minskij traktornyj zavod")
    page = client.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert FALLBACK.format(lang="und", title=TITLES["ru"], text="Minskij traktornyj zavod") in page


@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_report_page_shows_names_and_links_to_itself_in_each_language(client, named, language):
    page = client.get(
        f"/forums/8/report/?format=html&language={language}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert f'<html lang="{language}">' in page
    assert escape(COMMITTEE[f"name_{language}"]) in page
    links = re.findall(
        r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"( aria-current="true")?>', page
    )
    assert links == [
        (f"/forums/8/report/?format=html&amp;language={code}", code, current)
        for code, current in (
            ("en", ' aria-current="true"' if language == "en" else ""),
            ("ru", ' aria-current="true"' if language == "ru" else ""),
            ("be", ' aria-current="true"' if language == "be" else ""),
        )
    ]


def test_report_file_has_no_language_links(named, tmp_path):
    from regionforum.web.report import report_html

    html = report_html(number=8, language="be")
    assert '<nav class="print-languages"' not in html
    assert escape(COMMITTEE["name_be"]) in html


@pytest.fixture
def agenda():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=2, tables=1, start=time(10, 0))
    [slot, _second] = list(slot_list(forum=forum))
    anna = ParticipantFactory(forum=forum, ref="A", name="Анна Петрова")
    boris = ParticipantFactory(
        forum=forum, ref="B", name="Boris", organisation=OrganisationFactory(**COMMITTEE)
    )
    meeting(anna, boris, slot=slot, table=forum.tables.get())
    return anna


@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_agenda_print_page_is_in_the_language_asked_and_keeps_its_query(client, agenda, language):
    url = f"/agenda/{agenda.agenda_token}/agenda.pdf"
    response = client.get(f"{url}?format=html&language={language}")
    page = response.content.decode()

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert f'<html lang="{language}">' in page
    assert f"<strong>Boris</strong>, {escape(COMMITTEE[f'name_{language}'])} ·" in page
    hrefs = re.findall(r'<a href="([^"]+)" lang="(\w+)"', page)
    assert hrefs == [
        (f"{url}?format=html&amp;language={code}", code) for code in ("en", "ru", "be")
    ]
    assert '<link rel="stylesheet" href="/static/web/agenda_print.css">' in page


def test_agenda_page_links_to_its_print_page(client, agenda):
    page = client.get(f"/agenda/{agenda.agenda_token}/").content.decode()
    assert f'href="/agenda/{agenda.agenda_token}/agenda.pdf?format=html"' in page


@pytest.fixture
def coordinator(client):
    minsk = region_minsk()
    organisation = OrganisationFactory(region=minsk, name="Минский горисполком")
    client.force_login(UserFactory(role=Role.COORDINATOR, regions=[minsk]))
    return organisation


def _edit(client, organisation, **names):
    body = {"name": organisation.name, "kind": "government", "name_ru": "", "name_be": ""}
    return client.post(f"/organisations/{organisation.pk}/edit/", body | {"name_en": ""} | names)


def test_correction_page_saves_the_names_per_language(client, coordinator):
    response = _edit(
        client, coordinator, name_be="Мінскі гарвыканкам", name_en="Minsk City Executive Committee"
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert (coordinator.name_ru, coordinator.name_be, coordinator.name_en) == (
        "",
        "Мінскі гарвыканкам",
        "Minsk City Executive Committee",
    )
    page = client.get(f"/organisations/{coordinator.pk}/edit/").content.decode()
    assert 'name="name_be" value="Мінскі гарвыканкам"' in page
    latest = coordinator.history.latest()
    assert (latest.name_en, latest.history_user.username, latest.history_via) == (
        "Minsk City Executive Committee",
        response.wsgi_request.user.username,
        "web",
    )


def test_correction_page_refuses_a_bad_name_beside_its_field(client, coordinator):
    rows = coordinator.history.count()
    response = _edit(client, coordinator, name_en="Minsk\x00City", name_be="Мінск")

    assert response.status_code == 200
    page = response.content.decode()
    field = page[page.index('for="id_name_en"') - 200 : page.index('name="name_en"')]
    assert "The text holds a control character (U+0000) at position 6; remove it." in field
    coordinator.refresh_from_db()
    assert (coordinator.name_be, coordinator.name_en, coordinator.history.count()) == ("", "", rows)


def test_correction_page_is_refused_to_another_region_coordinator(client):
    organisation = OrganisationFactory(region=region_smolensk())
    client.force_login(UserFactory(role=Role.COORDINATOR, regions=[region_minsk()]))
    response = _edit(client, organisation, name_en="Smolensk Works")
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name_en == ""


def test_api_organisations_carry_their_names(client, named):
    organisations = client.get("/api/v1/organisations?q=Minsk City").json()["results"]
    assert [(found["name"], found["names"]) for found in organisations] == [
        (
            "Минский горисполком",
            {
                "ru": "Минский горисполком",
                "be": "Мінскі гарвыканкам",
                "en": "Minsk City Executive Committee",
            },
        )
    ]
    agreement = client.get(f"/api/v1/agreements/{named.pk}").json()
    assert [party["names"] for party in agreement["parties"]] == [
        {
            "ru": "Минский горисполком",
            "be": "Мінскі гарвыканкам",
            "en": "Minsk City Executive Committee",
        },
        {"ru": "ООО «Смоленские <полимеры>»", "be": None, "en": None},
    ]


def test_exports_carry_the_names_per_language(named, tmp_path):
    export_write(fmt="json", path=tmp_path / "out.json")
    [data] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["agreements"]
    assert [party["names"]["be"] for party in data["parties"]] == ["Мінскі гарвыканкам", None]

    export_write(fmt="csv", path=tmp_path / "out.csv")
    import csv

    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["parties_ru"], row["parties_be"], row["parties_en"]) == (
        "Минский горисполком; ООО «Смоленские <полимеры>»",
        "Мінскі гарвыканкам; ",
        "Minsk City Executive Committee; ",
    )


@pytest.mark.parametrize("text", ["Мінскі гарвыканкам", "minsk city executive"])
def test_searches_find_an_organisation_by_its_name_in_any_language(named, text):
    from regionforum.analytics.selectors import AgreementFilters, agreement_list
    from regionforum.forums.selectors import participant_search
    from regionforum.registry.selectors import organisation_list

    committee = named.parties.order_by("order").first().organisation
    participant = ParticipantFactory(forum=named.forum, ref="M", organisation=committee)
    ParticipantFactory(forum=named.forum, ref="S")

    assert [found.pk for found in agreement_list(filters=AgreementFilters(q=text))] == [named.pk]
    assert [found.pk for found in organisation_list(q=text)] == [committee.pk]
    assert [found.pk for found in participant_search(forum=named.forum, text=text)] == [
        participant.pk
    ]


@pytest.mark.parametrize(
    ("language", "dairy", "film"),
    [
        ("en", "Savushkin Product OJSC", None),
        ("be", "ААТ «Савушкін прадукт»", "Polyplast LLC"),
        ("ru", "ОАО «Савушкин продукт»", "Polyplast LLC"),
    ],
)
def test_participant_list_and_suggestions_show_names_in_the_language(client, language, dairy, film):
    from tests.web.test_programme_pages import _forum

    _programme, anna, oleg = _forum()
    Organisation.objects.filter(pk=anna.organisation_id).update(
        name_ru="ОАО «Савушкин продукт»",
        name_be="ААТ «Савушкін прадукт»",
        name_en="Savushkin Product OJSC",
    )
    Organisation.objects.filter(pk=oleg.organisation_id).update(name_en="Polyplast LLC")
    client.force_login(UserFactory(role=Role.ANALYST))

    listing = client.get(
        "/forums/8/programme/?tab=participants", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f"<td>{escape(dairy)}</td>" in listing
    own = client.get(
        f"/programme/p/{oleg.agenda_token}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f"· {escape(dairy)} ·" in own
    if film is None:
        assert "<td>Polyplast LLC</td>" in listing
    else:
        marked = FALLBACK.format(lang="en", title=TITLES[language], text=film)
        assert f"<td>{marked}</td>" in listing
