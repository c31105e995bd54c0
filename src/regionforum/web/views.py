"""The server-rendered pages: parse the query, call a selector, render."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regionforum.analytics.claims_check import ClaimResult, claim_list, claims_at_forum_default
from regionforum.analytics.selectors import (
    AgreementFilters,
    agreement_count,
    agreement_filter_options,
    agreement_get,
    agreement_list,
    forum_list_with_figures_cached,
    region_list_with_stats_cached,
)
from regionforum.analytics.text import number, percent, usd_phrase
from regionforum.forums.numerals import to_roman
from regionforum.gazetteer.models import Region
from regionforum.registry.models import Agreement
from regionforum.web.forms import AgreementFilterForm
from regionforum.web.paging import PAGE_SIZE, CountedPaginator
from regionforum.web.templatetags.pages import localized_name


def _page(request: HttpRequest, filters: AgreementFilters) -> Page:
    """A page of the matching agreements; the count, a pass over every match, is cached under
    the registry's version."""
    paginator = CountedPaginator(
        agreement_list(filters=filters), PAGE_SIZE, count=agreement_count(filters=filters)
    )
    return paginator.get_page(request.GET.get("page"))


def _any_synthetic(agreements: Page) -> bool:
    return any(agreement.is_synthetic for agreement in agreements)


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
    page = _page(request, form.filters())
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
    if not request.user.has_perm("registry.view_agreement", detail.agreement):
        raise Http404
    return render(
        request,
        "web/agreement_detail.html",
        {"agreement": detail.agreement, "history": detail.history},
    )


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/region_list.html", {"regions": region_list_with_stats_cached()})


def forum_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/forum_list.html", {"forums": forum_list_with_figures_cached()})


_MEASURES = {
    "agreements": gettext_lazy("Agreements and contracts"),
    "total_usd": gettext_lazy("Total value"),
    "share": gettext_lazy("Share of the total"),
    "partner_regions": gettext_lazy("Partner regions"),
}
_QUALIFIERS = {
    "more than": gettext_lazy("more than"),
    "nearly": gettext_lazy("nearly"),
    "about": gettext_lazy("about"),
    "exactly": "",
}
_VERDICTS = {
    "confirmed": gettext_lazy("confirmed"),
    "close": gettext_lazy("close"),
    "contradicted": gettext_lazy("contradicted"),
}
_MAX_STATEMENT = 5000


def _claim_value(measure: str, value: Decimal) -> str:
    if measure == "total_usd":
        return usd_phrase(value)
    if measure == "share":
        return percent(float(value))
    return number(value)


def _claim_scope(result: ClaimResult) -> str:
    scope = result.claim.scope
    if scope is None:
        return _("the whole registry")
    if scope.year is not None:
        label = _("signed in %(year)s") % {"year": scope.year}
    elif scope.first is None:
        label = _("the whole registry")
    elif scope.first == scope.last:
        label = _("forum %(forum)s") % {"forum": to_roman(scope.first)}
    else:
        label = _("forums %(first)s–%(last)s") % {
            "first": to_roman(scope.first),
            "last": to_roman(scope.last or 0),
        }
    if scope.region:
        region = Region.objects.filter(code=scope.region).first()
        return _("%(scope)s, with a party in %(region)s") % {
            "scope": label,
            "region": localized_name(region) if region else scope.region,
        }
    return label


def claims(request: HttpRequest) -> HttpResponse:
    """Paste a statement; each figure in it is set against the registry."""
    text = request.GET.get("text", "")[:_MAX_STATEMENT].strip()
    error = ""
    at_forum = claims_at_forum_default()
    if request.GET.get("forum"):
        try:
            at_forum = int(request.GET["forum"])
        except ValueError:
            at_forum = 0
        if at_forum < 1:
            error = _("The forum is a forum number from 1.")
    rows = []
    if text and not error:
        for result in claim_list(text=text, at_forum=at_forum):
            measure = result.claim.measure
            rows.append(
                {
                    "claim": result.claim,
                    "verdict": result.verdict,
                    "measure_label": _MEASURES[measure],
                    "qualifier_label": _QUALIFIERS[result.claim.qualifier],
                    "stated": _claim_value(measure, result.claim.stated),
                    "actual": _claim_value(measure, result.actual),
                    "scope_label": _claim_scope(result),
                    "verdict_label": _VERDICTS[result.verdict],
                    "query": urlencode(result.query),
                }
            )
    return render(
        request,
        "web/claims.html",
        {"text": text, "at_forum": at_forum, "results": rows, "error": error},
    )


def login_locked_out(request: HttpRequest, credentials: dict[str, object], *args, **kwargs):
    """django-axes' answer to a login attempt for a user name locked out by failed attempts."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
