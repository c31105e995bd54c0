import pytest

from regionforum.names import (
    RegionRecord,
    RegionResolver,
    organisation_key,
    organisation_kind,
    organisation_legal_form,
    shipped_regions,
)


@pytest.mark.parametrize(
    "name",
    [
        "ОАО «Минский тракторный завод»",
        'ОАО "Минский тракторный завод"',
        "Открытое акционерное общество “Минский тракторный завод”",
        "Минский тракторный завод, ОАО",
        "Minskij traktornyj zavod, OAO",
        "OJSC 'Minskiy traktornyy zavod'",
        "МИНСКИЙ  ТРАКТОРНЫЙ   ЗАВОД (ОАО)",
        "ААТ «Мінскі трактарны завод»",
    ],
)
def test_organisation_key_ignores_legal_form_quotes_case_and_script(name: str) -> None:
    assert organisation_key(name) == "minski traktarn zavad"


@pytest.mark.parametrize(
    "name",
    [
        "Гомельский облисполком",
        "Гомельский областной исполнительный комитет",
        "Гомельскі аблвыканкам",
        "Homel Regional Executive Committee",
        "Gomel Oblast Executive Committee",
        "Gomel oblispolkom",
    ],
)
def test_organisation_key_of_an_oblast_executive_committee_is_its_region(name: str) -> None:
    assert organisation_key(name) == "executive by-ho"


@pytest.mark.parametrize(
    "name",
    [
        "Правительство Смоленской области",
        "Администрация Смоленской области",
        "Government of Smolensk Oblast",
        "Administration of the Smolensk Region",
        "Pravitelstvo Smolenskoy oblasti",
    ],
)
def test_organisation_key_of_a_regional_government_is_its_region(name: str) -> None:
    assert organisation_key(name) == "executive ru-smo"


def test_organisation_key_tells_minsk_city_and_oblast_executives_apart() -> None:
    keys = [
        organisation_key(name)
        for name in ["Мингорисполком", "Minsk City Executive Committee", "Минский облисполком"]
    ]

    assert keys == ["executive by-hm", "executive by-hm", "executive by-mi"]


def test_organisation_key_of_a_city_administration_inside_a_region_is_its_name() -> None:
    assert organisation_key("Администрация города Смоленска") == "administraca harada smalenska"


def test_organisation_key_uses_the_callers_regions() -> None:
    extra = RegionRecord(
        code="RU-ZAP",
        country="RU",
        name_en="Zaporozhye Oblast",
        name_ru="Запорожская область",
        name_be=None,
    )
    regions = RegionResolver([*shipped_regions(), extra])

    assert organisation_key("Правительство Запорожской области", regions=regions) == (
        "executive ru-zap"
    )


def test_organisation_key_of_a_bare_legal_form_is_not_empty() -> None:
    assert organisation_key("ООО") == "a"


def test_organisation_key_keeps_numbers() -> None:
    assert organisation_key("ГУО «Средняя школа № 5 г. Гомеля»") == organisation_key(
        'ГУО "Средняя школа №5 г.Гомеля"'
    )


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("ОАО «Белшина»", "OJSC"),
        ("OAO Belshina", "OJSC"),
        ("Open Joint Stock Company Belshina", "OJSC"),
        ("ЗАО «Атлант»", "CJSC"),
        ("ПАО «Газпром»", "PJSC"),
        ("АО «Гродно Азот»", "JSC"),
        ("JSC Grodno Azot", "JSC"),
        ("Ромашка, ООО", "LLC"),
        ("Romashka LLC", "LLC"),
        ("общество с ограниченной ответственностью «Ромашка»", "LLC"),
        ("ОДО «Ромашка»", "ALC"),
        ("СООО «Ромашка»", "JLLC"),
        ("ИООО «Ромашка»", "FLLC"),
        ("РУП «Белтелеком»", "RUE"),
        ("ГУП «Водоканал»", "SUE"),
        ("ФГУП «Почта России»", "FSUE"),
        ("ЧУП «Ромашка»", "PUE"),
        ("УП «Минсктранс»", "UE"),
        ("унитарное предприятие «Минсктранс»", "UE"),
        ("ФГБОУ ВО «Смоленский государственный университет»", "FSBEI HE"),
        ("УО «Гродненский государственный университет»", "EI"),
        ("Минский тракторный завод", None),
    ],
)
def test_organisation_legal_form_gives_the_canonical_form(name: str, form: str | None) -> None:
    assert organisation_legal_form(name) == form


def test_organisation_key_of_same_name_with_different_legal_forms_is_equal() -> None:
    assert organisation_key("ООО «Ромашка»") == organisation_key("ЗАО Ромашка")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Гомельский облисполком", "government"),
        ("Homel Regional Executive Committee", "government"),
        ("Кабинет Министров Республики Татарстан", "government"),
        ("Министерство промышленности Республики Беларусь", "government"),
        ("ОАО «Гомсельмаш»", "enterprise"),
        ("Gomselmash OJSC", "enterprise"),
        ("Минский тракторный завод", "enterprise"),
        ("Minsk Tractor Works", "enterprise"),
        ("Белорусский государственный университет", "university"),
        ("БГУ", "university"),
        ("ГГУ им. Ф. Скорины", "university"),
        ("УО «Витебский государственный технологический университет»", "university"),
        ("Объединённый институт проблем информатики НАН Беларуси", "research"),
        ("Ioffe Institute", "research"),
        ("Академия наук", "research"),
        ("Гомсельмаш", "other"),
        ("Белшина", "other"),
        ("ГУ", "other"),
    ],
)
def test_organisation_kind_from_what_the_name_says(name, kind):
    assert organisation_kind(name) == kind


@pytest.mark.parametrize(
    "name",
    [
        "ОАО «Гомсельмаш», г. Гомель",
        "ОАО «Гомсельмаш» (г. Гомель)",
        "Gomselmash OJSC, Gomel",
        "Gomselmash OJSC (Gomel Oblast)",
        "OАО «Гомсельмаш»",
    ],
)
def test_organisation_key_ignores_the_place_after_the_name_and_mixed_scripts(name):
    assert organisation_key(name) == organisation_key("ОАО «Гомсельмаш»")


def test_organisation_key_ignores_a_regional_centre_after_the_name():
    assert organisation_key("Uralmash, Yekaterinburg") == organisation_key("ПАО «Уралмаш»")


@pytest.mark.parametrize("name", ["Гомсельмаш, филиал", "Гомсельмаш (сервисный центр)"])
def test_organisation_key_keeps_what_after_the_name_is_not_a_place(name):
    assert organisation_key(name) != organisation_key("Гомсельмаш")
