from regionforum.matching import shipped_glossary
from regionforum.matching.stemming import stem_english, stem_russian


def concepts(text):
    glossary = shipped_glossary()
    return glossary.concepts_in(glossary.analyse(text)[0])


def test_concepts_in_a_longer_term_hides_the_shorter_one():
    assert concepts("окна ПВХ") == {"windows_doors"}
    assert concepts("PVC resin") == {"polymer_raw"}
    assert "electronics" not in concepts("fuel wood chips")


def test_concepts_in_english_prefix_is_not_the_word():
    assert concepts("hot water boilers") == {"heat_supply"}


def test_stem_raw_materials_are_not_cheese():
    assert stem_russian("сырьё") != stem_russian("сыры")
    assert concepts("полимерное сырьё") == {"polymer_raw"}


def test_stem_trucking_is_not_trucks():
    assert stem_english("trucking") != stem_english("trucks")


def test_concepts_in_a_role_hides_what_it_deals_in():
    assert concepts("дилеры для продажи наших тракторов") == {"machinery_dealers"}
    assert concepts("dealership for farm machinery") == {"machinery_dealers"}


def test_concepts_round_logs_are_not_sawn_timber():
    assert concepts("лесоматериалы круглые") == {"roundwood"}
    assert concepts("edged boards") == {"sawn_timber"}


def test_concepts_named_before_a_role_stay():
    assert concepts("cheese and butter, our retail chain") == {"dairy", "food_distribution"}


def test_concepts_after_for_say_what_the_first_is_for():
    assert concepts("cheese and butter for our retail chain") == {"dairy"}
    assert concepts("Looking for spare parts for tractors") == {"auto_components"}
    assert concepts("комбикорма для КРС") == {"animal_feed"}


def test_canonical_typo_with_swapped_letters():
    assert concepts("tarctors") == {"tractors"}


def test_canonical_a_person_is_not_the_thing():
    assert concepts("программисты") == {"it_outsourcing"}


def test_canonical_a_known_word_is_not_a_typo_of_a_concept():
    assert concepts("machinery rental") == set()


def test_concepts_an_english_term_qualifying_the_next_is_not_sought():
    assert concepts("wheat flour") == {"bakery"}
    assert concepts("seed potatoes") == {"potatoes"}
    assert concepts("grain and potatoes") == {"grain", "potatoes"}


def test_concepts_raw_milk_is_not_dairy_products():
    assert concepts("молоко-сырьё для переработки") == {"raw_milk"}
