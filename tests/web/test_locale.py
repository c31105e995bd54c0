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
