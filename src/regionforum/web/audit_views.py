"""Corrections and the audit trail: coordinators correct their regions' records, the
secretariat reads every change and reverts one, or a whole import."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regionforum.registry.errors import FieldsRejected, RegistryError
from regionforum.registry.history import audit_list
from regionforum.registry.models import Agreement, ImportBatch, Organisation
from regionforum.registry.naming import organisation_names
from regionforum.registry.reverts import change_revert, import_revert
from regionforum.registry.services import (
    agreement_correct,
    agreement_row_values,
    organisation_update,
)
from regionforum.web.forms import (
    AUDITED_LABELS,
    AgreementCorrectionForm,
    AuditFilterForm,
    OrganisationCorrectionForm,
)


def _require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _reporter(request: HttpRequest) -> str:
    """Whose "руб." a coordinator means: their region's country, when all their regions share
    one."""
    countries = {code[:2] for code in request.user.regions.values_list("code", flat=True)}
    return countries.pop() if len(countries) == 1 else ""


@login_required
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.all_objects.select_related("forum", "money").prefetch_related(
            "parties__organisation__region"
        ),
        pk=agreement_id,
    )
    _require(request, "registry.change_agreement", agreement)
    initial = agreement_row_values(agreement)
    form = AgreementCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_correct(
                agreement=agreement,
                user=request.user,
                values=form.cleaned_data,
                reporter=_reporter(request),
            )
        except FieldsRejected as exc:
            for error in exc.errors:
                field = error.column if error.column in form.fields else None
                form.add_error(field, error.message)
        except RegistryError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("web:agreement_detail", agreement_id=agreement.pk)
    return render(request, "web/agreement_edit.html", {"agreement": agreement, "form": form})


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("region"), pk=organisation_id
    )
    _require(request, "registry.change_organisation", organisation)
    form = OrganisationCorrectionForm(
        request.POST or None,
        initial={
            "name": organisation.name,
            "kind": organisation.kind,
            **{f"name_{code}": text for code, text in organisation_names(organisation).items()},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(
                organisation=organisation,
                user=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                names=form.names(),
            )
        except FieldsRejected as exc:
            for error in exc.errors:
                form.add_error(error.column, error.message)
        except RegistryError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("web:organisation_edit", organisation_id=organisation.pk)
    return render(
        request, "web/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require(request, "registry.view_audit_log")
    form = AuditFilterForm(request.GET)
    form.is_valid()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    entries, more = audit_list(filters=form.filters(), page=page)
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "web/audit.html",
        {
            "form": form,
            "entries": entries,
            "labels": AUDITED_LABELS,
            "page": page,
            "previous_query": urlencode({**query, "page": page - 1}) if page > 1 else "",
            "next_query": urlencode({**query, "page": page + 1}) if more else "",
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("web:audit_log")


@login_required
@require_POST
def change_revert_view(request: HttpRequest, change: str) -> HttpResponse:
    _require(request, "registry.revert_change")
    try:
        change_revert(ref=change, user=request.user)
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Change %(ref)s was reverted.") % {"ref": change})
    return _back(request)


@login_required
@require_POST
def import_revert_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    _require(request, "registry.revert_change")
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    try:
        undone = import_revert(batch=batch, user=request.user)
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Import %(id)s (%(file)s) was reverted: %(count)s changes undone.")
            % {"id": batch.pk, "file": batch.file_name, "count": undone},
        )
    return _back(request)
