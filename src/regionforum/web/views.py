"""The server-rendered pages: parse the query, call a selector, render."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from regionforum.analytics.selectors import (
    AgreementFilters,
    agreement_filter_options,
    agreement_get,
    agreement_list,
    figures_get,
    forum_get,
    forum_list_with_figures,
    region_list_with_stats,
    region_stats,
)
from regionforum.forums.models import Forum
from regionforum.gazetteer.models import Region
from regionforum.registry.models import Agreement
from regionforum.web.charts import forum_chart
from regionforum.web.forms import AgreementFilterForm

PAGE_SIZE = 25


def _page(request: HttpRequest, agreements: QuerySet[Agreement]) -> Page:
    return Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))


def _any_synthetic(agreements: Page) -> bool:
    return any(agreement.is_synthetic for agreement in agreements)


def dashboard(request: HttpRequest) -> HttpResponse:
    figures = figures_get()
    return render(
        request,
        "web/dashboard.html",
        {
            "figures": figures,
            "agreements_chart": forum_chart(figures.by_forum, measure="agreements"),
            "usd_chart": forum_chart(figures.by_forum, measure="total_usd"),
        },
    )


def agreement_list_view(request: HttpRequest) -> HttpResponse:
    options = agreement_filter_options()
    form = AgreementFilterForm(
        request.GET,
        forums=options.forums,
        regions=options.regions,
        years=options.years,
        sectors=options.sectors,
    )
    form.is_valid()
    page = _page(request, agreement_list(filters=form.filters()))
    return render(
        request,
        "web/agreement_list.html",
        {"form": form, "page": page, "shows_synthetic": _any_synthetic(page)},
    )


def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    try:
        detail = agreement_get(agreement_id=agreement_id)
    except Agreement.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "web/agreement_detail.html",
        {"agreement": detail.agreement, "history": detail.history},
    )


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/region_list.html", {"regions": region_list_with_stats()})


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        stats = region_stats(code=code)
    except Region.DoesNotExist:
        raise Http404 from None
    page = _page(request, agreement_list(filters=AgreementFilters(region=stats.region.code)))
    return render(
        request,
        "web/region_detail.html",
        {"stats": stats, "page": page, "shows_synthetic": _any_synthetic(page)},
    )


def forum_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/forum_list.html", {"forums": forum_list_with_figures()})


def forum_detail(request: HttpRequest, number: int) -> HttpResponse:
    try:
        detail = forum_get(number=number)
    except Forum.DoesNotExist:
        raise Http404 from None
    page = _page(request, agreement_list(filters=AgreementFilters(forum=number)))
    return render(
        request,
        "web/forum_detail.html",
        {"detail": detail, "page": page, "shows_synthetic": _any_synthetic(page)},
    )
