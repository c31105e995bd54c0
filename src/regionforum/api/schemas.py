"""Request and response bodies of the API."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict

from regionforum.safetext import text_checked


def _text(field: str) -> object:
    """A text field with the check every edge applies (length, control characters)."""
    return Annotated[str, AfterValidator(partial(text_checked, field=field))]


Title = _text("title")
Notes = _text("notes")
Sector = _text("sector")
Word = _text("ref")  # kind, status, currency, an amount: short words
Organisation = _text("organisation")
RegionCode = _text("region")


class ErrorOut(Schema):
    message: str
    code: str
    extra: dict[str, object]


class AmountOut(Schema):
    value: float
    currency: str


class NamesOut(Schema):
    """An organisation's name in each language; null where the registry has none in it."""

    ru: str | None
    be: str | None
    en: str | None


class PartyOut(Schema):
    organisation: str
    region: str
    names: NamesOut


class SourceOut(Schema):
    file: str
    row: int
    ref: str


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    signed_on: date
    forum: int | None
    status: str
    sector: str
    amount: AmountOut | None
    usd: float | None
    parties: list[PartyOut]
    sources: list[SourceOut]


class AgreementPage(Schema):
    count: int
    page: int
    pages: int
    results: list[AgreementOut]


class RegionOut(Schema):
    code: str
    country: str
    name_en: str
    name_ru: str
    name_be: str
    is_iso: bool


class AmountIn(Schema):
    value: Word
    currency: Word


class PartyIn(Schema):
    organisation: Organisation
    region: RegionCode


class AgreementIn(Schema):
    kind: Word
    title: Title
    signed_on: date
    forum: int | None = None
    status: Word = "signed"
    sector: Sector = ""
    notes: Notes = ""
    amount: AmountIn | None = None
    parties: list[PartyIn]


class AgreementPatch(Schema):
    kind: Word | None = None
    title: Title | None = None
    signed_on: date | None = None
    forum: int | None = None
    status: Word | None = None
    sector: Sector | None = None
    notes: Notes | None = None
    amount: AmountIn | None = None
    parties: list[PartyIn] | None = None


class HistoryEntryOut(Schema):
    at: str
    user: str | None
    via: str
    changes: dict[str, list[object]]
    change: str
    kind: str
    batch: int | None
    reason: str


class RevertOut(Schema):
    reverted: str
    changes: int


class UnconvertedOut(Schema):
    currency: str
    amount: float


class ForumFiguresOut(Schema):
    forum: int
    year: int
    agreements: int
    total_usd: float
    share_of_total: float
    agreements_growth: float | None
    usd_growth: float | None


class PartnerOut(Schema):
    region: str
    name: str
    agreements: int
    total_usd: float


class FiguresOut(Schema):
    """`regionforum figures --json`: the DESIGN's fields typed, and the rest as they come."""

    model_config = ConfigDict(extra="allow")

    agreements: int
    with_amount: int
    total_usd: float
    unconverted: list[UnconvertedOut]
    by_forum: list[ForumFiguresOut]
    partner_regions: dict[str, int]
    organisations: int
    basis: dict[str, Any]
    by_status: dict[str, int]
    scope: dict[str, str]
    implementation: dict[str, float]
    partners: dict[str, list[PartnerOut]]
    target: dict[str, Any] | None
