from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regionforum.registry.models import Agreement
from regionforum.strategy import services
from regionforum.strategy.charts import indicator_chart
from regionforum.strategy.forms import IndicatorValueForm, MilestoneFormSet, ProjectForm
from regionforum.strategy.models import (
    IndicatorValue,
    LinkStatus,
    Priority,
    Project,
    ProjectAgreement,
    ProjectStatus,
    Theme,
)
from regionforum.strategy.selectors import (
    ProjectFilters,
    due_soon,
    indicator_progress,
    late_projects,
    project_agreements,
    project_get,
    project_list,
    roadmap,
    theme_summary,
)


def project_list_view(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilters(
        priority=request.GET.get("priority", "") if request.GET.get("priority") in Priority else "",
        status=request.GET.get("status", "") if request.GET.get("status") in ProjectStatus else "",
        region=request.GET.get("region", "").strip()[:12],
        theme=request.GET.get("theme", "").strip()[:50],
    )
    return render(
        request,
        "strategy/project_list.html",
        {
            "projects": project_list(filters=filters),
            "filters": filters,
            "priorities": Priority.choices,
            "statuses": ProjectStatus.choices,
            "themes": Theme.objects.all(),
        },
    )


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    try:
        project = project_get(project_id=project_id)
    except Project.DoesNotExist:
        raise Http404 from None
    starts_on = project.starts_on or project.programme.starts_on
    progress = [
        (indicator_progress(indicator), indicator_chart(indicator, starts_on=starts_on))
        for indicator in project.indicators.all()
    ]
    return render(
        request,
        "strategy/project_detail.html",
        {
            "project": project,
            "progress": progress,
            "links": project_agreements(project=project),
            "can_change": request.user.has_perm("strategy.change_project", project),
        },
    )


def _changeable(request: HttpRequest, project_id: int) -> Project:
    project = get_object_or_404(Project.objects.prefetch_related("regions"), pk=project_id)
    if not request.user.has_perm("strategy.change_project", project):
        raise PermissionDenied
    return project


def _back(project: Project) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("strategy:project_detail", args=[project.pk]) + "#agreements"
    )


@login_required
@require_POST
def links_suggest_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _changeable(request, project_id)
    services.links_suggest(project=project)
    return _back(project)


@login_required
@require_POST
def link_decide_view(request: HttpRequest, project_id: int, link_id: int) -> HttpResponse:
    project = _changeable(request, project_id)
    link = get_object_or_404(ProjectAgreement, pk=link_id, project=project)
    status = request.POST.get("status", "")
    if status not in (LinkStatus.CONFIRMED, LinkStatus.REJECTED):
        messages.error(request, _("A suggested link is confirmed or rejected."))
        return _back(project)
    services.link_decide(link=link, status=status, user=request.user)  # type: ignore[arg-type]
    return _back(project)


@login_required
@require_POST
def link_add_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _changeable(request, project_id)
    number = request.POST.get("agreement", "").strip().lstrip("№#").strip()
    # `objects` leaves out withdrawn agreements and unconfirmed deals: neither serves a project.
    agreement = (
        Agreement.objects.filter(pk=int(number)).first()
        if number.isascii() and number.isdigit() and len(number) <= 12
        else None
    )
    if agreement is None:
        messages.error(
            request,
            _(
                "No agreement number %(number)s counts in the registry (it may be withdrawn, "
                "or a deal not yet confirmed); nothing was linked."
            )
            % {"number": number[:20] or "—"},
        )
    else:
        services.link_add(project=project, agreement=agreement, user=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("Agreement %(number)s now serves this project.") % {"number": agreement.pk},
        )
    return _back(project)


@login_required
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    """A coordinator corrects their region's project: its fields, milestones and a value."""
    project = _changeable(request, project_id)
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, instance=project)
    milestones = MilestoneFormSet(data, instance=project, prefix="milestones")
    value = IndicatorValueForm(data, project=project, prefix="value")
    if data is not None and form.is_valid() and milestones.is_valid() and value.is_valid():
        with transaction.atomic():
            form.save()
            milestones.save()
            if value.has_changed():
                item = value.cleaned_data
                IndicatorValue.objects.update_or_create(
                    indicator=item["indicator"],
                    on=item["on"],
                    defaults={"value": item["value"], "source": item["source"] or "web"},
                )
        return HttpResponseRedirect(reverse("strategy:project_detail", args=[project.pk]))
    return render(
        request,
        "strategy/project_edit.html",
        {"project": project, "form": form, "milestones": milestones, "value": value},
        status=400 if data is not None else 200,
    )


def roadmap_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "strategy/roadmap.html", {"roadmap": roadmap(today=timezone.localdate())}
    )


def late_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "strategy/late.html",
        {"late": late_projects(today=today), "due": due_soon(today=today), "today": today},
    )


def theme_view(request: HttpRequest, code: str) -> HttpResponse:
    try:
        summary = theme_summary(code=code)
    except Theme.DoesNotExist:
        raise Http404 from None
    return render(request, "strategy/theme.html", {"summary": summary})
