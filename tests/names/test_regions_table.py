import pycountry
import pytest

from regionforum.names import RegionRecord, shipped_regions
from regionforum.names.text import normalise_text


def test_shipped_regions_codes_are_exactly_pycountrys_by_and_ru_subdivisions() -> None:
    iso = {
        subdivision.code
        for country in ("BY", "RU")
        for subdivision in pycountry.subdivisions.get(country_code=country)
    }

    assert sorted(record.code for record in shipped_regions()) == sorted(iso)


def test_shipped_regions_count_seven_belarusian_and_83_russian() -> None:
    countries = [record.country for record in shipped_regions()]

    assert (countries.count("BY"), countries.count("RU")) == (7, 83)


def test_shipped_regions_country_matches_code_prefix() -> None:
    assert all(record.code.startswith(f"{record.country}-") for record in shipped_regions())


def test_shipped_regions_belarusian_ones_have_belarusian_names() -> None:
    names = {r.code: r.name_be for r in shipped_regions() if r.country == "BY"}

    assert names == {
        "BY-BR": "Брэсцкая вобласць",
        "BY-HM": "горад Мінск",
        "BY-HO": "Гомельская вобласць",
        "BY-HR": "Гродзенская вобласць",
        "BY-MA": "Магілёўская вобласць",
        "BY-MI": "Мінская вобласць",
        "BY-VI": "Віцебская вобласць",
    }


def test_shipped_regions_russian_names_are_cyrillic() -> None:
    assert all(
        any("а" <= char <= "я" for char in normalise_text(record.name_ru))
        for record in shipped_regions()
    )


def test_shipped_regions_list_pycountrys_romanised_name_as_a_variant() -> None:
    pycountry_names = {
        subdivision.code: subdivision.name
        for country in ("BY", "RU")
        for subdivision in pycountry.subdivisions.get(country_code=country)
    }

    assert all(pycountry_names[record.code] in record.variants for record in shipped_regions())


def test_shipped_regions_no_spelling_names_two_regions() -> None:
    owners: dict[str, set[str]] = {}
    for record in shipped_regions():
        for name in record.names():
            owners.setdefault(normalise_text(name), set()).add(record.code)

    assert {name: codes for name, codes in owners.items() if len(codes) > 1} == {}


def test_region_record_for_belarus_without_belarusian_name_is_rejected() -> None:
    with pytest.raises(ValueError, match="BY-XX: a Belarusian region needs its Belarusian name"):
        RegionRecord(code="BY-XX", country="BY", name_en="X", name_ru="Х", name_be=None)
