"""Synthetic strategy projects for the demo, flagged as such on the programme.

The priorities themselves are real (named at the 2021 forum); the projects, their milestones,
indicators and the agreements linked to them are invented to show how the strategy pages
work. Some milestones are past due and not done, so that the late list has something to show.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from regionforum.gazetteer.models import Region
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    LinkStatus,
    Priority,
    Programme,
    Project,
    ProjectMilestone,
    ProjectStatus,
    Theme,
)
from regionforum.strategy.services import link_candidates, themes_load

DEMO_PROGRAMME = "Demo: interregional cooperation projects to 2030 (synthetic)"

# The demo's "today" for late milestones is the real date, so the schedule is spread over
# 2024-2030 with milestones on both sides of any date in that span.
# title, description, theme, sector, priority, status, regions, starts, due,
# milestones [(title, due, done)], indicator (name, unit, baseline, target, [(date, value)])
_PROJECTS = [
    (
        "Digital platform for machine-building cooperation",
        "An industrial internet platform that links machine-building plants with their "
        "suppliers in both regions, with digital twins of the assembly lines.",
        "digital-industry",
        "industry",
        Priority.HIGH,
        ProjectStatus.IN_PROGRESS,
        ["BY-MI", "RU-SMO"],
        "2024-01-01",
        "2029-12-31",
        [
            ("Feasibility study approved", "2024-09-30", "2024-09-12"),
            ("Assembly line commissioned", "2026-06-30", None),
            ("Local content 50%", "2028-12-31", None),
        ],
        (
            "Machines assembled a year",
            "units",
            "0",
            "1200",
            [("2024-12-31", "80"), ("2025-12-31", "300")],
        ),
    ),
    (
        "Regional centre of microelectronic components",
        "Design and packaging of chips for agricultural and automotive electronics.",
        "microelectronics",
        "industry",
        Priority.HIGH,
        ProjectStatus.PLANNED,
        ["BY-MI", "RU-MOW"],
        "2025-01-01",
        "2030-12-31",
        [
            ("Partners' consortium agreement", "2025-12-31", None),
            ("Clean room design approved", "2027-06-30", None),
        ],
        ("Chip designs brought to production", "designs", "0", "12", []),
    ),
    (
        "Machine vision for quality control on food lines",
        "Artificial intelligence to sort and grade dairy and meat products.",
        "artificial-intelligence",
        "information technology",
        Priority.MEDIUM,
        ProjectStatus.IN_PROGRESS,
        ["BY-HO", "RU-BRY"],
        "2024-06-01",
        "2027-12-31",
        [
            ("Pilot at one dairy", "2025-06-30", "2025-07-20"),
            ("Ten plants equipped", "2026-10-31", None),
        ],
        ("Plants using machine vision", "plants", "0", "25", [("2025-12-31", "3")]),
    ),
    (
        "Satellite monitoring of crops and forests",
        "Remote sensing data from the Union State's satellite group for farms and forestry.",
        "space",
        "agriculture",
        Priority.MEDIUM,
        ProjectStatus.IN_PROGRESS,
        ["BY-VI", "RU-PSK"],
        "2024-01-01",
        "2028-12-31",
        [("Data-sharing protocol signed", "2024-12-31", "2024-11-15")],
        (
            "Hectares monitored",
            "thousand ha",
            "0",
            "2500",
            [("2024-12-31", "400"), ("2025-12-31", "900")],
        ),
    ),
    (
        "Shared data centre for regional e-government",
        "A high-performance computing and cloud centre serving both regions' administrations.",
        "data-systems",
        "information technology",
        Priority.MEDIUM,
        ProjectStatus.PLANNED,
        ["BY-MA", "RU-SMO"],
        "2025-06-01",
        "2029-12-31",
        [("Site selected", "2026-03-31", None)],
        ("Services hosted", "services", "0", "60", []),
    ),
    (
        "Composite materials for construction",
        "Nanomaterials and composites for bridges and prefabricated housing.",
        "nanomaterials",
        "construction",
        Priority.LOW,
        ProjectStatus.IN_PROGRESS,
        ["BY-BR", "RU-KLU"],
        "2024-03-01",
        "2030-06-30",
        [("Test batch certified", "2026-09-30", None)],
        ("Composite output", "thousand t", "0", "40", [("2025-12-31", "2")]),
    ),
    (
        "Telemedicine network of regional hospitals",
        "Remote consultations between district hospitals and oblast clinical centres.",
        "medicine",
        "healthcare",
        Priority.HIGH,
        ProjectStatus.IN_PROGRESS,
        ["BY-HO", "RU-BRY", "RU-SMO"],
        "2024-01-01",
        "2027-12-31",
        [
            ("First 20 hospitals connected", "2025-03-31", "2025-05-10"),
            ("Every district hospital connected", "2026-12-31", None),
        ],
        (
            "Remote consultations a year",
            "thousand",
            "5",
            "60",
            [("2024-12-31", "9"), ("2025-12-31", "21")],
        ),
    ),
    (
        "Joint cyber security exercises",
        "Annual exercises of the regions' information security services.",
        "cyber-security",
        "information technology",
        Priority.MEDIUM,
        ProjectStatus.PLANNED,
        ["BY-MI", "RU-SPE"],
        "2025-01-01",
        "2030-12-31",
        [("First exercise held", "2026-05-31", None)],
        ("Specialists trained", "people", "0", "500", []),
    ),
    (
        "Union State regional media hub",
        "Exchange of regional television and press content between the two countries.",
        "media",
        "culture",
        Priority.LOW,
        ProjectStatus.IN_PROGRESS,
        ["BY-VI", "RU-PSK"],
        "2024-01-01",
        "2028-12-31",
        [("Content-sharing platform launched", "2025-09-30", "2025-09-01")],
        ("Programmes exchanged a year", "programmes", "20", "400", [("2025-12-31", "140")]),
    ),
    (
        "University exchange in engineering",
        "Joint degrees and student exchange between technical universities.",
        "youth-education",
        "education",
        Priority.MEDIUM,
        ProjectStatus.IN_PROGRESS,
        ["BY-HO", "RU-BRY"],
        "2024-01-01",
        "2030-12-31",
        [
            ("Joint curriculum approved", "2024-12-31", "2024-12-20"),
            ("First joint degree awarded", "2026-07-31", None),
        ],
        (
            "Exchange students",
            "people",
            "20",
            "200",
            [("2024-12-31", "35"), ("2025-12-31", "60")],
        ),
    ),
    (
        "Training of nuclear power plant staff",
        "Training and internships for the staff of nuclear power plants.",
        "nuclear-energy",
        "energy",
        Priority.HIGH,
        ProjectStatus.IN_PROGRESS,
        ["BY-HR", "RU-SMO"],
        "2024-01-01",
        "2030-12-31",
        [("Training centre opened", "2025-12-31", "2025-11-30")],
        ("Specialists trained", "people", "0", "1500", [("2025-12-31", "260")]),
    ),
]

# How many of a project's best link suggestions the demo confirms.
_CONFIRMED_LINKS = 3


@transaction.atomic
def demo_strategy_load() -> int:
    """Load the priorities and the synthetic projects once; returns how many projects were
    created."""
    themes_load()
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
    themes = {theme.code: theme for theme in Theme.objects.all()}
    for (
        title,
        description,
        theme,
        sector,
        priority,
        status,
        codes,
        starts_on,
        due_on,
        milestones,
        indicator,
    ) in _PROJECTS:
        project = Project.objects.create(
            programme=programme,
            theme=themes[theme],
            title=title,
            description=description,
            sector=sector,
            priority=priority,
            status=status,
            starts_on=date.fromisoformat(starts_on),
            due_on=date.fromisoformat(due_on),
        )
        project.regions.set([regions[code] for code in codes if code in regions])
        for milestone, due, done in milestones:
            ProjectMilestone.objects.create(
                project=project,
                title=milestone,
                due_on=date.fromisoformat(due),
                done_on=date.fromisoformat(done) if done else None,
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
        for rank, candidate in enumerate(link_candidates(project=project, limit=6)):
            project.links.create(
                agreement_id=candidate.agreement_id,
                status=LinkStatus.CONFIRMED if rank < _CONFIRMED_LINKS else LinkStatus.SUGGESTED,
                score=candidate.score,
                reason=candidate.reason,
            )
    return len(_PROJECTS)
