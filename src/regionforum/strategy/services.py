"""Changes to the strategy: its priorities, and the agreements linked to its projects."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils import timezone

from regionforum.accounts.models import User
from regionforum.matching import shipped_glossary
from regionforum.registry.models import Agreement
from regionforum.strategy.linking import AgreementText, Candidate, Linker, ProjectText
from regionforum.strategy.models import LinkStatus, Project, ProjectAgreement, Theme


class StrategyError(ValueError):
    """A change to the strategy that cannot be made, with the reason in words."""


@cache
def _shipped_themes() -> dict[str, Any]:
    text = resources.files("regionforum.strategy").joinpath("data/themes.json").read_text("utf-8")
    return json.loads(text)


def theme_terms(theme: Theme | None) -> list[str]:
    """The names and search terms of a priority, in every language it has them."""
    if theme is None:
        return []
    shipped = next(
        (item for item in _shipped_themes()["themes"] if item["code"] == theme.code), None
    )
    names = [theme.name_en, theme.name_ru, theme.name_be]
    keywords = shipped["keywords"] if shipped else {}
    return [term for term in [*names, *keywords.get("ru", ()), *keywords.get("en", ())] if term]


@transaction.atomic
def themes_load() -> int:
    """Create or update the shipped priorities; returns how many there are."""
    data = _shipped_themes()
    for order, item in enumerate(data["themes"], start=1):
        Theme.objects.update_or_create(
            code=item["code"],
            defaults={
                "name_en": item["en"],
                "name_ru": item["ru"],
                "name_be": item["be"],
                "sectors": item["sectors"],
                "source": data["source"],
                "order": order,
            },
        )
    return len(data["themes"])


def _project_text(project: Project) -> ProjectText:
    glossary = shipped_glossary()
    theme_sectors = frozenset(project.theme.sectors) if project.theme else frozenset()
    return ProjectText(
        title=project.title,
        description=project.description,
        terms=theme_terms(project.theme),
        sectors=theme_sectors | glossary.sectors_in([project.sector]),
        regions=frozenset(project.regions.values_list("code", flat=True)),
    )


def link_candidates(*, project: Project, limit: int = 10) -> list[Candidate]:
    """The counted agreements that seem to serve `project` and are not linked to it yet."""
    linked = set(project.links.values_list("agreement_id", flat=True))
    agreements = Agreement.objects.exclude(pk__in=linked).prefetch_related(
        "parties__organisation__region"
    )
    texts = [
        AgreementText(
            id=agreement.pk,
            title=agreement.title,
            sector=agreement.sector,
            regions=frozenset(party.organisation.region.code for party in agreement.parties.all()),
        )
        for agreement in agreements
    ]
    return Linker(shipped_glossary(), texts).candidates(_project_text(project), limit=limit)


@transaction.atomic
def links_suggest(*, project: Project, limit: int = 10) -> list[ProjectAgreement]:
    """Record the best candidates as suggestions for a coordinator to decide."""
    return [
        ProjectAgreement.objects.create(
            project=project,
            agreement_id=candidate.agreement_id,
            status=LinkStatus.SUGGESTED,
            score=candidate.score,
            reason=candidate.reason,
        )
        for candidate in link_candidates(project=project, limit=limit)
    ]


@transaction.atomic
def link_add(*, project: Project, agreement: Agreement, user: User | None) -> ProjectAgreement:
    """Link an agreement to a project by hand (confirmed), or confirm its suggestion."""
    link, _created = ProjectAgreement.objects.get_or_create(project=project, agreement=agreement)
    return link_decide(link=link, status=LinkStatus.CONFIRMED, user=user)


@transaction.atomic
def link_decide(*, link: ProjectAgreement, status: str, user: User | None) -> ProjectAgreement:
    """Confirm or reject a link; a rejected suggestion is kept, so it is not suggested again."""
    if status not in (LinkStatus.CONFIRMED, LinkStatus.REJECTED):
        raise StrategyError(f"A link is confirmed or rejected, not {status!r}.")
    link.status = status
    link.decided_by = user
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    return link
