"""The REST API, version 1: thin functions that parse, check permission, call, and render."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

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
from regionforum.api.forums import router as forums_router
from regionforum.api.imports import router as imports_router
from regionforum.api.organisations import router as organisations_router
from regionforum.api.pagination import Id, Number, Page, page_of
from regionforum.api.programme import router as programme_router
from regionforum.api.schedule_runs import router as schedule_runs_router
from regionforum.api.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPage,
    AgreementPatch,
    AmountIn,
    ErrorOut,
    FiguresOut,
    HistoryEntryOut,
    PartyIn,
    RevertOut,
)
from regionforum.forums.errors import ProgrammeError, ScheduleRunSuperseded
from regionforum.money import MoneyError, parse_money
from regionforum.registry.errors import RegistryError
from regionforum.registry.history import AuditEntry, agreement_history
from regionforum.registry.models import Agreement, ImportBatch, Organisation
from regionforum.registry.reverts import RevertConflict, change_revert, import_revert
from regionforum.registry.services import (
    AgreementExists,
    OrganisationExists,
    PartySpec,
    agreement_create,
    agreement_update,
)

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="regionforum",
    version="1",
    description=(
        "The registry, figures, imports and business programme of the Forum of Regions of "
        "Belarus and Russia. Reads of published data are open; writes take "
        "`Authorization: Bearer TOKEN`. Errors are `{message, code, extra}`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
token_auth = TokenAuth()
api.add_router("/", forums_router)
api.add_router("/", organisations_router)
api.add_router("/", imports_router)
api.add_router("/", programme_router)
api.add_router("/", schedule_runs_router)
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


@api.exception_handler(OrganisationExists)
def _organisation_exists(request: HttpRequest, exc: OrganisationExists) -> HttpResponse:
    return _error(request, 409, "exists", exc.message, {"id": exc.organisation_id})


@api.exception_handler(RevertConflict)
def _conflict(request: HttpRequest, exc: RevertConflict) -> HttpResponse:
    return _error(request, 409, "conflict", exc.message)


@api.exception_handler(RegistryError)
def _refused(request: HttpRequest, exc: RegistryError) -> HttpResponse:
    return _error(request, 400, "invalid", exc.message)


@api.exception_handler(ProgrammeError)
def _programme_refused(request: HttpRequest, exc: ProgrammeError) -> HttpResponse:
    return _error(request, 400, "invalid", exc.message)


@api.exception_handler(ScheduleRunSuperseded)
def _superseded(request: HttpRequest, exc: ScheduleRunSuperseded) -> HttpResponse:
    return _error(
        request, 409, "conflict", exc.message, {"run": exc.run, "newer_run": exc.newer_run}
    )


@api.exception_handler(MoneyError)
def _bad_amount(request: HttpRequest, exc: MoneyError) -> HttpResponse:
    return _error(request, 400, "invalid", exc.translated(_), {"field": "amount"})


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "conflict"), str(exc))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The client learns that it failed, never why; the log has the traceback.
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, "server_error", _("The server failed; the error was logged."))


def _unknown_path(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        404,
        "not_found",
        _("There is no API address %(path)s; GET /api/v1/ lists them.") % {"path": request.path},
    )


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method that a path lacks with a bare text 405; give it the error shape."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        message = _("The method %(method)s is not allowed here; allowed: %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        refusal = _error(
            request, 405, "method_not_allowed", message, {"allowed": allowed.split(", ")}
        )
        refusal["Allow"] = allowed
        return refusal

    return wrapped


def api_urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns: every answer, even to an unknown path or method, is JSON."""
    patterns, app_name, namespace = api.urls
    answered = [
        URLPattern(item.pattern, _json_405(item.callback), item.default_args, item.name)
        if isinstance(item, URLPattern)
        else item
        for item in patterns
    ]
    return [*answered, re_path(r"", _unknown_path)], app_name, namespace


@api.get("/", response=dict[str, str], tags=["index"])
def index(request: HttpRequest) -> dict[str, str]:
    return {
        "openapi": request.build_absolute_uri("openapi.json"),
        "agreements": request.build_absolute_uri("agreements"),
        "figures": request.build_absolute_uri("figures"),
        "regions": request.build_absolute_uri("regions"),
        "forums": request.build_absolute_uri("forums"),
        "organisations": request.build_absolute_uri("organisations"),
        "imports": request.build_absolute_uri("imports"),
        "docs": request.build_absolute_uri("docs"),
    }


@api.get("/agreements", response={200: AgreementPage, 400: ErrorOut}, tags=["agreements"])
def agreements(
    request: HttpRequest,
    forum: Number | None = None,
    region: str = "",
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None,
    page: Page = 1,
) -> dict[str, Any]:
    """Published agreements, newest first, 50 a page; `region` is an ISO 3166-2 code, or `BY`
    or `RU` for every region of that country."""
    queryset = agreement_list(
        filters=AgreementFilters(forum=forum, region=region, year=year)
    ).prefetch_related("sources")
    return page_of(queryset, page=page, render=agreement_export_data)


@api.get(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, 400: ErrorOut, 404: ErrorOut},
    tags=["agreements"],
)
def agreement(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    token_auth(request)  # a token, when given, may show an agreement not yet published
    return agreement_export_data(_agreement_detail(agreement_id, request.user))


@api.get("/figures", response={200: FiguresOut, 400: ErrorOut}, tags=["figures"])
def figures(
    request: HttpRequest,
    forum: Annotated[int, Field(le=10_000)] | None = None,
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


def _agreement_detail(agreement_id: int, user: Any) -> Any:
    found = (
        agreement_list(filters=AgreementFilters(), published=False)
        .prefetch_related("sources")
        .filter(pk=agreement_id)
        .first()
    )
    if found is None or not user.has_perm("registry.view_agreement", found):
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
    return Status(201, agreement_export_data(_agreement_detail(created.pk, user)))


@api.patch(
    "/agreements/{agreement_id}",
    auth=token_auth,
    response={200: AgreementOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["agreements"],
)
def agreement_patch(
    request: HttpRequest, agreement_id: Id, payload: AgreementPatch
) -> dict[str, Any]:
    agreement = _agreement_detail(agreement_id, request.user)
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
    return agreement_export_data(_agreement_detail(agreement_id, user))


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("You may not do this.")


def _entry_changes(entry: AuditEntry, organisations: dict[int, Organisation]) -> dict[str, list]:
    """An entry's changes as the agreement's trail names them: a party by its organisation,
    the amount's fields under `money.`."""
    if entry.model == "party":
        old, new = entry.changes.get("organisation", (None, None))
        if entry.kind == "~" and old is None:
            return {}
        return {
            "party": [
                _organisation_name(old, organisations),
                _organisation_name(new, organisations),
            ]
        }
    prefix = "money." if entry.model == "money" else ""
    return {
        f"{prefix}{name}": [old, new]
        for name, (old, new) in entry.changes.items()
        if name != "agreement"
    }


def _organisation_name(pk: Any, organisations: dict[int, Organisation]) -> str | None:
    found = organisations.get(pk) if pk is not None else None
    return f"{found.name} ({found.region.code})" if found is not None else None


@api.get(
    "/agreements/{agreement_id}/history",
    auth=token_auth,
    response={
        200: list[HistoryEntryOut],
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
    tags=["agreements"],
)
def agreement_history_get(request: HttpRequest, agreement_id: Id) -> list[dict[str, Any]]:
    """The agreement's audit trail, newest first: who, when, from where, and what changed."""
    _require(request, "registry.view_history")
    if not Agreement.all_objects.filter(pk=agreement_id).exists():
        raise Http404(f"No agreement {agreement_id}.")
    entries = agreement_history(agreement_id=agreement_id)
    organisation_ids = {
        value
        for entry in entries
        if entry.model == "party"
        for value in entry.changes.get("organisation", ())
        if value is not None
    }
    organisations = Organisation.objects.select_related("region").in_bulk(organisation_ids)
    return [
        {
            "at": entry.at.isoformat(),
            "user": entry.user or None,
            "via": entry.via,
            "changes": _entry_changes(entry, organisations),
            "change": entry.ref,
            "kind": entry.kind,
            "batch": entry.batch_id,
            "reason": entry.reason,
        }
        for entry in entries
    ]


@api.post(
    "/history/{change}/revert",
    auth=token_auth,
    response={200: RevertOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    tags=["audit"],
)
def change_revert_post(request: HttpRequest, change: str) -> dict[str, Any]:
    """Undo one recorded change, named as the trail names it (`agreement-42`)."""
    _require(request, "registry.revert_change")
    change_revert(ref=change, user=request.user)
    return {"reverted": change, "changes": 1}


@api.post(
    "/imports/{batch_id}/revert",
    auth=token_auth,
    response={
        200: RevertOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    tags=["audit"],
)
def import_revert_post(request: HttpRequest, batch_id: Id) -> dict[str, Any]:
    """Undo every change one import made."""
    _require(request, "registry.revert_change")
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404(f"No import {batch_id}.")
    undone = import_revert(batch=batch, user=request.user)
    return {"reverted": f"import-{batch_id}", "changes": undone}
