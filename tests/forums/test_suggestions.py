import json

import pytest
from django.utils import translation

from regionforum.forums.suggestions import (
    participant_profile,
    suggestions_for,
    suggestions_for_forum,
)
from tests.cli import run
from tests.factories import ForumFactory, OrganisationFactory
from tests.forums.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    return ForumFactory(number=8)


@pytest.fixture
def dairy(forum):
    return ParticipantFactory(
        forum=forum,
        ref="BY-1",
        name="Анна Ковалёва",
        organisation=OrganisationFactory(name="ОАО «Савушкин продукт»"),
        sectors=["пищевая промышленность"],
        offers="сыры, сливочное масло",
        seeks="Ищем поставщиков полимерной плёнки",
    )


@pytest.fixture
def film(forum):
    return ParticipantFactory(
        forum=forum,
        ref="RU-7",
        name="Oleg Smirnov",
        organisation=OrganisationFactory(name="Polyplast LLC"),
        sectors=["chemicals"],
        offers="polymer film; PET preforms",
        seeks="cheese and butter for our retail chain",
    )


def test_participant_profile_reads_the_row(dairy):
    profile = participant_profile(dairy)

    assert (profile.ref, profile.organisation, profile.country, profile.sectors) == (
        "BY-1",
        "ОАО «Савушкин продукт»",
        "BY",
        ("пищевая промышленность",),
    )
    assert (profile.offers, profile.seeks) == (dairy.offers, dairy.seeks)


def test_suggestions_for_both_ways_with_reasons(dairy, film):
    [suggestion] = suggestions_for(participant=dairy, limit=5)

    assert suggestion.participant == film
    assert (suggestion.score, suggestion.reciprocal) == (1.5, True)
    assert suggestion.why == (
        "offers: polymer film ↔ seeks: полимерной плёнки; "
        "seeks: cheese and butter for our retail chain ↔ offers: сыры"
    )


def test_suggestions_for_only_the_participants_forum(dairy, film):
    other_forum = ForumFactory(number=9)
    ParticipantFactory(forum=other_forum, ref="X", offers="stretch film, polymer film")

    assert [s.participant.ref for s in suggestions_for(participant=dairy)] == ["RU-7"]


def test_suggestions_for_never_own_organisation(forum, dairy, film):
    ParticipantFactory(
        forum=forum, ref="BY-2", organisation=dairy.organisation, offers="полимерная плёнка"
    )

    assert [s.participant.ref for s in suggestions_for(participant=dairy)] == ["RU-7"]


def test_suggestions_for_limit(forum, dairy, film):
    ParticipantFactory(forum=forum, ref="RU-8", offers="стрейч-плёнка, упаковочная плёнка")

    assert len(suggestions_for(participant=dairy, limit=1)) == 1
    assert [s.participant.ref for s in suggestions_for(participant=dairy, limit=5)] == [
        "RU-7",
        "RU-8",
    ]


def test_suggestions_for_forum_agrees_with_suggestions_for(forum, dairy, film):
    ParticipantFactory(forum=forum, ref="RU-8", offers="stretch film")
    ParticipantFactory(forum=forum, ref="RU-9", offers="hotels in Sochi")

    everyone = suggestions_for_forum(forum=forum, limit=3)

    assert list(everyone) == ["BY-1", "RU-7", "RU-8", "RU-9"]
    for participant in (dairy, film):
        assert everyone[participant.ref] == suggestions_for(participant=participant, limit=3)
    assert everyone["RU-9"] == []


def test_suggestions_for_reads_the_forum_in_a_fixed_number_of_queries(
    forum, dairy, film, django_assert_num_queries
):
    for n in range(3):
        ParticipantFactory(forum=forum, ref=f"Z{n}", offers="stretch film")

    with django_assert_num_queries(1):
        suggestions = suggestions_for(participant=dairy, limit=10)
        [(s.participant.organisation.name, s.participant.region.code) for s in suggestions]


def test_suggest_command_json(capsys, dairy, film):
    code, out, err = run(capsys, "suggest", "--forum", "8", "--participant", "BY-1", "--json")

    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "participant": "BY-1",
        "suggestions": [
            {
                "participant": "RU-7",
                "score": 1.5,
                "why": "offers: polymer film ↔ seeks: полимерной плёнки; "
                "seeks: cheese and butter for our retail chain ↔ offers: сыры",
                "name": "Oleg Smirnov",
                "organisation": "Polyplast LLC",
                "reciprocal": True,
            }
        ],
    }


def test_suggest_command_text(capsys, dairy, film):
    code, out, _err = run(capsys, "suggest", "--forum", "8", "--participant", "RU-7")

    assert code == 0
    assert out.splitlines() == [
        "Suggestions for RU-7 (Oleg Smirnov, Polyplast LLC):",
        "  1. BY-1  Анна Ковалёва, ОАО «Савушкин продукт»  score 1.50",
        "       offers: сыры ↔ seeks: cheese and butter for our retail chain",
        "       seeks: полимерной плёнки ↔ offers: polymer film",
    ]


def test_suggest_command_text_names_the_organisations_in_the_reader_s_language(capsys, dairy, film):
    film.organisation.name_ru = "ООО «Полипласт»"
    film.organisation.save()

    with translation.override("ru"):
        code, out, _err = run(capsys, "suggest", "--forum", "8", "--participant", "BY-1")

    assert code == 0
    assert out.splitlines()[1].startswith("  1. RU-7  Oleg Smirnov, ООО «Полипласт»  ")


def test_suggest_command_limit(capsys, forum, dairy, film):
    ParticipantFactory(forum=forum, ref="RU-8", offers="stretch film")

    code, out, _err = run(
        capsys, "suggest", "--forum", "8", "--participant", "BY-1", "--limit", "1", "--json"
    )

    assert code == 0
    assert [s["participant"] for s in json.loads(out)["suggestions"]] == ["RU-7"]


def test_suggest_command_nobody_to_suggest(capsys, forum, dairy):
    code, out, _err = run(capsys, "suggest", "--forum", "8", "--participant", "BY-1")

    assert code == 0
    assert out.splitlines()[1].startswith("  none:")


def test_suggest_command_unknown_forum(capsys, dairy):
    code, out, err = run(capsys, "suggest", "--forum", "99", "--participant", "BY-1")

    assert (code, out) == (2, "")
    assert "There is no forum number 99." in err


def test_suggest_command_unknown_participant(capsys, dairy):
    code, out, err = run(capsys, "suggest", "--forum", "8", "--participant", "NOPE", "--json")

    assert (code, out) == (2, "")
    assert 'Forum 8 has no participant "NOPE".' in err


def test_suggest_command_bad_limit(capsys, dairy):
    code, _out, err = run(
        capsys, "suggest", "--forum", "8", "--participant", "BY-1", "--limit", "0"
    )

    assert code == 2
    assert "must be at least 1" in err


def test_suggestions_for_a_changed_profile_counts_at_once(forum, dairy, film):
    assert [s.participant.ref for s in suggestions_for(participant=dairy)] == ["RU-7"]

    film.offers = "hotels in Sochi"
    film.seeks = ""
    film.save()
    other = ParticipantFactory(forum=forum, ref="RU-8", offers="stretch film")

    assert [s.participant.ref for s in suggestions_for(participant=dairy)] == [other.ref]
