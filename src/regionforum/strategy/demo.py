"""Synthetic strategy projects for the demo, flagged as such on the programme."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from regionforum.gazetteer.models import Region
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    Priority,
    Programme,
    Project,
    ProjectMilestone,
    ProjectStatus,
)

DEMO_PROGRAMME = "Demo: interregional cooperation projects to 2030 (synthetic)"

# title, sector, priority, status, regions, (indicator name, unit, baseline, target, [values])
_PROJECTS = [
    (
        "Joint agricultural machinery assembly",
        "industry",
        Priority.HIGH,
        ProjectStatus.IN_PROGRESS,
        ["BY-MI", "RU-SMO"],
        ("Machines assembled a year", "units", "0", "1200", [("2025-12-31", "300")]),
    ),
    (
        "Cross-border tourist routes",
        "tourism",
        Priority.MEDIUM,
        ProjectStatus.IN_PROGRESS,
        ["BY-VI", "RU-PSK"],
        ("Tourist arrivals", "thousand people", "40", "100", [("2025-12-31", "55")]),
    ),
    (
        "University exchange in engineering",
        "education",
        Priority.MEDIUM,
        ProjectStatus.PLANNED,
        ["BY-HO", "RU-BRY"],
        ("Exchange students", "people", "20", "200", []),
    ),
    (
        "Regional logistics hub",
        "transport",
        Priority.HIGH,
        ProjectStatus.PLANNED,
        ["BY-MA", "RU-MOS"],
        ("Freight handled", "thousand t", "0", "500", []),
    ),
]


@transaction.atomic
def demo_strategy_load() -> int:
    """Load the synthetic projects once; returns how many projects were created."""
    if Programme.objects.filter(title=DEMO_PROGRAMME).exists():
        return 0
    programme = Programme.objects.create(
        title=DEMO_PROGRAMME,
        starts_on=date(2024, 1, 1),
        ends_on=date(2030, 12, 31),
        description="Synthetic projects that show how the strategy pages work.",
        is_synthetic=True,
    )
    regions = {region.code: region for region in Region.objects.all()}
    for title, sector, priority, status, codes, indicator in _PROJECTS:
        project = Project.objects.create(
            programme=programme,
            title=title,
            sector=sector,
            priority=priority,
            status=status,
            starts_on=date(2024, 1, 1),
            due_on=date(2030, 12, 31),
        )
        project.regions.set([regions[code] for code in codes if code in regions])
        ProjectMilestone.objects.create(
            project=project,
            title="Feasibility study approved",
            due_on=date(2025, 6, 30),
            done_on=date(2025, 6, 1) if status == ProjectStatus.IN_PROGRESS else None,
        )
        ProjectMilestone.objects.create(
            project=project, title="First stage complete", due_on=date(2027, 12, 31)
        )
        name, unit, baseline, target, values = indicator
        row = Indicator.objects.create(
            project=project,
            name=name,
            unit=unit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            target_year=2030,
        )
        for on, value in values:
            IndicatorValue.objects.create(
                indicator=row, on=date.fromisoformat(on), value=Decimal(value), source="demo"
            )
    return len(_PROJECTS)
