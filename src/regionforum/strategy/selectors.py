"""Reads of the integration programme's projects."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from regionforum.strategy.models import Indicator, IndicatorValue, Project


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    priority: str = ""
    status: str = ""
    region: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    indicator: Indicator
    latest: IndicatorValue | None
    share_of_target: float | None  # progress from baseline to target, 0.0 … 1.0 and beyond


def project_list(*, filters: ProjectFilters) -> QuerySet[Project]:
    projects = (
        Project.objects.select_related("programme")
        .prefetch_related(
            "regions",
            "milestones",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
        )
        .annotate(
            milestones_total=Count("milestones", distinct=True),
            milestones_done=Count(
                "milestones", filter=Q(milestones__done_on__isnull=False), distinct=True
            ),
        )
    )
    if filters.priority:
        projects = projects.filter(priority=filters.priority)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.region:
        projects = projects.filter(regions__code=filters.region.upper())
    return projects.order_by("programme__starts_on", "due_on", "title").distinct()


def project_get(*, project_id: int) -> Project:
    """Raises Project.DoesNotExist when there is no such project."""
    return project_list(filters=ProjectFilters()).get(pk=project_id)


def indicator_progress(indicator: Indicator) -> IndicatorProgress:
    """The latest reported value and how far it has come from the baseline to the target."""
    values = list(indicator.values.all())  # prefetched, ordered by date
    latest = values[-1] if values else None
    span = indicator.target - indicator.baseline
    share = None
    if latest is not None and span != Decimal(0):
        share = round(float((latest.value - indicator.baseline) / span), 3)
    return IndicatorProgress(indicator=indicator, latest=latest, share_of_target=share)
