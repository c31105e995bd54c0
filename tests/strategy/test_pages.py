from datetime import date
from decimal import Decimal

import pytest

from regionforum.strategy.demo import demo_strategy_load
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    Priority,
    Programme,
    Project,
    ProjectMilestone,
    ProjectStatus,
)
from regionforum.strategy.selectors import indicator_progress, late_projects
from tests.factories import RegionFactory


def make_projects(count: int) -> list[Project]:
    programme = Programme.objects.create(
        title="Programme", starts_on=date(2024, 1, 1), ends_on=date(2030, 12, 31)
    )
    smolensk = RegionFactory(code="RU-SMO")
    projects = []
    for index in range(count):
        project = Project.objects.create(
            programme=programme,
            title=f"Project {index}",
            priority=Priority.HIGH if index == 0 else Priority.LOW,
            status=ProjectStatus.IN_PROGRESS,
        )
        project.regions.set([smolensk])
        ProjectMilestone.objects.create(
            project=project, title="Start", due_on=date(2025, 1, 1), done_on=date(2025, 1, 2)
        )
        ProjectMilestone.objects.create(project=project, title="End", due_on=date(2030, 1, 1))
        projects.append(project)
    return projects


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_project_list_query_count_is_constant(client, django_assert_num_queries, count):
    make_projects(count)

    with django_assert_num_queries(6):  # the priorities for the filter: one more, fixed
        response = client.get("/strategy/")

    assert response.status_code == 200
    assert [p.title for p in response.context["projects"]] == [f"Project {i}" for i in range(count)]
    assert response.content.decode().count("1 / 2") == count


@pytest.mark.django_db
def test_project_list_filters_by_priority(client):
    make_projects(3)

    response = client.get("/strategy/?priority=high")

    assert [p.title for p in response.context["projects"]] == ["Project 0"]


@pytest.mark.django_db
def test_project_detail_shows_indicator_progress_escaped(client):
    (project,) = make_projects(1)
    project.title = "<script>alert(1)</script>"
    project.save()
    indicator = Indicator.objects.create(
        project=project, name="Output", unit="t", baseline=10, target=110, target_year=2030
    )
    IndicatorValue.objects.create(indicator=indicator, on=date(2025, 12, 31), value=Decimal(35))

    response = client.get(f"/strategy/{project.pk}/")

    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "25%" in html


@pytest.mark.django_db
def test_project_detail_missing_is_404(client):
    assert client.get("/strategy/999/").status_code == 404


@pytest.mark.django_db
def test_indicator_progress_without_values_is_none():
    (project,) = make_projects(1)
    indicator = Indicator.objects.create(
        project=project, name="Output", unit="t", baseline=0, target=100, target_year=2030
    )

    progress = indicator_progress(indicator)

    assert (progress.latest, progress.share_of_target) == (None, None)


@pytest.mark.django_db
def test_demo_strategy_load_once():
    RegionFactory(code="BY-MI")

    assert demo_strategy_load() == 11
    assert demo_strategy_load() == 0
    assert Project.objects.count() == 11
    assert Programme.objects.get().is_synthetic is True
    # Every project is under one of the shipped priorities, and some are late whatever the
    # date of the run within the programme's span.
    assert Project.objects.filter(theme__isnull=True).count() == 0
    assert late_projects(today=date(2026, 12, 7))
