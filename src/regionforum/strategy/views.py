from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regionforum.strategy.models import Priority, Project, ProjectStatus
from regionforum.strategy.selectors import (
    ProjectFilters,
    indicator_progress,
    project_get,
    project_list,
)


def project_list_view(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilters(
        priority=request.GET.get("priority", "") if request.GET.get("priority") in Priority else "",
        status=request.GET.get("status", "") if request.GET.get("status") in ProjectStatus else "",
        region=request.GET.get("region", "").strip()[:12],
    )
    return render(
        request,
        "strategy/project_list.html",
        {
            "projects": project_list(filters=filters),
            "filters": filters,
            "priorities": Priority.choices,
            "statuses": ProjectStatus.choices,
        },
    )


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    try:
        project = project_get(project_id=project_id)
    except Project.DoesNotExist:
        raise Http404 from None
    progress = [indicator_progress(indicator) for indicator in project.indicators.all()]
    return render(
        request, "strategy/project_detail.html", {"project": project, "progress": progress}
    )
