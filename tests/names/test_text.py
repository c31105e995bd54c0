import pytest

from regionforum.names import normalise_text, transliterate


def test_normalise_text_folds_case_yo_quotes_and_punctuation() -> None:
    assert normalise_text("  ОАО «Могилёвский   ЗАВОД»,\t'Ёлка' — №1 ") == (
        "оао могилевский завод елка 1"
    )


def test_normalise_text_keeps_the_script_and_belarusian_letters() -> None:
    assert normalise_text("Магілёўская вобласць; Mahilioŭ") == "магілеўская вобласць mahilioŭ"


def test_normalise_text_of_punctuation_only_is_empty() -> None:
    assert normalise_text(" — «» ... ") == ""


@pytest.mark.parametrize(
    "spelling",
    ["Могилёв", "Могилев", "Магілёў", "Mogilev", "Mogilyov", "Mahilyow", "Mahilioŭ", "Mogiljov"],
)
def test_transliterate_spellings_of_mogilev_share_one_skeleton(spelling: str) -> None:
    assert transliterate(spelling) == "mahilev"


@pytest.mark.parametrize(
    "spelling",
    [
        "Смоленская область",
        "Smolenskaya oblast'",
        "Smolenskaja oblast'",
        "Smolenskaia oblastʹ",
        "Smolenskaâ oblastʹ",
        "SMOLENSKAYA OBLAST",
    ],
)
def test_transliterate_romanisations_of_smolenskaya_share_one_skeleton(spelling: str) -> None:
    assert transliterate(spelling) == "smalenska ablast"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Гомель", "Homyel'"),
        ("Віцебск", "Vitsyebsk"),
        ("Хабаровский", "Xabarovskij"),
        ("Челябинская", "Čeljabinskaja"),
        ("Брестская", "Brestskaya"),
        ("Брэсцкая", "Bresckaja"),
    ],
)
def test_transliterate_cyrillic_and_its_romanisation_coincide(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == transliterate(latin)


def test_transliterate_output_is_plain_ascii_words() -> None:
    skeleton = transliterate("Ханты-Мансийский автономный округ — Югра; Łódź, Brześć")

    assert skeleton == "hant mansiski avtanamn akruh uhra ladz brzesc"
    assert skeleton.isascii()


def test_transliterate_keeps_doubled_digits() -> None:
    assert transliterate("Поставка 1 000 тракторов") == "pastavka 1 000 traktarav"
    assert transliterate("Supply of 100 tractors") != transliterate("Supply of 10 tractors")


def test_normalise_text_writes_a_mixed_script_word_in_its_main_script():
    # Latin "e", "p", "c", "y", "a" typed among Cyrillic letters, and a Cyrillic "о" in Latin.
    assert normalise_text("Бeлоpycский гоcyдapcтвeнный") == "белорусский государственный"
    assert normalise_text("Gоmselmash") == "gomselmash"
    assert normalise_text("МТЗ and Gomselmash") == "мтз and gomselmash"
