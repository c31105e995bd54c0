"""Organisations of the registry: anyone may read them; a coordinator adds and corrects their
regions' organisations, the secretariat any, and only the secretariat merges two."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from regionforum.api.auth import TokenAuth
from regionforum.api.pagination import Id, Page, page_of
from regionforum.api.schemas import ErrorOut, NamesOut, RegionCode
from regionforum.api.schemas import Organisation as OrganisationName
from regionforum.gazetteer.models import Region
from regionforum.registry.errors import RegistryError
from regionforum.registry.models import Organisation, OrganisationKind
from regionforum.registry.naming import organisation_names, organisation_names_data
from regionforum.registry.selectors import organisation_get, organisation_list
from regionforum.registry.services import (
    organisation_create,
    organisation_merge,
    organisation_update,
)

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    names: NamesOut
    kind: str
    region: str
    agreements: int


class OrganisationDetailOut(OrganisationOut):
    aliases: list[str]
    merged_into: int | None


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationOut]


class NamesIn(Schema):
    """Names per language; a blank one says the registry has none in that language."""

    ru: OrganisationName | None = None
    be: OrganisationName | None = None
    en: OrganisationName | None = None


class OrganisationIn(Schema):
    name: OrganisationName
    region: RegionCode
    kind: OrganisationKind = OrganisationKind.OTHER
    names: NamesIn | None = None


class OrganisationPatch(Schema):
    name: OrganisationName | None = None
    kind: OrganisationKind | None = None
    names: NamesIn | None = None


class MergeIn(Schema):
    into: Id


def organisation_data(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "names": organisation_names_data(organisation),
        "kind": organisation.kind,
        "region": organisation.region.code,
        "agreements": organisation.agreement_count,  # type: ignore[attr-defined]
    }


@router.get("/organisations", response={200: OrganisationPage, 400: ErrorOut})
def organisations(
    request: HttpRequest,
    region: str = "",
    kind: OrganisationKind | None = None,
    q: str = "",
    page: Page = 1,
) -> dict[str, Any]:
    """Organisations by name, 50 a page; `region` is an ISO 3166-2 code, or `BY` or `RU` for
    every region of that country, and `q` is found in the name or one of its other names."""
    found = organisation_list(region=region, kind=kind or "", q=q)
    return page_of(found, page=page, render=organisation_data)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationDetailOut, 400: ErrorOut, 404: ErrorOut},
)
def organisation(request: HttpRequest, organisation_id: Id) -> dict[str, Any]:
    """One organisation with its other names; a merged one names the one it became."""
    try:
        found = organisation_get(organisation_id=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404(_("No organisation %(id)s.") % {"id": organisation_id}) from None
    return _detail(found)


def _detail(found: Organisation) -> dict[str, Any]:
    return {
        **organisation_data(found),
        "aliases": [alias.name for alias in found.aliases.all()],
        "merged_into": found.merged_into_id,
    }


def _found(organisation_id: int) -> Organisation:
    try:
        return organisation_get(organisation_id=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404(_("No organisation %(id)s.") % {"id": organisation_id}) from None


def _names(names: NamesIn | None) -> dict[str, str] | None:
    if names is None:
        return None
    return {code: text or "" for code, text in names.dict(exclude_unset=True).items()}


_WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.post(
    "/organisations",
    auth=TokenAuth(),
    response={201: OrganisationDetailOut, 409: ErrorOut, **_WRITE},
)
def organisation_post(request: HttpRequest, payload: OrganisationIn) -> Status:
    """Add an organisation; 409, with the one it would repeat in `extra.id`, when the region
    has one of that name or alias already."""
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise RegistryError(_("Unknown region code %(code)s.") % {"code": payload.region})
    if not request.user.has_perm("registry.change_organisation", Organisation(region=region)):
        raise PermissionDenied(_("You may only add organisations of your regions."))
    created = organisation_create(
        user=request.user,  # type: ignore[arg-type]
        name=payload.name,
        region_code=payload.region,
        kind=payload.kind,
        names=_names(payload.names),
    )
    return Status(201, _detail(_found(created.pk)))


@router.patch(
    "/organisations/{organisation_id}",
    auth=TokenAuth(),
    response={200: OrganisationDetailOut, **_WRITE},
)
def organisation_patch(
    request: HttpRequest, organisation_id: Id, payload: OrganisationPatch
) -> dict[str, Any]:
    """Correct an organisation's name, kind or names per language; the old name stays an
    alias, so the import still finds it."""
    found = _found(organisation_id)
    if not request.user.has_perm("registry.change_organisation", found):
        raise PermissionDenied(_("You may only change organisations of your regions."))
    organisation_update(
        organisation=found,
        user=request.user,  # type: ignore[arg-type]
        name=payload.name if payload.name is not None else found.name,
        kind=payload.kind if payload.kind is not None else found.kind,
        names={**organisation_names(found), **(_names(payload.names) or {})},
    )
    return _detail(_found(organisation_id))


@router.post(
    "/organisations/{organisation_id}/merge",
    auth=TokenAuth(),
    response={200: OrganisationDetailOut, **_WRITE},
)
def organisation_merge_post(
    request: HttpRequest, organisation_id: Id, payload: MergeIn
) -> dict[str, Any]:
    """Merge this organisation into `into` (the secretariat only): its agreements move over,
    its names become aliases, and it stays as a pointer. Returns the one kept."""
    if not request.user.has_perm("registry.merge_organisation"):
        raise PermissionDenied(_("Only the secretariat merges organisations."))
    organisation, into = _found(organisation_id), _found(payload.into)
    organisation_merge(organisation=organisation, into=into, user=request.user)  # type: ignore[arg-type]
    return _detail(_found(into.pk))
