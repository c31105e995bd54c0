"""Organisations of the registry: anyone may read them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from regionforum.api.pagination import Id, Page, page_of
from regionforum.api.schemas import ErrorOut, NamesOut
from regionforum.registry.models import Organisation, OrganisationKind
from regionforum.registry.naming import organisation_names_data
from regionforum.registry.selectors import organisation_get, organisation_list

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
    return {
        **organisation_data(found),
        "aliases": [alias.name for alias in found.aliases.all()],
        "merged_into": found.merged_into_id,
    }
