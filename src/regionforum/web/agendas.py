"""Agendas rendered: the page, the printable HTML and its PDF, shared by the views, the
`agenda` command and the bulk build of a forum's agendas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.loader import get_template

if TYPE_CHECKING:
    from django.http import HttpRequest

    from regionforum.forums.agendas import Agenda


def agenda_context(agenda: Agenda, **extra: Any) -> dict[str, Any]:
    forum = agenda.forum
    return {
        "agenda": agenda,
        "forum": forum,
        "days": _days(agenda),
        "zone_name": forum.time_zone,
        **extra,
    }


def _days(agenda: Agenda) -> list[tuple[Any, list[Any]]]:
    """The scheduled items grouped by local day, in order."""
    days: list[tuple[Any, list[Any]]] = []
    for item in agenda.items:
        on = item.starts_at.date()
        if not days or days[-1][0] != on:
            days.append((on, []))
        days[-1][1].append(item)
    return days


def agenda_print_html(agenda: Agenda, *, request: HttpRequest | None = None) -> str:
    """A standalone HTML document of the agenda, laid out for A4 print."""
    return get_template("web/agenda_print.html").render(agenda_context(agenda), request)


def agenda_pdf(agenda: Agenda) -> bytes:
    """The agenda as a PDF for print; raises PdfUnavailable where WeasyPrint cannot run."""
    from regionforum.web.pdf import html_to_pdf

    return html_to_pdf(agenda_print_html(agenda))
