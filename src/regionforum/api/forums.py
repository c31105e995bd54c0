"""Forums and regions, with their agreement counts and totals: anyone may read them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from regionforum.analytics.selectors import forum_list_with_figures, region_list_with_stats
from regionforum.api.pagination import Number
from regionforum.api.schemas import ErrorOut, RegionOut
from regionforum.forums.models import Forum
from regionforum.gazetteer.models import Region
from regionforum.gazetteer.selectors import region_list

router = Router()


class ForumOut(Schema):
    number: int
    roman: str
    year: int
    starts_on: date | None
    ends_on: date | None
    host_cities: str
    time_zone: str
    agreements: int
    total_usd: float


class RegionDetailOut(RegionOut):
    agreements: int
    total_usd: float


def forum_data(forum: Forum) -> dict[str, Any]:
    return {
        "number": forum.number,
        "roman": forum.roman,
        "year": forum.year,
        "starts_on": forum.starts_on,
        "ends_on": forum.ends_on,
        "host_cities": forum.host_cities,
        "time_zone": forum.time_zone,
        "agreements": forum.agreement_count,  # type: ignore[attr-defined]
        "total_usd": float(forum.total_usd or 0),  # type: ignore[attr-defined]
    }


def region_data(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "country": region.country.code,
        "name_en": region.name_en,
        "name_ru": region.name_ru,
        "name_be": region.name_be,
        "is_iso": region.is_iso,
    }


@router.get("/forums", response=list[ForumOut], tags=["forums"])
def forums(request: HttpRequest) -> list[dict[str, Any]]:
    """Every forum, first to last, with the agreements the registry holds for it."""
    return [forum_data(forum) for forum in forum_list_with_figures()]


@router.get(
    "/forums/{number}", response={200: ForumOut, 400: ErrorOut, 404: ErrorOut}, tags=["forums"]
)
def forum(request: HttpRequest, number: Number) -> dict[str, Any]:
    found = forum_list_with_figures().filter(number=number).first()
    if found is None:
        raise Http404(_("There is no forum number %(number)s.") % {"number": number})
    return forum_data(found)


@router.get("/regions", response=list[RegionOut], tags=["regions"])
def regions(request: HttpRequest) -> list[dict[str, Any]]:
    """The gazetteer: every region of both countries, with its names in three languages."""
    return [region_data(region) for region in region_list()]


@router.get("/regions/{code}", response={200: RegionDetailOut, 404: ErrorOut}, tags=["regions"])
def region(request: HttpRequest, code: str) -> dict[str, Any]:
    """One region by its ISO 3166-2 code, with its agreement count and USD total."""
    found = region_list_with_stats().filter(code=code.upper()).first()
    if found is None:
        raise Http404(_("No region %(code)s.") % {"code": code})
    return {
        **region_data(found),
        "agreements": found.agreement_count or 0,  # type: ignore[attr-defined]
        "total_usd": float(found.total_usd or 0),  # type: ignore[attr-defined]
    }
