from datetime import date

from regionforum.linkage import Family, Record, kind_family, link, title_similarity

DAY = date(2021, 6, 30)
REGIONS = frozenset({"BY-HO", "RU-SMO"})


def record(key, source, *, parties=("o1", "o2"), usd=None, title="", names=(), existing=False):
    return Record(
        key=key,
        sources=frozenset({source}),
        signed_on=DAY,
        family=Family.COOPERATION,
        regions=REGIONS,
        parties=frozenset(parties),
        usd=usd,
        title=title,
        names=names,
        existing=existing,
    )


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
    assert title_similarity(skeleton("Поставка 50 лифтов"), english) == 0.8
    assert title_similarity(skeleton("Поставка 70 тракторов"), english) == 0.2
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
