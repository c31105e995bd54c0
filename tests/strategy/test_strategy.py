"""Priorities, links to agreements, the late lists, the roadmap and the priority page."""

from datetime import date
from decimal import Decimal

import pytest

from regionforum.accounts.models import Role
from regionforum.registry.models import AgreementStatus
from regionforum.strategy import services
from regionforum.strategy.models import (
    LinkStatus,
    Programme,
    Project,
    ProjectAgreement,
    ProjectMilestone,
    ProjectStatus,
    Theme,
)
from regionforum.strategy.selectors import due_soon, late_projects, roadmap, theme_summary
from tests.factories import MoneyFactory, RegionFactory, UserFactory, agreement_between

TODAY = date(2026, 12, 7)


@pytest.fixture
def medicine(db):
    services.themes_load()
    return Theme.objects.get(code="medicine")


@pytest.fixture
def project(medicine):
    programme = Programme.objects.create(
        title="Programme", starts_on=date(2024, 1, 1), ends_on=date(2030, 12, 31)
    )
    project = Project.objects.create(
        programme=programme,
        theme=medicine,
        title="Telemedicine network of regional hospitals",
        sector="healthcare",
        status=ProjectStatus.IN_PROGRESS,
        starts_on=date(2024, 1, 1),
        due_on=date(2028, 12, 31),
    )
    project.regions.set([RegionFactory(code="BY-HO")])
    return project


def test_themes_load_is_idempotent_and_names_the_priorities_in_three_languages(db):
    assert services.themes_load() == 11
    assert services.themes_load() == 11
    assert Theme.objects.count() == 11
    nuclear = Theme.objects.get(code="nuclear-energy")
    assert (nuclear.name_ru, nuclear.name_be) == ("Атомная энергетика", "Атамная энергетыка")


def test_suggestions_are_recorded_then_confirmed_and_count_on_the_project(project):
    homel, bryansk = project.regions.get(), RegionFactory(code="RU-BRY")
    serving = agreement_between(
        homel, bryansk, title="Соглашение о сотрудничестве в сфере здравоохранения"
    )
    MoneyFactory(agreement=serving, value=Decimal("2500000"))
    agreement_between(homel, bryansk, title="Договор поставки шин")

    suggested = services.links_suggest(project=project)

    assert [link.agreement_id for link in suggested] == [serving.pk]
    assert "здравоохранение" in suggested[0].reason or "здравоохран" in suggested[0].reason
    # A suggestion is not a link until a coordinator confirms it.
    summary = theme_summary(code="medicine")
    assert summary.agreements == []
    services.link_decide(link=suggested[0], status=LinkStatus.CONFIRMED, user=None)
    summary = theme_summary(code="medicine")
    assert [item.agreement.pk for item in summary.agreements] == [serving.pk]
    assert summary.value_by_year == [(2021, Decimal("2500000.00"))]
    assert {region.code for region in summary.regions} == {"BY-HO", "RU-BRY"}
    # Decided once, never suggested again.
    assert services.links_suggest(project=project) == []


def test_a_decision_is_confirmed_or_rejected_only(project):
    link = ProjectAgreement.objects.create(project=project, agreement=agreement_between())
    with pytest.raises(services.StrategyError):
        services.link_decide(link=link, status="maybe", user=None)


def test_late_projects_and_due_soon(project):
    ProjectMilestone.objects.create(project=project, title="Pilot", due_on=date(2026, 6, 30))
    ProjectMilestone.objects.create(
        project=project, title="Start", due_on=date(2025, 1, 1), done_on=date(2025, 1, 5)
    )
    ProjectMilestone.objects.create(project=project, title="Stage 2", due_on=date(2027, 2, 1))
    done = Project.objects.create(
        programme=project.programme,
        title="Finished long ago",
        status=ProjectStatus.DONE,
        due_on=date(2025, 1, 1),
    )
    overdue = Project.objects.create(
        programme=project.programme, title="Past its date", due_on=date(2026, 11, 7)
    )

    late = late_projects(today=TODAY)

    assert [(item.project, item.days_late) for item in late] == [(project, 160), (overdue, 30)]
    assert [milestone.title for milestone in late[0].milestones] == ["Pilot"]
    assert done not in [item.project for item in late]
    assert [(item.project, item.milestone.title) for item in due_soon(today=TODAY)] == [
        (project, "Stage 2")
    ]


def test_roadmap_places_projects_by_priority_with_their_milestones(project):
    ProjectMilestone.objects.create(project=project, title="Pilot", due_on=date(2026, 6, 30))

    result = roadmap(today=TODAY)

    (row,) = result.rows
    assert row.theme.code == "medicine"
    (bar,) = row.bars
    assert bar.late is True
    assert result.starts_on == date(2024, 1, 1) and result.ends_on == date(2028, 12, 31)
    assert bar.left == 0.0 and 79 < bar.width <= 100
    assert 0 < bar.milestones[0][1] < 100
    assert result.today is not None and 50 < result.today < 70


def test_roadmap_counts_only_the_confirmed_agreements_that_count_in_the_figures(project):
    confirmed, suggested, withdrawn = (agreement_between() for _ in range(3))
    MoneyFactory(agreement=confirmed, value=Decimal("1500000"))
    MoneyFactory(agreement=withdrawn, value=Decimal("900000"))
    services.link_add(project=project, agreement=confirmed, user=None)
    services.link_add(project=project, agreement=withdrawn, user=None)
    ProjectAgreement.objects.create(project=project, agreement=suggested)
    withdrawn.withdrawn = True
    withdrawn.save()

    (row,) = roadmap(today=TODAY).rows
    (bar,) = row.bars

    assert (bar.agreements, bar.usd) == (1, Decimal("1500000.00"))


@pytest.mark.django_db
def test_pages_render_escaped(client, project):
    project.title = "<b>Telemedicine</b>"
    project.save()
    ProjectMilestone.objects.create(project=project, title="Pilot", due_on=date(2020, 6, 30))

    for url in ["/strategy/roadmap/", "/strategy/late/", "/strategy/priorities/medicine/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "&lt;b&gt;Telemedicine&lt;/b&gt;" in html, url
        assert "<b>Telemedicine" not in html
    assert client.get("/strategy/priorities/no-such/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "regions", "allowed"),
    [
        (Role.SECRETARIAT, [], True),
        (Role.COORDINATOR, ["BY-HO"], True),
        (Role.COORDINATOR, ["RU-SMO"], False),
        (Role.ANALYST, [], False),
        (Role.PARTICIPANT, [], False),
    ],
)
def test_only_the_projects_coordinators_and_the_secretariat_decide_links(
    client, project, role, regions, allowed
):
    link = ProjectAgreement.objects.create(project=project, agreement=agreement_between())
    homel = project.regions.get()
    user = UserFactory(
        role=role,
        regions=[homel if code == homel.code else RegionFactory(code=code) for code in regions],
    )
    client.force_login(user)

    response = client.post(
        f"/strategy/{project.pk}/links/{link.pk}/", {"status": LinkStatus.CONFIRMED}
    )
    link.refresh_from_db()

    assert (response.status_code, link.status) == (
        (302, LinkStatus.CONFIRMED) if allowed else (403, LinkStatus.SUGGESTED)
    )
    page = client.get(f"/strategy/{project.pk}/").content.decode()
    assert ("links/suggest/" in page) is allowed


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in_and_changes_nothing(client, project):
    response = client.post(f"/strategy/{project.pk}/links/suggest/")

    assert response.status_code == 302 and "/login" in response["Location"]
    assert not project.links.exists()


@pytest.mark.django_db
def test_project_page_shows_the_linked_agreements_value_and_implementation(client, project):
    agreement = agreement_between(title="Hospital equipment", status=AgreementStatus.FULFILLED)
    MoneyFactory(agreement=agreement, value=Decimal("1000000"))
    services.link_add(project=project, agreement=agreement, user=None)

    html = client.get(f"/strategy/{project.pk}/").content.decode()

    assert "Hospital equipment" in html
    assert "$1,000,000" in html
    assert "Fulfilled 1" in html


@pytest.mark.django_db
def test_a_coordinator_edits_their_project_and_the_change_is_recorded(client, project):
    milestone = ProjectMilestone.objects.create(
        project=project, title="Pilot", due_on=date(2026, 6, 30)
    )
    indicator = project.indicators.create(
        name="Consultations", unit="thousand", baseline=5, target=60, target_year=2030
    )
    coordinator = UserFactory(role=Role.COORDINATOR, regions=[project.regions.get()])
    client.force_login(coordinator)
    form = {
        "theme": project.theme_id,
        "status": ProjectStatus.IN_PROGRESS,
        "starts_on": "2024-01-01",
        "due_on": "2029-06-30",
        "description": "",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "1",
        "milestones-0-id": milestone.pk,
        "milestones-0-title": "Pilot",
        "milestones-0-due_on": "2026-06-30",
        "milestones-0-done_on": "2026-07-15",
        "milestones-1-title": "",
        "value-indicator": indicator.pk,
        "value-on": "2025-12-31",
        "value-value": "21.5",
    }

    response = client.post(f"/strategy/{project.pk}/edit/", form)

    assert response.status_code == 302
    project.refresh_from_db()
    milestone.refresh_from_db()
    assert (project.due_on, milestone.done_on) == (date(2029, 6, 30), date(2026, 7, 15))
    assert indicator.values.get().value == Decimal("21.5")
    assert project.history.first().history_user == coordinator
    assert milestone.history.first().history_user == coordinator
    assert late_projects(today=TODAY) == []

    # The same validation as the import: a project cannot end before it starts.
    response = client.post(f"/strategy/{project.pk}/edit/", {**form, "due_on": "2023-01-01"})
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()


@pytest.mark.django_db
def test_a_coordinator_of_another_region_cannot_open_the_edit_page(client, project):
    client.force_login(UserFactory(role=Role.COORDINATOR, regions=[RegionFactory(code="RU-SMO")]))

    assert client.get(f"/strategy/{project.pk}/edit/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"description": "d" * 5001}, "description", "The text holds 5,001 characters"),
        ({"description": "Plan\x0bB"}, "description", "a control character (U+000B)"),
        ({"milestones-0-title": "Pilot\x1b"}, "title", "a control character (U+001B)"),
    ],
)
def test_project_edit_refuses_bad_text_with_a_form_error(client, project, change, field, message):
    coordinator = UserFactory(role=Role.COORDINATOR, regions=[project.regions.get()])
    client.force_login(coordinator)
    before = project.description
    form = {
        "theme": project.theme_id,
        "status": ProjectStatus.IN_PROGRESS,
        "starts_on": "2024-01-01",
        "due_on": "2029-06-30",
        "description": "",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Pilot",
        "milestones-0-due_on": "2026-06-30",
        **change,
    }

    response = client.post(f"/strategy/{project.pk}/edit/", form)

    assert response.status_code == 400
    errors = {
        **response.context["form"].errors,
        **response.context["milestones"].forms[0].errors,
    }
    assert message in errors[field][0]
    project.refresh_from_db()
    assert project.description == before
    assert not ProjectMilestone.objects.filter(project=project).exists()
