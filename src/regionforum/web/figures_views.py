"""The figures pages: the dashboard, a forum's, a region's, a pair's, the sectors and the map.

Each reads one scope from the query string (the same parameters as `GET /api/v1/figures`), leads
with the figures against the target and the top partners, puts the long tables behind them, and
downloads any table as CSV or XLSX with the same filters (`?table=SLUG&format=csv|xlsx`).
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regionforum.analytics.breakdowns import Line, ScopeReport, scope_report_get
from regionforum.analytics.cache import TIMEOUT as CACHE_TIMEOUT
from regionforum.analytics.cache import cached, registry_version
from regionforum.analytics.exports import COLUMNS, agreement_rows
from regionforum.analytics.map import RegionMap, region_map
from regionforum.analytics.scopes import ScopeError, scope_parse
from regionforum.analytics.selectors import (
    ForumFigures,
    PartnerRegion,
    Scope,
    agreement_list_in_scope,
    agreement_scope,
    figures_get,
)
from regionforum.analytics.text import number, percent, signed_percent
from regionforum.forums.models import Forum
from regionforum.forums.numerals import to_roman
from regionforum.forums.stats import programme_funnel
from regionforum.gazetteer.models import Region
from regionforum.registry.models import AgreementKind
from regionforum.registry.sectors import sector_label
from regionforum.web.charts import forum_chart, line_chart
from regionforum.web.paging import PAGE_SIZE, CountedPaginator
from regionforum.web.tables import DOWNLOADS, Cell, Table, download_response, table_download
from regionforum.web.templatetags.pages import localized_name, usd

TOP = 10
_SCOPE_PARAMETERS = ("forum", "forums", "from", "to", "region", "pair", "sector", "kind")


def _list_url(query: dict[str, str], **narrowing: str) -> str:
    merged = {**query, **narrowing}
    url = reverse("web:agreement_list")
    return f"{url}?{urlencode(merged)}" if merged else url


def _scope_from(request: HttpRequest, **fixed: str) -> tuple[Scope, str]:
    """The scope in the query string, with a page's own narrowing; a parameter that cannot be
    read is left out and reported."""
    given = {name: request.GET.get(name, "").strip() for name in _SCOPE_PARAMETERS}
    given["party_type"] = request.GET.get("party_type", "").strip()
    given.update(fixed)
    forum = None
    if given["forum"]:
        forum = int(given["forum"]) if given["forum"].isdigit() else 0
    arguments = {
        "forum": forum,
        "forums": given["forums"] if forum is None else "",
        "date_from": given["from"],
        "date_to": given["to"],
        "region": given["region"],
        "pair": given["pair"],
        "sector": given["sector"],
        "kind": given["kind"],
        "party_type": given["party_type"],
    }
    errors = []
    for name in list(arguments):
        try:
            scope_parse(flag="", **{name: arguments[name]})  # type: ignore[arg-type]
        except ScopeError as error:
            errors.append(error.message)
            arguments[name] = None if name == "forum" else ""
    return scope_parse(flag="", **arguments), "; ".join(errors)  # type: ignore[arg-type]


def _percent(value: float | None) -> Cell:
    if value is None:
        return Cell(None, "—", numeric=True)
    return Cell(round(value * 100, 1), signed_percent(value), numeric=True)


def _count(value: int, href: str) -> Cell:
    return Cell(value, number(value), href=href, numeric=True)


def _usd(value: Decimal) -> Cell:
    return Cell(value, usd(value), numeric=True)


def forum_table(rows: list[ForumFigures], query: dict[str, str]) -> Table:
    base = {k: v for k, v in query.items() if k not in ("forum", "forums")}
    table = Table(
        slug="forums",
        caption=_("By forum"),
        headers=[
            _("Forum"),
            _("Year"),
            _("Agreements"),
            _("USD"),
            _("Share of total, %"),
            _("Agreements on the forum before, %"),
            _("Value on the forum before, %"),
        ],
    )
    for row in rows:
        table.rows.append(
            [
                Cell(
                    row.forum,
                    to_roman(row.forum),
                    href=reverse("web:forum_detail", args=[row.forum]),
                ),
                Cell(row.year),
                _count(row.agreements, _list_url(base, forum=str(row.forum))),
                _usd(row.total_usd),
                Cell(round(row.share_of_total * 100, 1), percent(row.share_of_total), numeric=True),
                _percent(row.agreements_growth),
                _percent(row.usd_growth),
            ]
        )
    return table


def partner_table(
    regions: list[PartnerRegion],
    query: dict[str, str],
    *,
    slug: str,
    caption: str,
    around: str = "",
) -> Table:
    """Partner regions, each linking to its page and to the agreements behind its count (the
    pair's, when the page is about one region)."""
    table = Table(slug=slug, caption=caption, headers=[_("Region"), _("Agreements"), _("USD")])
    for region in regions:
        if around:
            narrowing = {"region": around, "partner": region.code}
            page = reverse("web:pair_detail", args=[around, region.code])
        else:
            narrowing = {"region": region.code}
            page = reverse("web:region_detail", args=[region.code])
        base = {k: v for k, v in query.items() if k not in ("region", "partner")}
        table.rows.append(
            [
                Cell(region.code, localized_name(region), href=page),
                _count(region.agreements, _list_url(base, **narrowing)),
                _usd(region.total_usd),
            ]
        )
    return table


def line_table(
    lines: list[Line], query: dict[str, str], *, slug: str, caption: str, heading: str
) -> Table:
    table = Table(slug=slug, caption=caption, headers=[heading, _("Agreements"), _("USD")])
    for line in lines:
        if slug == "kinds":
            label = str(dict(AgreementKind.choices).get(line.key, line.key))
        elif slug == "sectors":
            label = sector_label(line.key) if line.key else _("not given")
        else:
            label = line.key or _("not given")
        page = ""
        if slug == "sectors" and line.key:
            page = reverse("web:sector_list") + "?" + urlencode({**query, "sector": line.key})
        table.rows.append(
            [
                Cell(line.key, label, href=page),
                _count(line.agreements, _list_url(query, **line.narrowing)),
                _usd(line.total_usd),
            ]
        )
    return table


def _tables(report: ScopeReport, *, around: str = "") -> list[Table]:
    figures, query = report.figures, report.query
    partners = figures.partners
    if around:
        partners = {
            country: [region for region in regions if region.code != around]
            for country, regions in partners.items()
        }
    return [
        forum_table(figures.by_forum, query),
        partner_table(
            partners.get("BY", []),
            query,
            slug="partners-by",
            caption=_("Regions of Belarus"),
            around=around,
        ),
        partner_table(
            partners.get("RU", []),
            query,
            slug="partners-ru",
            caption=_("Regions of Russia"),
            around=around,
        ),
        line_table(report.by_year, query, slug="years", caption=_("By year"), heading=_("Year")),
        line_table(
            report.by_sector, query, slug="sectors", caption=_("By sector"), heading=_("Sector")
        ),
        line_table(report.by_kind, query, slug="kinds", caption=_("By kind"), heading=_("Kind")),
    ]


def _download(request: HttpRequest, tables: list[Table], scope: Scope, name: str) -> HttpResponse:
    fmt, slug = request.GET.get("format", ""), request.GET.get("table", "")
    if fmt not in DOWNLOADS:
        raise Http404
    if slug == "agreements":
        return download_response(
            headers=COLUMNS,
            rows=agreement_rows(agreement_scope(scope=scope)),
            fmt=fmt,
            name=f"{name}-agreements",
        )
    for table in tables:
        if table.slug == slug:
            return table_download(table, fmt=fmt, name=name)
    raise Http404


def _map(
    scope: Scope,
    partners: dict[str, list[PartnerRegion]],
    *,
    width: int,
    measure: str = "agreements",
) -> RegionMap:
    """The scope's map, cached under the registry's version and the language of its names."""
    return cached(
        "map",
        (scope, measure, width, get_language()),
        lambda: region_map(partners=partners, measure=measure, width=width),
    )


def _agreements_page(request: HttpRequest, scope: Scope, count: int) -> Page:
    agreements = agreement_list_in_scope(scope=scope)
    return CountedPaginator(agreements, PAGE_SIZE, count=count).get_page(request.GET.get("page"))


def _fragment(request: HttpRequest, template: str) -> dict[str, object]:
    """The cache key and timeout of a page's figures, charts, map and tables, which depend on
    the registry's version, the language and the query alone; not cached (timeout 0) inside a
    transaction, where there is no version to key them on."""
    version = registry_version()
    return {
        "fragment_key": f"{template}|{version}|{get_language()}|{request.get_full_path()}",
        "fragment_timeout": 0 if version is None else CACHE_TIMEOUT,
    }


def _scope_page(
    request: HttpRequest,
    *,
    template: str,
    scope: Scope,
    error: str,
    name: str,
    around: str = "",
    map_width: int = 0,
    context: dict[str, object] | None = None,
) -> HttpResponse:
    report = scope_report_get(scope=scope)
    if map_width:
        context = {
            **(context or {}),
            "map": _map(scope, report.figures.partners, width=map_width),
        }
    tables = _tables(report, around=around)
    if "format" in request.GET:
        return _download(request, tables, scope, name)
    by_id = {table.slug: table for table in tables}
    partners = {
        country: [region for region in regions if region.code != around][:TOP]
        for country, regions in report.figures.partners.items()
    }
    page = _agreements_page(request, scope, report.figures.agreements)
    return render(
        request,
        template,
        {
            "report": report,
            "figures": report.figures,
            "completeness": report.completeness,
            "scope_error": error,
            "tables": by_id,
            "top_partners": partners,
            "list_url": _list_url(report.query),
            "page": page,
            "shows_synthetic": any(agreement.is_synthetic for agreement in page),
            "agreements_chart": forum_chart(report.figures.by_forum, measure="agreements"),
            "usd_chart": forum_chart(report.figures.by_forum, measure="total_usd"),
            "sector_chart": line_chart(
                [line for line in report.by_sector if line.key][:TOP],
                hrefs=[
                    _list_url(report.query, **line.narrowing)
                    for line in report.by_sector
                    if line.key
                ][:TOP],
                label=sector_label,
            ),
            "year_chart": line_chart(
                report.by_year,
                hrefs=[_list_url(report.query, **line.narrowing) for line in report.by_year],
            ),
            **_fragment(request, template),
            **(context or {}),
        },
        status=400 if error else 200,
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    scope, error = _scope_from(request)
    return _scope_page(
        request,
        template="web/dashboard.html",
        scope=scope,
        error=error,
        name="figures",
        map_width=520,
    )


def forum_detail(request: HttpRequest, number: int) -> HttpResponse:
    forum = Forum.objects.filter(number=number).first()
    if forum is None:
        raise Http404
    scope, error = _scope_from(request, forum=str(number), forums="")
    return _scope_page(
        request,
        template="web/forum_detail.html",
        scope=scope,
        error=error,
        name=f"forum-{number}",
        map_width=520,
        context={
            "forum": forum,
            "funnel": programme_funnel(forum=forum) if forum.participants.exists() else None,
        },
    )


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = Region.objects.select_related("country").filter(code=code.upper()).first()
    if region is None:
        raise Http404
    scope, error = _scope_from(request, region=region.code, pair="")
    return _scope_page(
        request,
        template="web/region_detail.html",
        scope=scope,
        error=error,
        name=f"region-{region.code}",
        around=region.code,
        context={"region": region},
    )


def pair_detail(request: HttpRequest, code: str, partner: str) -> HttpResponse:
    regions = Region.objects.select_related("country").in_bulk(
        [code.upper(), partner.upper()], field_name="code"
    )
    if code.upper() not in regions or partner.upper() not in regions:
        raise Http404
    scope, error = _scope_from(request, pair=f"{code.upper()},{partner.upper()}", region="")
    return _scope_page(
        request,
        template="web/pair_detail.html",
        scope=scope,
        error=error,
        name=f"pair-{code.upper()}-{partner.upper()}",
        context={"first": regions[code.upper()], "second": regions[partner.upper()]},
    )


def sector_list(request: HttpRequest) -> HttpResponse:
    scope, error = _scope_from(request)
    return _scope_page(
        request,
        template="web/sector_list.html",
        scope=scope,
        error=error,
        name="sectors",
        context={"sector": scope.sector},
    )


def region_map_view(request: HttpRequest) -> HttpResponse:
    scope, error = _scope_from(request)
    measure = "total_usd" if request.GET.get("measure") == "total_usd" else "agreements"
    drawn = _map(scope, figures_get(scope=scope).partners, measure=measure, width=960)
    query = {k: v for k, v in request.GET.items() if k in (*_SCOPE_PARAMETERS, "party_type")}
    if "format" in request.GET:
        table = Table(
            slug="regions", caption=_("Regions"), headers=[_("Region"), _("Agreements"), _("USD")]
        )
        for place in drawn.places:
            if place.agreements:
                table.rows.append(
                    [Cell(place.code, place.name), Cell(place.agreements), Cell(place.total_usd)]
                )
        if request.GET.get("format") not in DOWNLOADS:
            raise Http404
        return table_download(table, fmt=request.GET["format"], name="map")
    return render(
        request,
        "web/map.html",
        {
            "map": drawn,
            "measure": measure,
            "scope_error": error,
            "query": urlencode(query),
            "counts_url": "?" + urlencode({**query, "measure": "agreements"}),
            "value_url": "?" + urlencode({**query, "measure": "total_usd"}),
        },
        status=400 if error else 200,
    )
