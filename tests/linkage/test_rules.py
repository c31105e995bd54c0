from datetime import date

import pytest

from regionforum.linkage import Family, Record, kind_family, link, title_similarity
from regionforum.linkage.rules import stem_weights

DAY = date(2021, 6, 30)
REGIONS = frozenset({"BY-HO", "RU-SMO"})


def record(
    key,
    source,
    *,
    parties=("o1", "o2"),
    usd=None,
    title="",
    names=(),
    existing=False,
    regions=REGIONS,
    usd_market=None,
    script="",
    family=Family.COOPERATION,
    currency="",
):
    return Record(
        key=key,
        sources=frozenset({source}),
        signed_on=DAY,
        family=family,
        regions=regions,
        parties=frozenset(parties),
        usd=usd,
        title=title,
        names=names,
        existing=existing,
        usd_market=usd_market,
        script=script,
        currency=currency,
    )


def skeleton(text):
    from regionforum.names import normalise_text, transliterate

    return normalise_text(transliterate(text))


def test_kind_family_contract_is_commercial():
    assert kind_family("contract") is Family.COMMERCIAL
    assert kind_family("memorandum") is Family.COOPERATION


def test_link_same_parties_two_reports_merged():
    linkage = link([record(0, "by.xlsx", usd=100.0), record(1, "ru.csv")])
    assert linkage.groups == [[0, 1]]
    assert linkage.joined[1].shared_parties == 2
    assert linkage.doubts == []


def test_link_amounts_more_than_ten_percent_apart_kept_apart():
    linkage = link([record(0, "by.xlsx", usd=100.0), record(1, "ru.csv", usd=115.0)])
    assert linkage.groups == [[0], [1]]


def test_link_two_deals_same_day_paired_by_amount():
    rows = [
        record(0, "by.xlsx", usd=1_000_000.0, title="postavka"),
        record(1, "by.xlsx", usd=5_000_000.0, title="postavka"),
        record(2, "ru.csv", usd=5_050_000.0, title="supply"),
        record(3, "ru.csv", usd=990_000.0, title="supply"),
    ]
    assert link(rows).groups == [[0, 3], [1, 2]]


def test_link_rows_of_one_report_not_merged_unless_identical():
    rows = [
        record(0, "by.xlsx", title="soglashenie ob obrazovanii"),
        record(1, "by.xlsx", title="soglashenie o turizme"),
    ]
    assert link(rows).groups == [[0], [1]]
    twins = [record(0, "by.xlsx", title="soglashenie"), record(1, "by.xlsx", title="soglashenie")]
    assert link(twins).groups == [[0, 1]]


def test_link_ambiguous_pair_becomes_doubt():
    rows = [
        record(0, "by.xlsx", parties=("a", "b"), title="xxx"),
        record(1, "by.xlsx", parties=("a", "b"), title="yyy"),
        record(2, "ru.csv", parties=("a", "b"), title="zzz"),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0], [1], [2]]
    assert sorted((doubt.a, doubt.b) for doubt in linkage.doubts) == [(0, 2), (1, 2)]


def test_link_existing_agreements_never_joined_to_each_other():
    rows = [record(0, "a.csv", existing=True), record(1, "b.csv", existing=True)]
    assert link(rows).groups == [[0], [1]]


def test_link_new_row_joins_existing_agreement():
    rows = [record(0, "ru.csv"), record(1, "by.xlsx", existing=True)]
    linkage = link(rows)
    assert linkage.groups == [[0, 1]]
    assert 0 in linkage.joined


def test_title_similarity_numbers_survive_translation():
    from regionforum.names import normalise_text, transliterate

    def skeleton(text):
        return normalise_text(transliterate(text))

    english = skeleton("Supply of 50 tractors")
    assert title_similarity(skeleton("Поставка 50 тракторов"), english) == 1.0
    # Words half alike (0.5), numbers the same (1.0).
    assert title_similarity(skeleton("Поставка 50 лифтов"), english) == 0.75
    assert title_similarity(skeleton("Поставка 70 тракторов"), english) == 0.1
    assert title_similarity("", "supply") == 0.0


def test_title_similarity_translation_folded_by_glossary():
    from regionforum.names import normalise_text, transliterate

    def skeleton(text):
        return normalise_text(transliterate(text))

    russian = skeleton("Соглашение о сотрудничестве в области образования")
    assert title_similarity(russian, skeleton("Agreement on cooperation in education")) == 1.0
    assert title_similarity(russian, skeleton("Agreement on cooperation in tourism")) < 0.5


def test_link_two_same_day_deals_pair_off_by_titles():
    rows = [
        record(0, "by.xlsx", parties=("a", "b1"), title="nauchno tehnicheskom", names=("a", "bx")),
        record(1, "by.xlsx", parties=("a", "b2"), title="agropromyshlennom", names=("a", "by")),
        record(2, "ru.csv", parties=("a", "b2"), title="nauchno tehnicheskom", names=("a", "by")),
        record(3, "ru.csv", parties=("a", "b3"), title="agropromyshlennom", names=("a", "bz")),
    ]
    assert link(rows).groups == [[0, 2], [1, 3]]


def test_link_crowded_day_pairs_rows_by_shared_organisations():
    rows = []
    for n in range(200):
        parties = (f"a{n}", f"b{n}")
        rows.append(record(2 * n, "by.xlsx", parties=parties, usd=1000.0 + n * 500, title="x"))
        rows.append(record(2 * n + 1, "ru.csv", parties=parties, title="y"))
    assert link(rows).groups == [[2 * n, 2 * n + 1] for n in range(200)]


def test_link_third_party_named_by_one_side_only_merged():
    rows = [
        record(0, "by.xlsx", parties=("o1", "o2")),
        record(1, "ru.csv", parties=("o1", "o2", "o3"), regions=REGIONS | {"RU-BRY"}),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0, 1]]
    assert linkage.joined[1].regions == REGIONS


def test_link_one_shared_region_is_not_a_block():
    rows = [
        record(0, "by.xlsx", parties=("o1", "o2")),
        record(1, "ru.csv", parties=("o1", "o3"), regions=frozenset({"BY-HO", "RU-BRY"})),
    ]
    assert link(rows).groups == [[0], [1]]


def test_link_amounts_apart_on_the_table_close_at_market_rate_merged():
    # A side converted at the day's rate while the table in force is an annual average.
    rows = [
        record(0, "by.xlsx", usd=1_000_000.0, usd_market=1_000_000.0),
        record(1, "ru.csv", usd=1_300_000.0, usd_market=1_010_000.0),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0, 1]]
    assert round(linkage.joined[1].amount_gap, 4) == 0.0099


def test_link_amounts_apart_on_both_bases_kept_apart():
    rows = [
        record(0, "by.xlsx", usd=1_000_000.0, usd_market=1_000_000.0),
        record(1, "ru.csv", usd=1_300_000.0, usd_market=1_250_000.0),
    ]
    assert link(rows).groups == [[0], [1]]


def test_title_similarity_common_stem_weighs_little():
    goods = ("мебели", "калийных удобрений", "тракторов", "лифтов", "автобусов", "станков")
    weights = stem_weights(skeleton(f"Поставка {name}") for name in goods * 2)
    furniture, fertiliser = skeleton("Поставка мебели"), skeleton("Поставка калийных удобрений")
    assert title_similarity(furniture, fertiliser, weights) < 0.25
    assert title_similarity(furniture, skeleton("Договор поставки мебели"), weights) == 1.0


def test_title_similarity_paraphrase_adding_words_stays_alike():
    short = skeleton("Соглашение о торгово-экономическом сотрудничестве")
    longer = skeleton("Соглашение между сторонами о развитии торгово-экономических связей")
    assert title_similarity(short, longer) >= 0.7


def test_link_same_report_titles_differing_by_a_number_kept_apart():
    # Same parties and day, amounts 1% apart: only the number tells the two contracts apart.
    rows = [
        record(0, "by.xlsx", usd=1_000_000.0, title=skeleton("Contract 100 supply")),
        record(1, "by.xlsx", usd=1_010_000.0, title=skeleton("Contract 1000 supply")),
    ]
    assert link(rows).groups == [[0], [1]]


def test_link_translated_titles_wholly_understood_and_unlike_kept_apart():
    # Same parties and day, no amounts: the glossary knows every word of both titles, and they
    # name two papers, so the rows are not merged on the parties alone.
    rows = [
        record(0, "by.xlsx", title=skeleton("Соглашение о подготовке кадров"), names=("a", "b")),
        record(
            1,
            "sec.csv",
            title=skeleton("Agreement on trade and economic cooperation"),
            names=("a", "b"),
        ),
    ]
    assert link(rows).groups == [[0], [1]]


def test_link_translated_title_with_unknown_words_still_merged_on_parties():
    rows = [
        record(0, "by.xlsx", title=skeleton("Поставка льняного полотна"), names=("a", "b")),
        record(1, "sec.csv", title=skeleton("Supply of linen cloth"), names=("a", "b")),
    ]
    assert link(rows).groups == [[0, 1]]


def test_link_same_titles_settle_a_rival_with_a_near_amount():
    # by.xlsx reports two contracts of one day between the same parties, one without an amount;
    # ru.csv reports the first with an amount 5.7% from the second's: the titles decide.
    rows = [
        record(0, "by.xlsx", title=skeleton("Поставка тракторов (12 ед.)")),
        record(1, "by.xlsx", usd=1_000_000.0, title=skeleton("Поставка мебели")),
        record(2, "ru.csv", usd=1_060_000.0, title=skeleton("Поставка тракторов (12 ед.)")),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0, 2], [1]]
    assert linkage.doubts == []


def test_title_similarity_counts_said_differently_are_the_same_title():
    assert (
        title_similarity(
            skeleton("Договор поставки пиломатериалов, 20 шт."),
            skeleton("Поставка пиломатериалов (20 ед.)"),
        )
        == 1.0
    )


def test_link_translated_titles_with_other_numbers_kept_apart():
    # The glossary does not know "пиломатериалов", but 25 and 12 need no translation.
    rows = [
        record(0, "by.xlsx", title=skeleton("Поставка пиломатериалов (25 ед.)"), names=("a", "b")),
        record(1, "sec.csv", title=skeleton("Supply of sawn timber (12 units)"), names=("a", "b")),
    ]
    assert link(rows).groups == [[0], [1]]


def test_link_nearly_equal_amounts_and_unlike_titles_go_to_review():
    rows = [
        record(
            0,
            "by.xlsx",
            usd=1_000_000.0,
            title=skeleton("Поставка калийных удобрений"),
            script="cyrillic",
        ),
        record(
            1,
            "ru.csv",
            usd=1_020_000.0,
            title=skeleton("Поставка кабельной продукции"),
            script="cyrillic",
        ),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0], [1]]
    assert [(doubt.a, doubt.b) for doubt in linkage.doubts] == [(0, 1)]


def test_link_crowded_day_between_the_same_parties_pairs_rows_by_amount():
    # 400 contracts of one day between the same two organisations, reported by both sides (one
    # file after the other, as an import sees them): only the amounts, 1% apart from one
    # contract to the next, tell them apart.
    amounts = [1_000_000.0 * 1.01**n for n in range(400)]
    rows = [record(n, "by.xlsx", usd=usd, title=f"postavka {n}") for n, usd in enumerate(amounts)]
    rows += [
        record(400 + n, "ru.csv", usd=usd, title=f"supply {n}") for n, usd in enumerate(amounts)
    ]
    assert link(rows).groups == [[n, 400 + n] for n in range(400)]


def _cyrillic(key, source, title, **fields):
    return record(key, source, title=skeleton(title), script="cyrillic", **fields)


def test_link_paraphrased_title_with_a_unique_counterpart_merged():
    # Same organisations and day, one language, no amounts: the stems share nothing, but
    # neither row has another to join, so the titles are a paraphrase.
    rows = [
        _cyrillic(0, "by.xlsx", "Меморандум о намерениях"),
        _cyrillic(1, "ru.csv", "Меморандум о взаимопонимании"),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0, 1]]
    assert linkage.doubts == []


def test_link_paraphrased_title_with_a_competing_row_not_merged():
    # by.xlsx reports two papers of that day between the same parties: the unlike title of
    # ru.csv's row no longer picks one of them, and the rows stay apart.
    rows = [
        _cyrillic(0, "by.xlsx", "Меморандум о намерениях"),
        _cyrillic(1, "by.xlsx", "Соглашение о подготовке кадров"),
        _cyrillic(2, "ru.csv", "Меморандум о развитии туризма"),
    ]
    assert link(rows).groups == [[0], [1], [2]]


def test_link_paraphrase_needs_the_same_organisations():
    rows = [
        _cyrillic(0, "by.xlsx", "Меморандум о намерениях", parties=("o1",)),
        _cyrillic(1, "ru.csv", "Меморандум о взаимопонимании"),
    ]
    assert link(rows).groups == [[0], [1]]


def test_link_supplementary_agreement_kept_apart_from_the_agreement():
    rows = [
        _cyrillic(0, "by.xlsx", "Соглашение о торгово-экономическом сотрудничестве"),
        _cyrillic(
            1,
            "ru.csv",
            "Дополнительное соглашение к соглашению о торгово-экономическом сотрудничестве",
        ),
    ]
    linkage = link(rows)
    assert linkage.groups == [[0], [1]]
    assert linkage.doubts == []


def test_link_two_reports_of_one_supplementary_agreement_merged():
    rows = [
        _cyrillic(
            0,
            "by.xlsx",
            "Дополнительное соглашение к соглашению о торгово-экономическом сотрудничестве",
        ),
        record(
            1,
            "sec.csv",
            title=skeleton(
                "Supplementary agreement to the Agreement on trade and economic cooperation"
            ),
            script="latin",
        ),
    ]
    assert link(rows).groups == [[0, 1]]


def test_supplementary_only_when_the_title_opens_with_the_word():
    from regionforum.linkage.glossary import supplementary

    assert supplementary(skeleton("ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ К ПРОГРАММЕ"))
    assert supplementary(skeleton("Supplementary agreement to the Programme"))
    assert not supplementary(skeleton("Соглашение о дополнительных мерах поддержки"))
    assert not supplementary(skeleton("Программа сотрудничества"))


def test_title_similarity_abbreviation_and_synonym_folded_by_glossary():
    assert title_similarity(
        skeleton("Протокол о взаимодействии в АПК"),
        skeleton("Протокол о сотрудничестве в агропромышленном комплексе"),
    ) == pytest.approx(0.8333, abs=1e-4)
    assert (
        title_similarity(
            skeleton("Программа сотрудничества в сфере здравоохранения"),
            skeleton("Programme on cooperation in medicine"),
        )
        == 1.0
    )
    # Another field stays another paper.
    assert (
        title_similarity(
            skeleton("Программа сотрудничества в сфере здравоохранения"),
            skeleton("Программа сотрудничества в сфере образования"),
        )
        == 0.0
    )


def contract(key, source, title, **fields):
    return record(
        key, source, title=skeleton(title), script="cyrillic", family=Family.COMMERCIAL, **fields
    )


def test_link_contracts_naming_the_same_goods_otherwise_merged():
    linkage = link(
        [
            contract(0, "by.xlsx", "Поставка азотных удобрений (300 ед.)", usd=70.94),
            contract(1, "ru.csv", "Поставка карбамида", usd=70.94),
        ]
    )
    assert linkage.groups == [[0, 1]]
    assert linkage.joined[1].title_similarity == pytest.approx(0.7)
    assert linkage.doubts == []


def test_link_contracts_of_other_goods_kept_apart():
    linkage = link(
        [
            contract(0, "by.xlsx", "Поставка сухого молока", usd=70.94),
            contract(1, "ru.csv", "Поставка сахара", usd=70.94),
        ]
    )
    assert linkage.groups == [[0], [1]]


@pytest.mark.parametrize(
    ("parties", "usd"),
    [(("o1", "o3"), 70.94), (("o1", "o2"), 65.0)],
    ids=["another-organisation", "amounts-eight-percent-apart"],
)
def test_link_same_goods_otherwise_named_needs_the_rest_to_agree(parties, usd):
    linkage = link(
        [
            contract(0, "by.xlsx", "Поставка сухого молока", usd=70.94),
            contract(1, "ru.csv", "Поставка молочной продукции", usd=usd, parties=parties),
        ]
    )
    assert linkage.groups == [[0], [1]]


def test_same_goods_needs_every_kind_of_goods_alike():
    from regionforum.linkage.glossary import same_goods

    assert same_goods(skeleton("Поставка трикотажа"), skeleton("Supply of hosiery"))
    assert same_goods(
        skeleton("Поставка запасных частей к тракторам"), skeleton("Поставка запчастей")
    )
    assert not same_goods(skeleton("Поставка трикотажа и молока"), skeleton("Поставка молока"))
    assert not same_goods(skeleton("Поставка сахара"), skeleton("Поставка сахара-песка"))


def test_link_contracts_same_goods_one_side_leaving_out_a_third_party_merged():
    linkage = link(
        [
            contract(0, "by.xlsx", "Поставка карбамида", usd=74.45, parties=("o1", "o2", "o3")),
            contract(1, "ru.csv", "Поставка азотных удобрений", usd=74.45),
        ]
    )
    assert linkage.groups == [[0, 1]]


def test_link_translated_contracts_of_other_goods_kept_apart():
    sugar = record(
        0,
        "secretariat.csv",
        title=skeleton("Supply of sugar"),
        script="latin",
        family=Family.COMMERCIAL,
        usd=41.43,
    )
    dairy = contract(1, "by.xlsx", "Поставка молочной продукции (30 ед.)", usd=43.66)
    assert link([sugar, dairy]).groups == [[0], [1]]


def test_link_no_organisation_in_common_and_a_loose_amount_not_merged():
    glass = record(
        0,
        "secretariat.csv",
        title=skeleton("Supply of flat glass (300 units)"),
        script="latin",
        family=Family.COMMERCIAL,
        usd=40.012,
        parties=("o3", "o39"),
        names=("babushkina krnka", "kaluha turbine plant"),
    )
    trucks = contract(
        1,
        "ru.csv",
        "Поставка карьерных самосвалов",
        usd=42.154,
        parties=("o1", "o13", "o22"),
        names=("ahratarh", "hradna azat", "belshina"),
    )
    linkage = link([glass, trucks])
    assert linkage.groups == [[0], [1]]
    assert [(doubt.a, doubt.b) for doubt in linkage.doubts] == [(0, 1)]


def test_link_two_currencies_each_converted_at_another_basis_close():
    # One side converted at the table in force (79.80 at the table, 72.18 at the day's rate),
    # the other at the day's rate (85.78 at the table, 79.80 at the day's rate).
    rub = record(0, "ru.csv", usd=79.80, usd_market=72.18)
    byn = record(1, "by.xlsx", usd=85.78, usd_market=79.80)
    assert link([rub, byn]).joined[1].gap == pytest.approx(0.0697, abs=1e-4)
    rub = record(0, "ru.csv", usd=79.80, usd_market=72.18, currency="RUB")
    byn = record(1, "by.xlsx", usd=85.78, usd_market=79.80, currency="BYN")
    linkage = link([rub, byn])
    assert linkage.groups == [[0, 1]]
    assert linkage.joined[1].gap == 0.0
    assert linkage.joined[1].close_amounts


def test_spread_takes_for_each_member_the_basis_that_fits_the_rest():
    from regionforum.linkage.rules import _spread

    assert _spread([[79.80, 72.18], [85.78, 79.80]]) == 0.0
    assert _spread([[79.80, 72.18], [85.78, 79.80], [90.0]]) == pytest.approx(0.1133, abs=1e-4)
    assert _spread([[100.0], [104.0], [98.0]]) == pytest.approx(0.0577, abs=1e-4)
