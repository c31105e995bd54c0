"""Agenda pages: a participant's at their private link (no password), a table's for the
secretariat, and their PDF and iCalendar downloads."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from regionforum.forums.agenda_calendar import agenda_ics
from regionforum.forums.agendas import Agenda, participant_agenda_get, table_agenda_get
from regionforum.forums.models import Participant, Table
from regionforum.web.agendas import agenda_context, agenda_pdf, agenda_print_html
from regionforum.web.pdf import PdfUnavailable
from regionforum.web.report import requested_language


def _participant_by_token(token: str) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("forum", "organisation"), agenda_token=token
    )


def _page(request: HttpRequest, agenda: Agenda, *, pdf_url: str, ics_url: str) -> HttpResponse:
    return render(
        request, "web/agenda.html", agenda_context(agenda, pdf_url=pdf_url, ics_url=ics_url)
    )


def _filename(agenda: Agenda) -> str:
    if agenda.participant is not None:
        return f"agenda-{agenda.forum.number}-{agenda.participant.ref}"
    return f"agenda-{agenda.forum.number}-table-{agenda.table.number if agenda.table else ''}"


def _print(request: HttpRequest, agenda: Agenda) -> HttpResponse:
    """The agenda's PDF, or with `?format=html` its print page."""
    if request.GET.get("format") == "html":
        return HttpResponse(agenda_print_html(agenda, request=request))
    try:
        content = agenda_pdf(agenda)
    except PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(agenda)}.pdf"'
    return response


def _ics(agenda: Agenda) -> HttpResponse:
    response = HttpResponse(agenda_ics(agenda), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(agenda)}.ics"'
    return response


def _private(request: HttpRequest, token: str) -> Agenda:
    return participant_agenda_get(participant=_participant_by_token(token))


def participant_agenda(request: HttpRequest, token: str) -> HttpResponse:
    agenda = _private(request, token)
    response = _page(
        request,
        agenda,
        pdf_url=reverse("web:agenda_pdf", args=[token]),
        ics_url=reverse("web:agenda_ics", args=[token]),
    )
    # The link is the key: keep it out of caches and of the referrers of outgoing links.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def participant_agenda_pdf(request: HttpRequest, token: str) -> HttpResponse:
    with translation.override(requested_language(request)):
        response = _print(request, _private(request, token))
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def participant_agenda_ics(request: HttpRequest, token: str) -> HttpResponse:
    return _ics(_private(request, token))


def _table_view(request: HttpRequest, number: int, table: int, kind: str) -> HttpResponse:
    found = get_object_or_404(
        Table.objects.select_related("forum"), forum__number=number, number=table
    )
    if not request.user.has_perm("forums.view_agenda", found):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    if kind == "pdf":
        with translation.override(requested_language(request)):
            return _print(request, table_agenda_get(table=found))
    agenda = table_agenda_get(table=found)
    if kind == "ics":
        return _ics(agenda)
    if kind != "page":
        raise Http404
    return _page(
        request,
        agenda,
        pdf_url=reverse("web:table_agenda_pdf", args=[number, table]),
        ics_url=reverse("web:table_agenda_ics", args=[number, table]),
    )


def table_agenda(request: HttpRequest, number: int, table: int) -> HttpResponse:
    return _table_view(request, number, table, "page")


def table_agenda_pdf(request: HttpRequest, number: int, table: int) -> HttpResponse:
    return _table_view(request, number, table, "pdf")


def table_agenda_ics(request: HttpRequest, number: int, table: int) -> HttpResponse:
    return _table_view(request, number, table, "ics")
