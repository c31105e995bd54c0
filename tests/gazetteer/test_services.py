import json

import pytest
from django.core.management import CommandError, call_command

from regionforum.gazetteer.models import Region
from regionforum.gazetteer.selectors import region_resolver
from regionforum.gazetteer.services import GazetteerError, gazetteer_load, region_add


@pytest.mark.django_db
def test_gazetteer_load_creates_all_regions_once():
    assert gazetteer_load() == (90, 0)
    assert gazetteer_load() == (0, 0)

    assert Region.objects.filter(country__code="BY").count() == 7
    assert Region.objects.filter(country__code="RU").count() == 83
    gomel = Region.objects.get(code="BY-HO")
    assert (gomel.name_ru, gomel.is_iso) == ("Гомельская область", True)
    assert gomel.name_be


@pytest.mark.django_db
def test_region_add_outside_iso_list_is_resolvable(capsys):
    gazetteer_load()

    region = region_add(
        code="ru-xyz", country="RU", name_en="Example Krai", name_ru="Примерный край"
    )
    call_command("resolve-region", "Примерный край", "Example Krai", "--json")

    assert (region.code, region.is_iso) == ("RU-XYZ", False)
    assert [item["code"] for item in json.loads(capsys.readouterr().out)] == ["RU-XYZ", "RU-XYZ"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "country", "message"),
    [
        ("XYZ", "RU", "The region code XYZ must look like XX-ABC"),
        ("BY-XYZ", "RU", "The region code BY-XYZ does not start with its country RU."),
        ("RU-SMO", "RU", "A region with the code RU-SMO exists already."),
        ("KZ-ABC", "KZ", "The country KZ is not in the gazetteer."),
    ],
)
def test_region_add_refuses_bad_code(code, country, message):
    gazetteer_load()

    with pytest.raises(GazetteerError, match=message):
        region_add(code=code, country=country, name_en="X", name_ru="Х")


@pytest.mark.django_db
def test_resolve_region_command_json_one_text_is_object(capsys):
    gazetteer_load()

    call_command("resolve-region", "Смоленская обл.", "--json")

    assert json.loads(capsys.readouterr().out) == {
        "input": "Смоленская обл.",
        "code": "RU-SMO",
        "name": "Smolensk Oblast",
        "confidence": 0.95,
        "correction": None,
        "candidates": [],
    }


@pytest.mark.django_db
def test_resolve_region_command_unknown_text_gets_no_code(capsys):
    gazetteer_load()

    call_command("resolve-region", "Paris", "Gomel", "--json")

    assert [
        (match["input"], match["code"], match["name"], match["confidence"])
        for match in json.loads(capsys.readouterr().out)
    ] == [("Paris", None, None, 0.0), ("Gomel", "BY-HO", "Gomel Oblast", 1.0)]


@pytest.mark.django_db
def test_resolve_region_command_slip_is_read_in_the_given_country_only(capsys):
    gazetteer_load()

    call_command("resolve-region", "Гомелская область", "--country", "by", "--json")
    read = json.loads(capsys.readouterr().out)
    call_command("resolve-region", "Гомелская область", "--country", "RU", "--json")
    refused = json.loads(capsys.readouterr().out)

    assert (read["code"], read["confidence"], read["correction"]) == (
        "BY-HO",
        0.8,
        {"written": "гомелская", "read": "гомельская"},
    )
    assert (refused["code"], refused["candidates"]) == (
        None,
        [{"code": "BY-HO", "name": "Gomel Oblast"}],
    )


@pytest.mark.django_db
def test_resolve_region_command_text_names_the_candidates(capsys):
    gazetteer_load()

    call_command("resolve-region", "Тамская область", "Гомелская область")

    assert capsys.readouterr().out.splitlines() == [
        "Тамская область: no region; too unsure to guess, the nearest are: RU-TOM Tomsk Oblast, "
        "RU-OMS Omsk Oblast",
        'Гомелская область: BY-HO Gomel Oblast (0.80), read "гомелская" as "гомельская"',
    ]


@pytest.mark.django_db
def test_resolve_region_command_bad_country_exits_2():
    with pytest.raises(CommandError) as error:
        call_command("resolve-region", "Gomel", "--country", "UA")

    assert (error.value.returncode, str(error.value)) == (2, '--country: "UA" is not BY or RU.')


@pytest.mark.django_db
def test_gazetteer_command_add_region_bad_code_exits_2():
    gazetteer_load()

    with pytest.raises(CommandError) as error:
        call_command(
            "gazetteer",
            "add-region",
            "nonsense",
            "--country",
            "RU",
            "--name-en",
            "X",
            "--name-ru",
            "Х",
        )

    assert error.value.returncode == 2


@pytest.mark.django_db
def test_gazetteer_load_gives_russian_regions_their_belarusian_names():
    gazetteer_load()

    names = dict(Region.objects.filter(country__code="RU").values_list("code", "name_be"))
    assert names["RU-SMO"] == "Смаленская вобласць"
    assert names["RU-KDA"] == "Краснадарскі край"
    assert names["RU-MOW"] == "Масква"
    assert [code for code, name in names.items() if not name] == []


@pytest.mark.django_db
def test_belarusian_display_names_do_not_change_what_the_resolver_reads():
    gazetteer_load()

    match = region_resolver().resolve("Калужкая область")

    assert (match.code, match.correction) == ("RU-KLU", ("калужкая", "калужская"))


@pytest.mark.django_db
def test_regions_page_shows_russian_regions_in_belarusian(client):
    gazetteer_load()
    client.cookies["django_language"] = "be"

    text = client.get("/regions/").content.decode()

    assert "Смаленская вобласць" in text
    assert "Смоленская область" not in text
