import pytest

from regionforum.names import (
    RegionMatch,
    RegionRecord,
    RegionResolver,
    normalise_text,
    shipped_regions,
)
from tests.names.spellings import LOOKALIKES, NEAR_SEVERAL, NOT_REGIONS, SPELLINGS, TYPOS


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    return RegionResolver(shipped_regions())


SPELLING_CASES = [(text, code) for code, texts in SPELLINGS.items() for text in texts]


@pytest.mark.parametrize(("text", "code"), SPELLING_CASES)
def test_resolve_real_world_spelling_gives_its_region(
    resolver: RegionResolver, text: str, code: str
) -> None:
    match = resolver.resolve(text)

    assert match.code == code
    assert 0.5 <= match.confidence <= 1.0


@pytest.mark.parametrize(("text", "code"), sorted(TYPOS.items()))
def test_resolve_one_character_typo_gives_its_region_with_less_confidence(
    resolver: RegionResolver, text: str, code: str
) -> None:
    match = resolver.resolve(text)

    assert match.code == code
    assert 0.5 <= match.confidence < 1.0


@pytest.mark.parametrize(("text", "code"), sorted(TYPOS.items()))
def test_resolve_one_character_typo_names_the_correction(
    resolver: RegionResolver, text: str, code: str
) -> None:
    match = resolver.resolve(text)

    assert match.correction is not None
    written, read = match.correction
    assert written in normalise_text(text) or written in normalise_text(text).replace(" ", "")
    assert written != read


@pytest.mark.parametrize("text", [*NOT_REGIONS, *LOOKALIKES])
def test_resolve_text_naming_no_region_gives_no_code(resolver: RegionResolver, text: str) -> None:
    match = resolver.resolve(text)

    assert (match.code, match.name, match.confidence, match.correction) == (None, None, 0.0, None)


@pytest.mark.parametrize(("text", "candidates"), sorted(NEAR_SEVERAL.items()))
def test_resolve_slip_near_two_regions_is_refused_with_them_as_candidates(
    resolver: RegionResolver, text: str, candidates: tuple[str, ...]
) -> None:
    assert (resolver.resolve(text).code, resolver.resolve(text).candidates) == (None, candidates)


def test_resolve_lookalike_names_the_region_it_resembles(resolver: RegionResolver) -> None:
    assert [
        resolver.resolve(text).candidates for text in ["Пензия", "Gomelia", "Омский район"]
    ] == [
        ("RU-PNZ",),
        ("BY-HO",),
        (),
    ]


def test_resolve_slip_is_read_in_the_reporters_country_only(resolver: RegionResolver) -> None:
    texts = ["Гомелская область", "Смоленская облсть", "Гомельская область"]

    assert [
        (match.code, match.correction, match.candidates)
        for match in resolver.resolve_many(texts, country="BY")
    ] == [
        ("BY-HO", ("гомелская", "гомельская"), ()),
        (None, None, ("RU-SMO",)),
        ("BY-HO", None, ()),
    ]


def test_resolve_slip_in_a_type_word_names_it(resolver: RegionResolver) -> None:
    match = resolver.resolve("Смоленская облсть")

    assert (match.code, match.confidence, match.correction) == (
        "RU-SMO",
        0.8,
        ("облсть", "область"),
    )


def test_resolve_list_covers_the_variant_classes_at_scale() -> None:
    spellings = sum(len(texts) for texts in SPELLINGS.values()) + len(TYPOS)

    assert spellings >= 250
    assert len(NOT_REGIONS) + len(LOOKALIKES) >= 60


def test_spelling_table_covers_every_belarusian_region() -> None:
    by_codes = {record.code for record in shipped_regions() if record.country == "BY"}

    assert by_codes <= set(SPELLINGS)
    assert all(len(SPELLINGS[code]) >= 18 for code in by_codes)


def test_resolve_exact_name_gives_full_confidence_and_english_name(
    resolver: RegionResolver,
) -> None:
    assert resolver.resolve("Смоленская область") == RegionMatch(
        input="Смоленская область", code="RU-SMO", name="Smolensk Oblast", confidence=1.0
    )


def test_resolve_code_in_any_case_gives_full_confidence(resolver: RegionResolver) -> None:
    assert [
        (m.code, m.confidence) for m in resolver.resolve_many(["ru-smo", "BY_HM", "RUMOW"])
    ] == [
        ("RU-SMO", 1.0),
        ("BY-HM", 1.0),
        ("RU-MOW", 1.0),
    ]


def test_resolve_confidence_orders_exact_typed_bare_authority_and_typo(
    resolver: RegionResolver,
) -> None:
    texts = [
        "Смоленская область",
        "Smolenskaja oblast'",
        "Smolensk",
        "Правительство Смоленской области",
        "Осетия",
        "Смоленская облать",
    ]

    assert [resolver.resolve(text).confidence for text in texts] == [
        1.0,
        0.95,
        0.9,
        0.9,
        0.8,
        0.8,
    ]


def test_resolve_minsk_city_and_minsk_oblast_are_told_apart_by_type(
    resolver: RegionResolver,
) -> None:
    texts = ["Минск", "г. Минск", "Минская область", "Минская", "Минский облисполком"]

    assert [resolver.resolve(text).code for text in texts] == [
        "BY-HM",
        "BY-HM",
        "BY-MI",
        "BY-MI",
        "BY-MI",
    ]


def test_resolve_moscow_city_and_moscow_oblast_are_told_apart_by_type(
    resolver: RegionResolver,
) -> None:
    texts = ["Moscow", "Moscow Region", "Moscow Oblast", "Moscow City", "Московская"]

    assert [resolver.resolve(text).code for text in texts] == [
        "RU-MOW",
        "RU-MOS",
        "RU-MOS",
        "RU-MOW",
        "RU-MOS",
    ]


def test_resolve_altai_without_type_is_ambiguous(resolver: RegionResolver) -> None:
    assert [resolver.resolve(text).code for text in ["Altai", "Altai Krai", "Altai Republic"]] == [
        None,
        "RU-ALT",
        "RU-AL",
    ]


def test_resolve_region_and_wrong_country_gives_no_code(resolver: RegionResolver) -> None:
    assert resolver.resolve("Smolensk Oblast, Belarus").code is None


def test_resolve_region_and_capital_of_another_region_gives_no_code(
    resolver: RegionResolver,
) -> None:
    assert resolver.resolve("Свердловская область, г. Казань").code is None


def test_resolve_two_regions_in_one_text_gives_no_code(resolver: RegionResolver) -> None:
    assert resolver.resolve("г. Москва и Московская область").code is None


def test_resolve_many_keeps_order_and_repeats(resolver: RegionResolver) -> None:
    texts = ["Gomel", "Paris", "Gomel", "Витебск"]

    assert [match.code for match in resolver.resolve_many(texts)] == [
        "BY-HO",
        None,
        "BY-HO",
        "BY-VI",
    ]


def test_resolve_repeated_text_returns_the_cached_match(resolver: RegionResolver) -> None:
    assert resolver.resolve("Брянщина") is resolver.resolve("Брянщина")


def test_resolver_accepts_extra_region_from_the_caller() -> None:
    extra = RegionRecord(
        code="RU-ZAP",
        country="RU",
        name_en="Zaporozhye Oblast",
        name_ru="Запорожская область",
        name_be=None,
        variants=("Запорожье",),
    )
    resolver = RegionResolver([*shipped_regions(), extra])

    assert [
        resolver.resolve(text).code
        for text in ["Запорожская обл.", "Zaporozhye Region", "RU-ZAP", "Запорожье", "Смоленск"]
    ] == ["RU-ZAP", "RU-ZAP", "RU-ZAP", "RU-ZAP", "RU-SMO"]


def test_resolver_without_a_region_does_not_know_it() -> None:
    resolver = RegionResolver(r for r in shipped_regions() if r.code != "RU-SMO")

    assert resolver.resolve("Смоленская область").code is None


def test_resolver_shipped_table_has_only_the_altai_ambiguity() -> None:
    resolver = RegionResolver(shipped_regions())

    assert [(core, str(kind)) for core, kind in resolver.ambiguous_cores()] == [
        (("alt",), "None"),
        (("alt",), "region"),
    ]


def test_resolve_town_beside_its_region_names_the_region(resolver: RegionResolver) -> None:
    texts = [
        "г. Гомель, Гомельская область",
        "Брестская обл., г. Пинск",
        "Свердловская обл., г. Екатеринбург",
        "г. Минск, Минская область",
    ]

    assert [resolver.resolve(text).code for text in texts] == [
        "BY-HO",
        "BY-BR",
        "RU-SVE",
        "BY-MI",
    ]


def test_resolve_known_town_beside_another_region_gives_no_code(resolver: RegionResolver) -> None:
    texts = ["г. Гомель, Брестская обл.", "Смоленская обл., г. Гомель"]

    assert [resolver.resolve(text).code for text in texts] == [None, None]


def test_resolve_city_marker_names_a_city_only_when_the_city_is_a_region(
    resolver: RegionResolver,
) -> None:
    texts = ["г. Москва", "г. Смоленск", "г. Пинск", "Смоленск"]

    assert [resolver.resolve(text).code for text in texts] == ["RU-MOW", None, None, "RU-SMO"]


def test_resolve_code_beside_a_name_counts_only_when_they_agree(resolver: RegionResolver) -> None:
    texts = ["RU-SMO Смоленская область", "Смоленская область (RU-SMO)", "RU-SMO Гомель"]

    assert [(m.code, m.confidence) for m in resolver.resolve_many(texts)] == [
        ("RU-SMO", 1.0),
        ("RU-SMO", 1.0),
        (None, 0.0),
    ]


def test_resolve_misspelt_word_whose_readings_agree(resolver: RegionResolver) -> None:
    texts = ["Marmansk", "Marmansk Oblast"]

    assert [(m.code, m.confidence) for m in resolver.resolve_many(texts)] == [
        ("RU-MUR", 0.75),
        ("RU-MUR", 0.8),
    ]
