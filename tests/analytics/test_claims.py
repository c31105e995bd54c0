import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from regionforum.analytics.claims import Scope, parse_claims, verdict
from tests.factories import ForumFactory, MoneyFactory, RegionFactory, agreement_between

STATEMENT_EN = (
    "Over the past seven years, more than 370 cooperation agreements and contracts have been "
    "signed to the amount of nearly $3 billion. More than a quarter of this amount is the result "
    "of last year's business meetings. The ongoing forum is expected to add another $800 million. "
    "Belarus maintains close contacts with more than 70 regions of Russia."
)
STATEMENT_RU = (
    "За последние семь лет подписано более 370 соглашений и контрактов на сумму почти "
    "3 млрд долларов. Более четверти этой суммы — результат прошлогодних деловых встреч. "
    "Беларусь поддерживает связи с более чем 70 регионами России."
)


SEVEN_YEARS, LAST_FORUM, THIS_FORUM = Scope(1, 7), Scope(7, 7), Scope(8, 8)


def summary(claims):
    return [(c.measure, c.stated, c.qualifier, c.scope, c.country, c.share_of) for c in claims]


def test_parse_claims_reads_the_2021_statement_in_english():
    claims = parse_claims(STATEMENT_EN, at_forum=8)

    assert summary(claims) == [
        ("agreements", Decimal(370), "more than", SEVEN_YEARS, None, None),
        ("total_usd", Decimal(3_000_000_000), "nearly", SEVEN_YEARS, None, None),
        ("share", Decimal("0.25"), "more than", SEVEN_YEARS, None, LAST_FORUM),
        ("total_usd", Decimal(800_000_000), "about", THIS_FORUM, None, None),
        ("partner_regions", Decimal(70), "more than", SEVEN_YEARS, "RU", None),
    ]


def test_parse_claims_reads_the_2021_statement_in_russian():
    claims = parse_claims(STATEMENT_RU, at_forum=8)

    assert summary(claims) == [
        ("agreements", Decimal(370), "more than", SEVEN_YEARS, None, None),
        ("total_usd", Decimal(3_000_000_000), "nearly", SEVEN_YEARS, None, None),
        ("share", Decimal("0.25"), "more than", SEVEN_YEARS, None, LAST_FORUM),
        ("partner_regions", Decimal(70), "more than", SEVEN_YEARS, "RU", None),
    ]


def test_parse_claims_percent_and_plain_number():
    claims = parse_claims("About 12% of the total came from 25 contracts.", at_forum=5)

    assert [(c.measure, c.stated, c.qualifier) for c in claims] == [
        ("share", Decimal("0.12"), "about"),
        ("agreements", Decimal(25), "exactly"),
    ]


def test_parse_claims_text_without_figures_is_empty():
    assert parse_claims("The forum opened in Minsk.", at_forum=3) == []


@pytest.mark.parametrize(
    ("qualifier", "stated", "actual", "expected"),
    [
        ("more than", 370, 380, "confirmed"),
        ("more than", 370, 350, "close"),
        ("more than", 370, 200, "contradicted"),
        ("nearly", 3000, 2740, "confirmed"),
        ("nearly", 3000, 3100, "close"),
        ("nearly", 3000, 1000, "contradicted"),
        ("about", 800, 850, "confirmed"),
        ("about", 800, 950, "close"),
        ("exactly", 60, 60, "confirmed"),
        ("exactly", 60, 62, "close"),
        ("exactly", 60, 80, "contradicted"),
    ],
)
def test_verdict_by_qualifier(qualifier, stated, actual, expected):
    assert verdict(qualifier=qualifier, stated=Decimal(stated), actual=Decimal(actual)) == expected


@pytest.mark.django_db
def test_claims_command_json_judges_against_registry(capsys):
    gomel, smolensk = (
        RegionFactory(code="BY-HO", name_be="Гомельская вобласць"),
        RegionFactory(code="RU-SMO"),
    )
    for number, usd in [(6, "300"), (7, "100")]:
        forum = ForumFactory(number=number)
        agreement = agreement_between(
            gomel, smolensk, forum=forum, signed_on=date(2019 + number - 6, 7, 1)
        )
        MoneyFactory(agreement=agreement, value=Decimal(usd))

    call_command(
        "claims",
        "Over the past two years, 2 agreements worth about $400. More than a quarter of it "
        "came from last year's meetings.",
        "--forum",
        "8",
        "--json",
    )

    claims = json.loads(capsys.readouterr().out)["claims"]
    assert [
        (c["measure"], c["stated"], c["qualifier"], c["scope"], c["actual"], c["verdict"])
        for c in claims
    ] == [
        ("agreements", 2, "exactly", {"forums": [6, 7]}, 2, "confirmed"),
        ("total_usd", 400, "about", {"forums": [6, 7]}, 400, "confirmed"),
        ("share", 0.25, "more than", {"forums": [6, 7]}, 0.25, "close"),
    ]


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("At forums I–VII, more than 500 agreements were signed.", Scope(1, 7)),
        ("На I–VII Форумах подписано более 370 соглашений.", Scope(1, 7)),
        ("Форумов 1–7: более 370 соглашений.", Scope(1, 7)),
        ("At the VIII Forum, nearly 100 agreements were signed.", Scope(8, 8)),
        ("На IX Форуме подписано около 90 соглашений.", Scope(9, 9)),
        ("In 2023, about 60 contracts were signed.", Scope(None, None, year=2023)),
        ("В 2023 году подписано более 60 соглашений.", Scope(None, None, year=2023)),
    ],
)
def test_parse_claims_reads_the_scope_written_in_the_text(text, scope):
    claims = parse_claims(text, at_forum=12)

    assert [(claim.measure, claim.scope) for claim in claims] == [("agreements", scope)]


def test_parse_claims_named_scope_carries_to_the_next_sentence():
    claims = parse_claims(
        "At forums II–IV, more than 50 agreements were signed. They were worth nearly $2 million.",
        at_forum=9,
    )

    assert [(claim.measure, claim.scope) for claim in claims] == [
        ("agreements", Scope(2, 4)),
        ("total_usd", Scope(2, 4)),
    ]


@pytest.mark.django_db
def test_claims_command_applies_the_scope_of_the_statement(capsys):
    gomel, smolensk = (
        RegionFactory(code="BY-HO", name_be="Гомельская вобласць"),
        RegionFactory(code="RU-SMO"),
    )
    forums = {number: ForumFactory(number=number) for number in (6, 7, 8)}
    for number in (6, 7, 8, 8):
        agreement_between(
            gomel, smolensk, forum=forums[number], signed_on=date(2014 + number, 7, 1)
        )

    call_command(
        "claims",
        "At forums VI–VII, more than 3 agreements were signed. В 2022 году подписано 2 соглашения.",
        "--json",
    )

    claims = json.loads(capsys.readouterr().out)["claims"]
    assert [(c["scope"], c["actual"], c["verdict"]) for c in claims] == [
        ({"forums": [6, 7]}, 2, "contradicted"),
        ({"year": 2022}, 2, "confirmed"),
    ]


def _find_region(phrase):
    from regionforum.names import shipped_regions
    from regionforum.names.regions import RegionResolver

    found = RegionResolver(shipped_regions()).resolve(phrase)
    return found.code, found.confidence


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "Гомельская область подписала более 50 соглашений на форумах I–VII.",
            Scope(1, 7, region="BY-HO"),
        ),
        ("Smolensk region signed about 40 agreements in 2023.", Scope(None, None, 2023, "RU-SMO")),
        (
            "На форумах Краснодарского края подписано 12 соглашений.",
            Scope(None, None, None, "RU-KDA"),
        ),
        ("Москва заключила почти 200 соглашений.", Scope(None, None, region="RU-MOW")),
        # The venue is where they were signed, not a party: no region.
        ("At the VIII Forum in Minsk, more than 100 agreements were signed.", Scope(8, 8)),
        ("More than 370 agreements were signed.", None),
    ],
)
def test_parse_claims_reads_a_region_named_in_the_text(text, scope):
    claims = parse_claims(text, at_forum=12, find_region=_find_region)

    assert [(claim.measure, claim.scope) for claim in claims] == [("agreements", scope)]


def test_parse_claims_region_holds_for_its_own_sentence_only():
    claims = parse_claims(
        "Gomel Oblast signed more than 5 agreements. In all, nearly 300 agreements were signed.",
        at_forum=9,
        find_region=_find_region,
    )

    assert [claim.scope for claim in claims] == [Scope(None, None, region="BY-HO"), None]


def test_parse_claims_reads_more_than_before_a_preposition():
    claims = parse_claims("Беларусь сотрудничает более чем с 70 регионами России.", at_forum=9)

    assert [(claim.measure, claim.qualifier) for claim in claims] == [
        ("partner_regions", "more than")
    ]


@pytest.mark.django_db
def test_claims_command_applies_the_region_of_the_statement(capsys):
    gomel = RegionFactory(
        code="BY-HO",
        name_en="Gomel Oblast",
        name_ru="Гомельская область",
        name_be="Гомельская вобласць",
    )
    minsk = RegionFactory(
        code="BY-MI", name_en="Minsk Oblast", name_ru="Минская область", name_be="Мінская вобласць"
    )
    smolensk = RegionFactory(code="RU-SMO", name_en="Smolensk Oblast", name_ru="Смоленская область")
    seventh = ForumFactory(number=7)
    for first in (gomel, gomel, minsk):
        agreement_between(first, smolensk, forum=seventh, signed_on=date(2020, 9, 28))

    call_command(
        "claims",
        "На VII Форуме Гомельская область подписала 2 соглашения. Всего подписано 3 соглашения.",
        "--forum",
        "8",
        "--json",
    )

    claims = json.loads(capsys.readouterr().out)["claims"]
    assert [(c["scope"], c["actual"], c["verdict"]) for c in claims] == [
        ({"forums": [7, 7], "region": "BY-HO"}, 2, "confirmed"),
        ({"forums": [7, 7]}, 3, "confirmed"),
    ]
