"""Reads of the integration programme's projects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from regionforum.gazetteer.models import Region
from regionforum.registry.models import Agreement, AgreementStatus
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    LinkStatus,
    Project,
    ProjectAgreement,
    ProjectMilestone,
    ProjectStatus,
    Theme,
)


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    priority: str = ""
    status: str = ""
    region: str = ""
    theme: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    indicator: Indicator
    latest: IndicatorValue | None
    share_of_target: float | None  # progress from baseline to target, 0.0 … 1.0 and beyond


def project_list(*, filters: ProjectFilters) -> QuerySet[Project]:
    projects = (
        Project.objects.select_related("programme", "theme")
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
    if filters.theme:
        projects = projects.filter(theme__code=filters.theme)
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


@dataclass(frozen=True, slots=True)
class LinkedAgreement:
    link: ProjectAgreement
    agreement: Agreement
    usd: Decimal | None


@dataclass(frozen=True, slots=True)
class ProjectAgreements:
    """The agreements that serve a project (confirmed), and those suggested for a decision."""

    confirmed: list[LinkedAgreement]
    suggested: list[LinkedAgreement]
    total_usd: Decimal
    # How many of the confirmed agreements are in each status: their implementation.
    by_status: dict[str, int]

    @property
    def implementation(self) -> list[tuple[str, int]]:
        """The statuses that have agreements, by their label in the current language."""
        return [(AgreementStatus(s).label, n) for s, n in self.by_status.items() if n]


def _linked(links: QuerySet[ProjectAgreement]) -> list[LinkedAgreement]:
    rows = links.select_related("agreement").annotate(usd=Sum("agreement__money__usd"))
    return [
        LinkedAgreement(link=link, agreement=link.agreement, usd=link.usd)  # type: ignore[attr-defined]
        for link in rows
        if not link.agreement.withdrawn and not link.agreement.is_draft
    ]


def project_agreements(*, project: Project) -> ProjectAgreements:
    confirmed = _linked(project.links.filter(status=LinkStatus.CONFIRMED))
    suggested = _linked(project.links.filter(status=LinkStatus.SUGGESTED))
    by_status = {status: 0 for status in AgreementStatus.values}
    for item in confirmed:
        by_status[item.agreement.status] += 1
    total = sum((item.usd or Decimal(0) for item in confirmed), Decimal(0))
    return ProjectAgreements(
        confirmed=confirmed, suggested=suggested, total_usd=total, by_status=by_status
    )


# A project that is done or suspended is not late, whatever its dates say.
_OPEN = Q(status__in=[ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS])


@dataclass(frozen=True, slots=True)
class LateItem:
    project: Project
    # The milestones due before today and not done, oldest first.
    milestones: list[ProjectMilestone]
    # Days since the oldest missed date (the project's own due date or a milestone's).
    days_late: int


def late_projects(*, today: date) -> list[LateItem]:
    """Open projects past their due date or with a milestone past due and not done, the
    longest late first."""
    overdue = ProjectMilestone.objects.filter(due_on__lt=today, done_on__isnull=True)
    projects = (
        Project.objects.filter(_OPEN)
        .filter(Q(due_on__lt=today) | Q(milestones__in=overdue))
        .select_related("programme", "theme")
        .prefetch_related("regions", Prefetch("milestones", queryset=overdue, to_attr="missed"))
        .distinct()
    )
    items = []
    for project in projects:
        missed: list[ProjectMilestone] = project.missed  # type: ignore[attr-defined]
        dates = [milestone.due_on for milestone in missed]
        if project.due_on is not None and project.due_on < today:
            dates.append(project.due_on)
        items.append(
            LateItem(project=project, milestones=missed, days_late=(today - min(dates)).days)
        )
    items.sort(key=lambda item: (-item.days_late, item.project.title))
    return items


@dataclass(frozen=True, slots=True)
class DueItem:
    project: Project
    milestone: ProjectMilestone | None  # None: the project itself is due
    due_on: date


def due_soon(*, today: date, days: int = 90) -> list[DueItem]:
    """What open projects must deliver within `days`: milestones not done, and projects due."""
    until = today + timedelta(days=days)
    items = [
        DueItem(project=milestone.project, milestone=milestone, due_on=milestone.due_on)
        for milestone in ProjectMilestone.objects.filter(
            due_on__gte=today, due_on__lte=until, done_on__isnull=True
        )
        .filter(project__status__in=[ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS])
        .select_related("project", "project__theme")
    ]
    items += [
        DueItem(project=project, milestone=None, due_on=project.due_on)
        for project in Project.objects.filter(
            _OPEN, due_on__gte=today, due_on__lte=until
        ).select_related("theme")
        if project.due_on is not None
    ]
    items.sort(key=lambda item: (item.due_on, item.project.title))
    return items


@dataclass(frozen=True, slots=True)
class RoadmapBar:
    """A project on the roadmap: its span and milestones as percentages of the timeline."""

    project: Project
    left: float
    width: float
    late: bool
    milestones: list[tuple[ProjectMilestone, float]]
    # The agreements confirmed as serving the project, and their value in USD.
    agreements: int
    usd: Decimal


ROADMAP_ROW = 26  # pixels a project takes on the roadmap


@dataclass(frozen=True, slots=True)
class RoadmapRow:
    theme: Theme | None
    bars: list[RoadmapBar]

    @property
    def height(self) -> int:
        return ROADMAP_ROW * len(self.bars)

    @property
    def placed(self) -> list[tuple[RoadmapBar, int]]:
        """Each bar with the top of its line, in pixels."""
        return [(bar, ROADMAP_ROW * index) for index, bar in enumerate(self.bars)]


@dataclass(frozen=True, slots=True)
class Roadmap:
    starts_on: date
    ends_on: date
    years: list[tuple[int, float]]  # each year's start as a percentage of the timeline
    rows: list[RoadmapRow]
    today: float | None


def _position(day: date, *, start: date, span: int) -> float:
    return round(100 * min(max((day - start).days, 0), span) / span, 2)


def roadmap(*, today: date) -> Roadmap:
    """Every project by priority on one timeline, with its milestones."""
    projects = list(
        Project.objects.select_related("programme", "theme").prefetch_related("milestones")
    )
    late = {item.project.pk for item in late_projects(today=today)}
    served = {
        row["project"]: (row["agreements"], row["usd"] or Decimal(0))
        for row in ProjectAgreement.objects.filter(
            status=LinkStatus.CONFIRMED, agreement__withdrawn=False, agreement__is_draft=False
        )
        .values("project")
        .annotate(agreements=Count("agreement"), usd=Sum("agreement__money__usd"))
    }
    starts = [p.starts_on or p.programme.starts_on for p in projects]
    ends = [p.due_on or p.programme.ends_on for p in projects]
    start = date(min(starts).year, 1, 1) if starts else date(today.year, 1, 1)
    end = date(max(ends).year, 12, 31) if ends else date(today.year, 12, 31)
    span = max((end - start).days, 1)
    rows: dict[int | None, RoadmapRow] = {
        theme.pk: RoadmapRow(theme=theme, bars=[]) for theme in Theme.objects.all()
    }
    for project, first, last in zip(projects, starts, ends, strict=True):
        left = _position(first, start=start, span=span)
        agreements, usd = served.get(project.pk, (0, Decimal(0)))
        bar = RoadmapBar(
            project=project,
            left=left,
            width=max(_position(last, start=start, span=span) - left, 0.5),
            late=project.pk in late,
            milestones=[
                (milestone, _position(milestone.due_on, start=start, span=span))
                for milestone in project.milestones.all()
            ],
            agreements=agreements,
            usd=usd,
        )
        rows.setdefault(project.theme_id, RoadmapRow(theme=project.theme, bars=[])).bars.append(bar)
    return Roadmap(
        starts_on=start,
        ends_on=end,
        years=[
            (year, _position(date(year, 1, 1), start=start, span=span))
            for year in range(start.year, end.year + 1)
        ],
        rows=[row for row in rows.values() if row.bars],
        today=_position(today, start=start, span=span) if start <= today <= end else None,
    )


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    theme: Theme
    projects: list[Project]
    agreements: list[LinkedAgreement]
    regions: list[Region]
    value_by_year: list[tuple[int, Decimal]]
    total_usd: Decimal


def theme_summary(*, code: str) -> ThemeSummary:
    """A priority's projects, the agreements confirmed for them, the regions of both, and the
    agreements' value by year. Raises Theme.DoesNotExist."""
    theme = Theme.objects.get(code=code)
    projects = list(theme.projects.prefetch_related("regions").order_by("due_on", "title"))
    agreements = _linked(
        ProjectAgreement.objects.filter(project__theme=theme, status=LinkStatus.CONFIRMED)
    )
    unique = list({item.agreement.pk: item for item in agreements}.values())
    ids = [item.agreement.pk for item in unique]
    regions = Region.objects.filter(
        Q(projects__theme=theme) | Q(organisations__parties__agreement__in=ids)
    ).distinct()
    by_year: dict[int, Decimal] = {}
    for item in unique:
        year = item.agreement.signed_on.year
        by_year[year] = by_year.get(year, Decimal(0)) + (item.usd or Decimal(0))
    return ThemeSummary(
        theme=theme,
        projects=projects,
        agreements=unique,
        regions=list(regions.order_by("country__code", "code")),
        value_by_year=sorted(by_year.items()),
        total_usd=sum(by_year.values(), Decimal(0)),
    )
