import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext


@pytest.mark.parametrize(
    ("language", "agreements", "not_converted", "eleven", "two"),
    [
        ("ru", "Соглашения", "не пересчитано", "11 соглашений", "2 соглашения"),
        ("be", "Пагадненні", "не пералічана", "11 пагадненняў", "2 пагадненні"),
    ],
)
def test_catalogues_translate_the_pages_with_plurals(
    language, agreements, not_converted, eleven, two
):
    with translation.override(language):
        assert gettext("Agreements") == agreements
        assert gettext("not converted") == not_converted
        assert (
            ngettext("%(counter)s agreement", "%(counter)s agreements", 11) % {"counter": 11}
            == eleven
        )
        assert (
            ngettext("%(counter)s agreement", "%(counter)s agreements", 2) % {"counter": 2} == two
        )


def test_catalogues_translate_model_choices_used_on_the_pages():
    with translation.override("ru"):
        assert gettext("Memorandum") == "Меморандум"
        assert gettext("In progress") == "Исполняется"
    with translation.override("be"):
        assert gettext("Roadmap") == "Дарожная карта"


def test_belarusian_dates_and_numbers_follow_the_locale():
    from datetime import date
    from decimal import Decimal

    from django.template import Context, Template

    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} {{ value|floatformat:"1g" }}')
    with translation.override("be"):
        text = template.render(Context({"day": date(2025, 6, 27), "value": Decimal("1234.5")}))
    assert text == "27.06.2025 1\xa0234,5"


def test_a_russian_region_on_a_belarusian_page_is_named_in_russian_not_english():
    from types import SimpleNamespace

    from regionforum.web.templatetags.pages import localized_name

    smolensk = SimpleNamespace(name_en="Smolensk Oblast", name_ru="Смоленская область", name_be="")
    gomel = SimpleNamespace(
        name_en="Gomel Oblast", name_ru="Гомельская область", name_be="Гомельская вобласць"
    )
    with translation.override("be"):
        assert (localized_name(smolensk), localized_name(gomel)) == (
            "Смоленская область",
            "Гомельская вобласць",
        )
    with translation.override("en"):
        assert localized_name(smolensk) == "Smolensk Oblast"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", '<td class="theme">Industrial policy of the Union State</td>'),
        ("ru", '<td class="theme">Промышленная политика Союзного государства</td>'),
        (
            "be",
            '<td class="theme"><span lang="ru">Промышленная политика Союзного государства'
            "</span></td>",
        ),
    ],
)
def test_forum_themes_show_in_the_language_of_the_page(client, language, shown):
    from regionforum.forums.models import Forum
    from regionforum.forums.services import forum_calendar_load

    forum_calendar_load()
    client.cookies["django_language"] = language

    html = client.get("/forums/").content.decode()

    assert Forum.objects.get(number=2).theme_en == "Industrial policy of the Union State"
    assert shown in html


def test_a_forum_theme_is_escaped_and_falls_back_to_the_source():
    from types import SimpleNamespace

    from regionforum.web.templatetags.pages import forum_theme

    untranslated = SimpleNamespace(theme="Тэма <b>", theme_ru="", theme_en="")
    marked = SimpleNamespace(theme="x", theme_ru="<script>", theme_en="")
    with translation.override("be"):
        assert forum_theme(untranslated) == "Тэма <b>"
        assert forum_theme(marked) == '<span lang="ru">&lt;script&gt;</span>'
