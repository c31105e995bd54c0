import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from regionforum.analytics.selectors import SHIPPED_TABLE, Scope, figures_get
from tests.factories import ForumFactory, MoneyFactory, RegionFactory, agreement_between


@pytest.fixture
def registry():
    """Two forums: VII with two agreements (one in RUB without a rate), VIII with one."""
    gomel, minsk = RegionFactory(code="BY-HO"), RegionFactory(code="BY-HM")
    smolensk, bryansk = RegionFactory(code="RU-SMO"), RegionFactory(code="RU-BRY")
    seventh, eighth = ForumFactory(number=7), ForumFactory(number=8)
    first = agreement_between(gomel, smolensk, forum=seventh, signed_on=date(2020, 9, 28))
    MoneyFactory(agreement=first, value=Decimal("300000000"), currency="USD")
    second = agreement_between(gomel, bryansk, forum=seventh, signed_on=date(2020, 9, 29))
    MoneyFactory(agreement=second, value=Decimal("5000000"), currency="RUB", usd=None)
    third = agreement_between(minsk, smolensk, forum=eighth, signed_on=date(2021, 6, 30))
    MoneyFactory(agreement=third, value=Decimal("100000000"), currency="USD")
    agreement_between(minsk, bryansk, forum=None, signed_on=date(2022, 1, 10))


@pytest.mark.django_db
def test_figures_get_counts_whole_registry(registry):
    figures = figures_get()

    assert figures.agreements == 4
    assert figures.with_amount == 3
    assert figures.total_usd == Decimal("400000000.00")
    assert [(u.currency, u.amount) for u in figures.unconverted] == [("RUB", Decimal("5000000"))]
    assert [
        (f.forum, f.year, f.agreements, f.total_usd, f.share_of_total) for f in figures.by_forum
    ] == [
        (7, 2020, 2, Decimal("300000000.00"), 0.75),
        (8, 2021, 1, Decimal("100000000.00"), 0.25),
    ]
    assert figures.partner_regions == {"BY": 2, "RU": 2}
    assert figures.organisations == 8


@pytest.mark.django_db
def test_figures_get_one_forum_excludes_the_rest(registry):
    figures = figures_get(forums=(8, 8))

    assert (figures.agreements, figures.with_amount, figures.total_usd) == (
        1,
        1,
        Decimal("100000000.00"),
    )
    assert figures.partner_regions == {"BY": 1, "RU": 1}
    assert figures.unconverted == []


@pytest.mark.django_db
def test_figures_get_date_range(registry):
    figures = figures_get(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31))

    assert figures.agreements == 1
    assert [row.forum for row in figures.by_forum] == [8]


@pytest.mark.django_db
def test_figures_get_empty_registry_is_zero():
    figures = figures_get()

    assert figures.as_json() == {
        "agreements": 0,
        "with_amount": 0,
        "total_usd": 0.0,
        "unconverted": [],
        "by_forum": [],
        "partner_regions": {"BY": 0, "RU": 0},
        "organisations": 0,
        "basis": {"table": "shipped", "shipped": SHIPPED_TABLE, "loaded": [], "rates_used": []},
        "by_status": {"signed": 0, "in progress": 0, "fulfilled": 0, "terminated": 0},
        "scope": {},
        "implementation": {"signed": 0.0, "in progress": 0.0, "fulfilled": 0.0, "terminated": 0.0},
        "partners": {"BY": [], "RU": []},
        "target": None,
    }


@pytest.mark.django_db
def test_figures_command_json_follows_contract(registry, capsys):
    call_command("figures", "--forums", "7-8", "--json")

    payload = json.loads(capsys.readouterr().out)
    assert payload == {
        "agreements": 3,
        "with_amount": 3,
        "total_usd": 400000000.0,
        "unconverted": [{"currency": "RUB", "amount": 5000000.0}],
        "by_forum": [
            {
                "forum": 7,
                "year": 2020,
                "agreements": 2,
                "total_usd": 300000000.0,
                "share_of_total": 0.75,
                "agreements_growth": None,
                "usd_growth": None,
            },
            {
                "forum": 8,
                "year": 2021,
                "agreements": 1,
                "total_usd": 100000000.0,
                "share_of_total": 0.25,
                "agreements_growth": -0.5,
                "usd_growth": -0.6667,
            },
        ],
        "partner_regions": {"BY": 2, "RU": 2},
        "organisations": 6,
        "basis": {
            "table": "shipped",
            "shipped": SHIPPED_TABLE,
            "loaded": [],
            "rates_used": [{"source": "test", "amounts": 2}],
        },
        "by_status": {"signed": 3, "in progress": 0, "fulfilled": 0, "terminated": 0},
        "scope": {},
        "implementation": {"signed": 1.0, "in progress": 0.0, "fulfilled": 0.0, "terminated": 0.0},
        "partners": {
            "BY": [
                {
                    "region": "BY-HO",
                    "name": "Region BY-HO",
                    "agreements": 2,
                    "total_usd": 300000000.0,
                },
                {
                    "region": "BY-HM",
                    "name": "Region BY-HM",
                    "agreements": 1,
                    "total_usd": 100000000.0,
                },
            ],
            "RU": [
                {
                    "region": "RU-SMO",
                    "name": "Region RU-SMO",
                    "agreements": 2,
                    "total_usd": 400000000.0,
                },
                {"region": "RU-BRY", "name": "Region RU-BRY", "agreements": 1, "total_usd": 0.0},
            ],
        },
        "target": None,
    }


@pytest.mark.django_db
def test_figures_command_text_gives_headline_sentences(registry, capsys):
    call_command("figures", "--forums", "7-8")

    assert capsys.readouterr().out.splitlines() == [
        "At forums VII–VIII (2020–2021), 3 agreements and contracts were signed, "
        "worth $400 million in total.",
        "Exactly: 3, worth $400,000,000.00; 3 of them state an amount.",
        "Implementation: 0 fulfilled (0%), 0 in progress (0%), 0 terminated (0%), "
        "3 signed with no report since.",
        "The latest forum, VIII (2021), added 1 of them, worth $100.0 million: about 25% of the "
        "total.",
        "Against forum VII: 50% less agreements and 67% less value.",
        "Partners: 2 regions of Belarus and 2 regions of Russia, 6 organisations in all.",
        "Not converted for want of a rate, and not counted above: 5,000,000.00 RUB.",
        "Converted to US dollars at the rate of each signing date: the shipped table of "
        "approximate monthly averages.",
    ]


@pytest.mark.django_db
def test_figures_command_states_a_loaded_basis(registry, tmp_path, capsys):
    rates = tmp_path / "annual.csv"
    rates.write_text("date,currency,units_per_usd\n2020-01-01,RUB,72.1\n2021-01-01,RUB,73.7\n")
    call_command("rates", "load", str(rates))
    capsys.readouterr()

    call_command("figures", "--json")
    basis = json.loads(capsys.readouterr().out)["basis"]
    call_command("figures")
    text = capsys.readouterr().out.splitlines()

    assert (basis["table"], basis["loaded"]) == (
        "loaded",
        [
            {
                "currency": "RUB",
                "from": "2020-01-01",
                "to": "2021-12-31",
                "rates": 2,
                "file": "annual.csv",
                "source": "annual.csv (loaded)",
            }
        ],
    )
    assert text[-1] == (
        "Converted to US dollars at the rate of each signing date: loaded rates alone for RUB "
        "from 2020-01-01 to 2021-12-31 (annual.csv), and the shipped table of approximate "
        "monthly averages elsewhere."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forums", "8-2"], "--forums takes a range such as 1-8; got '8-2'"),
        (["--from", "31.02.2021"], "--from takes a date as YYYY-MM-DD; got '31.02.2021'"),
        (["--forum", "0"], "--forum takes a forum number from 1"),
    ],
)
def test_figures_command_bad_arguments_exit_2(args, message):
    with pytest.raises(CommandError) as error:
        call_command("figures", *args)

    assert error.value.returncode == 2
    assert str(error.value) == message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scope", "agreements", "total_usd"),
    [
        (Scope(region="BY-HO"), 2, Decimal("300000000.00")),
        (Scope(region="RU"), 4, Decimal("400000000.00")),
        (Scope(pair=("BY-HM", "RU-SMO")), 1, Decimal("100000000.00")),
        (Scope(pair=("RU-SMO", "BY-HM")), 1, Decimal("100000000.00")),
        (Scope(pair=("BY-HO", "BY-HM")), 0, Decimal("0.00")),
        (Scope(pair=("BY-HO", "RU-SMO"), forums=(8, 8)), 0, Decimal("0.00")),
        (Scope(region="RU-BRY", date_from=date(2021, 1, 1)), 1, Decimal("0.00")),
    ],
)
def test_figures_get_scope_by_region_and_pair(registry, scope, agreements, total_usd):
    figures = figures_get(scope=scope)

    assert (figures.agreements, figures.total_usd) == (agreements, total_usd)


@pytest.mark.django_db
def test_figures_get_scope_by_sector_kind_and_party_type():
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    contract = agreement_between(gomel, smolensk, kind="contract", sector="Машиностроение")
    contract.parties.first().organisation.__class__.objects.filter(
        pk=contract.parties.first().organisation_id
    ).update(kind="enterprise")
    agreement_between(gomel, smolensk, kind="agreement", sector="Образование", status="fulfilled")

    assert [
        figures_get(scope=scope).agreements
        for scope in [
            Scope(sector="машиностроение"),
            Scope(kind="contract"),
            Scope(kind="agreement", sector="Машиностроение"),
            Scope(party_type="enterprise"),
            Scope(party_type="university"),
        ]
    ] == [1, 1, 0, 1, 0]
    assert figures_get().by_status == {
        "signed": 1,
        "in progress": 0,
        "fulfilled": 1,
        "terminated": 0,
    }


@pytest.mark.django_db
def test_figures_command_pair_json_states_its_scope(registry, capsys):
    call_command("figures", "--pair", "BY-HM, ru-smo", "--json")

    payload = json.loads(capsys.readouterr().out)
    assert (payload["agreements"], payload["total_usd"], payload["scope"]) == (
        1,
        100000000.0,
        {"pair": "BY-HM,RU-SMO"},
    )


@pytest.mark.django_db
def test_figures_command_text_says_first_what_it_counts(registry, capsys):
    call_command("figures", "--region", "BY-HO", "--kind", "Agreement")

    assert capsys.readouterr().out.splitlines()[:2] == [
        "These figures count only the agreements with a party in BY-HO, of the kind agreement.",
        "At forums VII (2020), 2 agreements and contracts were signed, worth $300 million in "
        "total.",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pair", "BY-HO"], "--pair takes two regions, such as BY-HO,RU-SMO; got 'BY-HO'"),
        (
            ["--region", "Нарния"],
            "--region: 'Нарния' names no region; give its ISO 3166-2 code, such as BY-HO",
        ),
        (
            ["--kind", "letter"],
            "--kind takes one of agreement, contract, memorandum, protocol, roadmap, programme; "
            "got 'letter'",
        ),
        (
            ["--party-type", "bank"],
            "--party-type takes one of government, enterprise, university, research, other; "
            "got 'bank'",
        ),
    ],
)
def test_figures_command_bad_scope_exits_2(args, message):
    with pytest.raises(CommandError) as error:
        call_command("figures", *args)

    assert (error.value.returncode, str(error.value)) == (2, message)


@pytest.mark.django_db
def test_figures_get_one_forum_sets_the_announced_target_against_the_registry(registry):
    from regionforum.forums.models import Forum

    Forum.objects.filter(number=7).update(
        announced_agreements=4,
        announced_value=Decimal("600000000"),
        announced_currency="USD",
        source="news 2020-09-29",
    )

    target = figures_get(forums=(7, 7)).target

    assert target is not None
    assert (target.agreements, target.value_usd, target.source) == (
        4,
        Decimal("600000000.00"),
        "news 2020-09-29",
    )
    assert (target.agreements_progress, target.value_progress) == (0.5, 0.5)
    assert figures_get(forums=(7, 8)).target is None
    assert figures_get(forums=(8, 8)).target is None


@pytest.mark.django_db
def test_figures_get_converts_an_announced_rouble_target_at_the_forum_s_rate():
    forum = ForumFactory(
        number=10, announced_value=Decimal("110000000000"), announced_currency="RUB"
    )
    agreement_between(RegionFactory(code="BY-HO"), RegionFactory(code="RU-BA"), forum=forum)

    target = figures_get(forums=(10, 10)).target

    from regionforum.money import Money as Amount
    from regionforum.registry.rates import rate_table

    expected = rate_table().convert(Amount(Decimal("110000000000"), "RUB"), forum.starts_on)
    assert expected is not None
    assert target is not None and target.value_usd == expected.usd
    assert target.value_progress == 0.0
    assert target.agreements_progress is None


@pytest.mark.django_db
def test_figures_get_partners_count_an_agreement_once_per_region():
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    twice = agreement_between(gomel, gomel, smolensk)
    MoneyFactory(agreement=twice, value=Decimal("1000"))
    status = ["fulfilled", "in progress", "terminated"]
    for state in status:
        agreement_between(gomel, smolensk, status=state)

    figures = figures_get()

    assert [(r.code, r.agreements, r.total_usd) for r in figures.partners["BY"]] == [
        ("BY-HO", 4, Decimal("1000.00"))
    ]
    assert figures.partner_regions == {"BY": 1, "RU": 1}
    assert figures.implementation == {
        "signed": 0.25,
        "in progress": 0.25,
        "fulfilled": 0.25,
        "terminated": 0.25,
    }
