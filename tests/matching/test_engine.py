import pytest

from regionforum.matching import Direction, Matcher, Profile, Reason, suggest, suggest_all


def profile(ref, *, offers="", seeks="", organisation=None, sectors=()):
    return Profile(
        ref=ref,
        name=f"Participant {ref}",
        organisation=organisation or f"Organisation {ref}",
        region="BY-MI",
        country="BY",
        sectors=sectors,
        offers=offers,
        seeks=seeks,
        languages=("ru", "en"),
    )


def test_suggest_russian_need_meets_english_offer():
    profiles = [
        profile("ru", offers="молочная продукция", seeks="Ищем поставщиков полимерной плёнки"),
        profile("en", offers="Polymer film; PET preforms", seeks="software development"),
    ]

    suggestions = suggest(profiles, for_ref="ru", limit=5)

    assert [(s.ref, s.score, s.reciprocal) for s in suggestions] == [("en", 1.0, False)]
    assert suggestions[0].reasons == (
        Reason(
            direction=Direction.THEY_OFFER,
            offer="Polymer film",
            seek="полимерной плёнки",
            score=1.0,
            concept="polymer_film",
        ),
    )


def test_suggest_reason_names_both_texts():
    profiles = [
        profile("a", seeks="полимерная плёнка"),
        profile("b", offers="polymer film"),
    ]

    assert (
        suggest(profiles, for_ref="a")[0].why == "offers: polymer film ↔ seeks: полимерная плёнка"
    )
    assert (
        suggest(profiles, for_ref="b")[0].why == "seeks: полимерная плёнка ↔ offers: polymer film"
    )


def test_suggest_non_match_gets_nothing():
    profiles = [
        profile("dairy", offers="сыры и сливочное масло", seeks="холодильное оборудование"),
        profile("it", offers="custom software development", seeks="cloud hosting"),
        profile("tour", offers="агроэкотуризм", seeks="hotel booking"),
    ]

    assert suggest(profiles, for_ref="dairy") == []
    assert suggest(profiles, for_ref="it") == []


def test_suggest_both_only_offering_in_one_sector_get_nothing():
    profiles = [
        profile("p1", offers="полимерная плёнка", sectors=("химия",)),
        profile("p2", offers="polyethylene film, stretch film", sectors=("chemicals",)),
    ]

    assert suggest(profiles, for_ref="p1") == []
    assert suggest(profiles, for_ref="p2") == []


def test_suggest_reciprocal_ranks_higher():
    profiles = [
        profile("me", offers="зерно, пшеница", seeks="тракторы"),
        profile("one_way", offers="tractors"),
        profile("both_ways", offers="tractors and combine harvesters", seeks="wheat"),
    ]

    suggestions = suggest(profiles, for_ref="me")

    assert [(s.ref, s.score, s.reciprocal) for s in suggestions] == [
        ("both_ways", 1.5, True),
        ("one_way", 1.0, False),
    ]
    assert suggestions[0].why == (
        "offers: tractors and combine harvesters ↔ seeks: тракторы; seeks: wheat ↔ offers: зерно"
    )


def test_suggest_never_self_or_own_organisation():
    profiles = [
        profile("a", offers="фанера", seeks="фанера", organisation="ОАО «Мозырский ДОК»"),
        profile("b", offers="plywood", seeks="plywood", organisation="Mozyrski DOK OJSC"),
        profile("c", offers="plywood", seeks="plywood", organisation="Kostroma Plywood Mill"),
    ]

    assert [s.ref for s in suggest(profiles, for_ref="a")] == ["c"]
    assert [s.ref for s in suggest(profiles, for_ref="c")] == ["a", "b"]


def test_suggest_inflection_and_typo_still_match():
    profiles = [
        profile("a", seeks="Закупаем минеральных удобрений"),
        profile("b", offers="mineral fertlizers"),
    ]

    assert [(s.ref, s.reasons[0].concept) for s in suggest(profiles, for_ref="a")] == [
        ("b", "fertilisers")
    ]


def test_suggest_by_spelling_when_the_glossary_does_not_know():
    profiles = [
        profile("a", seeks="криогенные насадки"),
        profile("b", offers="cryogenic nozzles"),
    ]

    [suggestion] = suggest(profiles, for_ref="a")

    assert suggestion.reasons[0].concept is None
    assert suggestion.reasons[0].offer == "cryogenic nozzles"
    assert 0.2 <= suggestion.score < 1.0


def test_suggest_all_agrees_with_suggest():
    profiles = [
        profile("a", offers="зерно", seeks="тракторы"),
        profile("b", offers="tractors", seeks="grain"),
        profile("c", offers="combine harvesters", seeks="пшеница"),
        profile("d", offers="hotels"),
    ]

    everyone = suggest_all(profiles, limit=3)

    assert everyone == {ref: suggest(profiles, for_ref=ref, limit=3) for ref in "abcd"}
    assert [s.ref for s in everyone["a"]] == ["b", "c"]
    assert everyone["d"] == []


def test_matcher_refuses_duplicate_refs():
    with pytest.raises(ValueError, match="same ref"):
        Matcher([profile("a"), profile("a")])


def test_suggest_partner_meeting_more_needs_ranks_first():
    profiles = [
        profile("me", seeks="тракторы; подшипники"),
        profile("one", offers="tractors"),
        profile("two", offers="tractors, bearings"),
    ]

    assert [(s.ref, s.score) for s in suggest(profiles, for_ref="me")] == [
        ("two", 1.1),
        ("one", 1.0),
    ]


def test_suggest_unknown_phrase_meets_its_translation_word_by_word():
    profiles = [
        profile("a", seeks="студенты-инженеры"),
        profile("b", offers="engineering students"),
        profile("c", offers="машины"),
    ]

    [suggestion] = suggest(profiles, for_ref="a")

    assert (suggestion.ref, suggestion.reasons[0].concept) == ("b", None)
    assert 0.2 <= suggestion.score < 1.0


def test_suggest_lead_in_is_not_part_of_a_term():
    profiles = [
        profile("a", seeks="водоснабжение посёлка"),
        profile("b", offers="Supply of water and heat meters"),
    ]

    assert suggest(profiles, for_ref="a") == []
