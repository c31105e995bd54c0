"""Link suggestions from the words, the priority's terms, the sector and the regions."""

from regionforum.matching import shipped_glossary
from regionforum.strategy.linking import AgreementText, Linker, ProjectText

_MICRO = ProjectText(
    title="Regional centre of microelectronic components",
    description="Design and packaging of chips.",
    terms=["Микроэлектроника", "микросхема", "полупроводник", "semiconductor", "microchip"],
    sectors=frozenset({"it"}),
    regions=frozenset({"BY-MI"}),
)


def _agreements(*rows: tuple[int, str, str, set[str]]) -> list[AgreementText]:
    return [
        AgreementText(id, title, sector, frozenset(regions)) for id, title, sector, regions in rows
    ]


def test_a_russian_agreement_meets_an_english_project_through_the_priority_terms():
    linker = Linker(
        shipped_glossary(),
        _agreements(
            (1, "Договор поставки микросхем для сельхозтехники", "промышленность", set()),
            (2, "Договор поставки молочной продукции", "сельское хозяйство", set()),
        ),
    )

    (found,) = linker.candidates(_MICRO)

    assert found.agreement_id == 1
    assert "микросхема" in found.reason


def test_shared_words_sector_and_regions_rank_the_closer_agreement_first():
    linker = Linker(
        shipped_glossary(),
        _agreements(
            (1, "Semiconductor packaging line", "information technology", {"BY-MI"}),
            (2, "Semiconductor packaging line", "tourism", {"RU-PSK"}),
            (3, "Cooperation in tourism", "tourism", {"BY-MI"}),
        ),
    )

    found = linker.candidates(_MICRO)

    # The region alone (agreement 3) is no reason to suggest anything.
    assert [candidate.agreement_id for candidate in found] == [1, 2]
    assert found[0].score > found[1].score
    assert "regions: BY-MI" in found[0].reason and "sector: it" in found[0].reason


def test_nothing_is_suggested_from_common_words_alone():
    linker = Linker(
        shipped_glossary(),
        _agreements((1, "Agreement on cooperation and the supply of products", "", set())),
    )

    assert linker.candidates(_MICRO) == []


def test_a_common_shared_word_with_the_right_sector_and_region_is_no_reason():
    cyber = ProjectText(
        title="Joint cyber security exercises",
        description="Exercises of the regions' information security services.",
        terms=["кибербезопасность", "cyber security"],
        sectors=frozenset({"it"}),
        regions=frozenset({"BY-MI"}),
    )
    rows = [
        (index, f"Information exchange on product {index}", "information technology", set())
        for index in range(2, 30)
    ]
    linker = Linker(
        shipped_glossary(),
        _agreements(
            (1, "Supply of fertilisers", "information technology", {"BY-MI"}),
            (100, "Cyber security training centre", "", set()),
            *rows,
        ),
    )

    assert [candidate.agreement_id for candidate in linker.candidates(cyber)] == [100]
