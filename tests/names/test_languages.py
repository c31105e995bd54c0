import pytest

from regionforum.names.languages import name_language, names_by_language


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("ОАО «Минский тракторный завод»", "ru"),
        ("Гомельский облисполком", "ru"),
        ("ААТ «Мінскі трактарны завод»", "be"),
        ("Гомельскі аблвыканкам", "be"),
        ("ТАА «Гомель»", "be"),
        ("АТ «Аграхолдынг»", "be"),
        ("ООО «Гомель»", "ru"),
        ("Minsk Tractor Works OJSC", "en"),
        ("Gomel Regional Executive Committee", "en"),
        ("Khabarovsk Regional Government", "en"),
        # Romanised Russian is a transliteration, not an English name.
        ("Minskij traktornyj zavod, OAO", None),
        ("Gomelskiy oblispolkom", None),
        ("OAO Gomselmash", None),
        # Cyrillic that either language spells so: no language without the side it came from.
        ("Гомель", None),
        ("«Белгородэнерго»", None),
        # Both alphabets' own letters: not a name in one language.
        ("Минскі завод", None),
        ("", None),
        ("12345", None),
    ],
)
def test_name_language_reads_the_spelling(name, language):
    assert name_language(name) == language


def test_name_language_takes_plain_cyrillic_as_russian_on_the_russian_side():
    assert name_language("«Белгородэнерго»", russian_side=True) == "ru"
    assert name_language("Гомельскі аблвыканкам", russian_side=True) == "be"
    assert name_language("Gomelskiy oblispolkom", russian_side=True) is None


def test_names_by_language_keeps_the_first_of_each_and_what_is_known():
    seen = [
        ("Гомельский облисполком", False),
        ("Gomelskiy oblispolkom", False),
        ("Гомельский областной исполнительный комитет", False),
        ("Gomel Regional Executive Committee", False),
    ]
    assert names_by_language(seen) == {
        "ru": "Гомельский облисполком",
        "en": "Gomel Regional Executive Committee",
    }
    assert names_by_language(seen, known={"ru": "Entered by hand", "be": "", "en": ""}) == {
        "ru": "Entered by hand",
        "en": "Gomel Regional Executive Committee",
    }
