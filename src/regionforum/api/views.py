"""The REST API, version 1: thin functions that parse, check permission, call, and render."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from regionforum.accounts.rules import AgreementDraft
from regionforum.analytics.exports import agreement_export_data
from regionforum.analytics.scopes import ScopeError, scope_parse
from regionforum.analytics.selectors import (
    AgreementFilters,
    agreement_list,
    figures_get,
)
from regionforum.api.agendas import router as agendas_router
from regionforum.api.auth import TokenAuth
from regionforum.api.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPage,
    AgreementPatch,
    AmountIn,
    ErrorOut,
    PartyIn,
    RegionOut,
)
from regionforum.gazetteer.selectors import region_list
from regionforum.money import MoneyError, parse_money
from regionforum.registry.errors import RegistryError
from regionforum.registry.services import (
    AgreementExists,
    PartySpec,
    agreement_create,
    agreement_update,
)

PAGE_SIZE = 50

api = NinjaAPI(
    title="regionforum",
    version="1",
    description="Agreements, figures and regions of the Forum of Regions of Belarus and Russia.",
    urls_namespace="api",
    docs_url=None,
)
token_auth = TokenAuth()
api.add_router("/", agendas_router)


def _error(request: HttpRequest, status: int, code: str, message: str, extra: Any = None):
    return api.create_response(
        request, {"message": message, "code": code, "extra": extra or {}}, status=status
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Each error names its field and says what is wrong; the value sent is not echoed back
    # (it may be a megabyte, or hold the very characters that were refused).
    errors = [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type")}
        for error in exc.errors
    ]
    details = "; ".join(
        f"{error['loc'][-1]}: {error['msg'].removeprefix('Value error, ')}"
        for error in errors
        if error["loc"]
    )
    message = f"The request is not valid: {details}" if details else "The request is not valid."
    return _error(request, 400, "invalid", message, {"errors": errors})


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "A valid bearer token is required.")


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "You may not do this.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or "Not found.")


@api.exception_handler(AgreementExists)
def _exists(request: HttpRequest, exc: AgreementExists) -> HttpResponse:
    return _error(request, 409, "exists", exc.message, {"id": exc.agreement_id})


@api.exception_handler(RegistryError)
def _refused(request: HttpRequest, exc: RegistryError) -> HttpResponse:
    return _error(request, 400, "invalid", exc.message)


@api.exception_handler(MoneyError)
def _bad_amount(request: HttpRequest, exc: MoneyError) -> HttpResponse:
    return _error(request, 400, "invalid", exc.message, {"field": "amount"})


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


@api.get("/", response=dict[str, str], tags=["index"])
def index(request: HttpRequest) -> dict[str, str]:
    return {
        "openapi": request.build_absolute_uri("openapi.json"),
        "agreements": request.build_absolute_uri("agreements"),
        "figures": request.build_absolute_uri("figures"),
        "regions": request.build_absolute_uri("regions"),
    }


@api.get("/agreements", response={200: AgreementPage, 400: ErrorOut}, tags=["agreements"])
def agreements(
    request: HttpRequest,
    forum: int | None = None,
    region: str = "",
    year: int | None = None,
    page: int = 1,
) -> dict[str, Any]:
    if page < 1:
        raise HttpError(400, "page starts at 1")
    queryset = agreement_list(
        filters=AgreementFilters(forum=forum, region=region, year=year)
    ).prefetch_related("sources")
    count = queryset.count()
    rows = queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "results": [agreement_export_data(agreement) for agreement in rows],
    }


@api.get(
    "/agreements/{agreement_id}", response={200: AgreementOut, 404: ErrorOut}, tags=["agreements"]
)
def agreement(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    return agreement_export_data(_agreement_detail(agreement_id))


@api.get("/figures", response={200: dict[str, Any], 400: ErrorOut}, tags=["figures"])
def figures(
    request: HttpRequest,
    forum: int | None = None,
    forums: str = "",
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
    region: str = "",
    pair: str = "",
    sector: str = "",
    kind: str = "",
    party_type: str = Query("", alias="party-type"),
) -> dict[str, Any]:
    """The headline figures for any scope, as `regionforum figures --json` gives them."""
    try:
        scope = scope_parse(
            forum=forum,
            forums=forums,
            date_from=date_from,
            date_to=date_to,
            region=region,
            pair=pair,
            sector=sector,
            kind=kind,
            party_type=party_type,
            flag="",
        )
    except ScopeError as exc:
        raise HttpError(400, exc.message) from None
    return figures_get(scope=scope).as_json()


@api.get("/regions", response=list[RegionOut], tags=["regions"])
def regions(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": region.code,
            "country": region.country.code,
            "name_en": region.name_en,
            "name_ru": region.name_ru,
            "name_be": region.name_be,
            "is_iso": region.is_iso,
        }
        for region in region_list()
    ]


def _agreement_detail(agreement_id: int) -> Any:
    found = (
        agreement_list(filters=AgreementFilters())
        .prefetch_related("sources")
        .filter(pk=agreement_id)
        .first()
    )
    if found is None:
        raise Http404(f"No agreement {agreement_id}.")
    return found


def _parties(parties: list[PartyIn]) -> list[PartySpec]:
    return [PartySpec(organisation=p.organisation.strip(), region=p.region) for p in parties]


def _draft(parties: list[PartySpec]) -> AgreementDraft:
    return AgreementDraft(region_codes=frozenset(party.region.upper() for party in parties))


def _amount(amount: AmountIn | None, signed_on: Any) -> Any:
    if amount is None:
        return None
    return parse_money(amount.value, amount.currency, reporter_country=None, on=signed_on)


@api.post(
    "/agreements",
    auth=token_auth,
    response={201: AgreementOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    tags=["agreements"],
)
def agreement_post(request: HttpRequest, payload: AgreementIn) -> Status:
    parties = _parties(payload.parties)
    user = request.user
    if not user.has_perm("registry.add_agreement") or not user.has_perm(
        "registry.change_agreement", _draft(parties)
    ):
        raise PermissionDenied("You may only add agreements with a party in your regions.")
    created = agreement_create(
        user=user,
        fields=payload.dict(exclude={"parties", "amount"}),
        parties=parties,
        amount=_amount(payload.amount, payload.signed_on),
    )
    return Status(201, agreement_export_data(_agreement_detail(created.pk)))


@api.patch(
    "/agreements/{agreement_id}",
    auth=token_auth,
    response={200: AgreementOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["agreements"],
)
def agreement_patch(
    request: HttpRequest, agreement_id: int, payload: AgreementPatch
) -> dict[str, Any]:
    agreement = _agreement_detail(agreement_id)
    user = request.user
    parties = _parties(payload.parties) if payload.parties is not None else None
    if not user.has_perm("registry.change_agreement", agreement) or (
        parties is not None and not user.has_perm("registry.change_agreement", _draft(parties))
    ):
        raise PermissionDenied("You may only change agreements with a party in your regions.")
    changes = payload.dict(exclude_unset=True, exclude={"parties", "amount"})
    extra = {}
    if "amount" in payload.model_fields_set:
        extra["amount"] = _amount(payload.amount, changes.get("signed_on", agreement.signed_on))
    agreement_update(agreement=agreement, user=user, fields=changes, parties=parties, **extra)
    return agreement_export_data(_agreement_detail(agreement_id))
