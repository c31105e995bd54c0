"""Partner suggestions for a forum's participants: the pure `matching` engine over the forum's
Participant rows.

The interface that the CLI, the web page and the API share:
- `suggestions_for(participant=p, limit=k)`: the other participants of p's forum best worth
  meeting, best first;
- `suggestions_for_forum(forum=f, limit=k)`: the same for every participant of the forum at
  once, by ref (an organiser's overview, or a benchmark), much faster than calling
  `suggestions_for` for each.

Each `PartnerSuggestion` holds the other `Participant` (with its organisation and region), the
score in [0, 1.5] (1 when one side's needs are fully met; up to half as much again when the
other side's are too), `why` as one line ("offers: полимерная плёнка ↔ seeks: polymer film"),
and the reasons one by one. Participants of one organisation are never suggested to each other.
The whole forum is read in one query; suggestions are computed, never stored, so a changed
profile counts at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from regionforum.forums.models import Forum, Participant
from regionforum.matching import Matcher, Profile, Reason, Suggestion


@dataclass(frozen=True, slots=True)
class PartnerSuggestion:
    """Another participant worth meeting, and why."""

    participant: Participant
    score: float
    why: str
    reasons: tuple[Reason, ...]
    reciprocal: bool


def participant_profile(participant: Participant) -> Profile:
    """What the engine reads of a participant."""
    return Profile(
        ref=participant.ref,
        name=participant.name,
        organisation=participant.organisation.name,
        region=participant.region.code,
        country=participant.region.country.code,
        sectors=tuple(str(sector) for sector in participant.sectors or ()),
        offers=participant.offers,
        seeks=participant.seeks,
        languages=tuple(str(language) for language in participant.languages or ()),
    )


def suggestions_for(*, participant: Participant, limit: int = 10) -> list[PartnerSuggestion]:
    """The participants of `participant`'s forum best worth meeting for them, best first, at
    most `limit`."""
    participants = _forum_participants(forum_id=participant.forum_id)
    matcher = _matcher(participants)
    by_ref = {other.ref: other for other in participants}
    return _wrapped(matcher.suggest(participant.ref, limit=limit), by_ref)


def suggestions_for_forum(*, forum: Forum, limit: int = 10) -> dict[str, list[PartnerSuggestion]]:
    """`suggestions_for` for every participant of `forum`, by ref, in ref order."""
    participants = _forum_participants(forum_id=forum.pk)
    matcher = _matcher(participants)
    by_ref = {other.ref: other for other in participants}
    everyone = matcher.suggest_all(limit=limit)
    return {other.ref: _wrapped(everyone[other.ref], by_ref) for other in participants}


def _forum_participants(*, forum_id: int) -> list[Participant]:
    return list(
        Participant.objects.filter(forum_id=forum_id)
        .select_related("organisation", "region__country")
        .order_by("ref")
    )


def _matcher(participants: Sequence[Participant]) -> Matcher:
    return Matcher([participant_profile(participant) for participant in participants])


def _wrapped(
    suggestions: Sequence[Suggestion], by_ref: dict[str, Participant]
) -> list[PartnerSuggestion]:
    return [
        PartnerSuggestion(
            participant=by_ref[suggestion.ref],
            score=suggestion.score,
            why=suggestion.why,
            reasons=suggestion.reasons,
            reciprocal=suggestion.reciprocal,
        )
        for suggestion in suggestions
    ]
