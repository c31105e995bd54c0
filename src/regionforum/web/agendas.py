"""Agendas rendered: the page, the printable HTML and its PDF, shared by the views, the
`agenda` command and the bulk build of a forum's agendas."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.template.loader import get_template

if TYPE_CHECKING:
    from django.http import HttpRequest

    from regionforum.forums.agendas import Agenda
    from regionforum.forums.models import Forum


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
    """The agenda laid out for A4 print: a standalone document carrying its stylesheet, or,
    served for a `request`, a page that links to it and to itself in the other languages."""
    from regionforum.web.pdf import stylesheet_text

    css = "" if request is not None else stylesheet_text("agenda_print.css")
    context = {**agenda_context(agenda), "embedded_css": css}
    return get_template("web/agenda_print.html").render(context, request)


def agenda_pdf(agenda: Agenda) -> bytes:
    """The agenda as a PDF for print; raises PdfUnavailable where WeasyPrint cannot run."""
    from regionforum.web.pdf import html_to_pdf

    return html_to_pdf(agenda_print_html(agenda))


@dataclass(frozen=True, slots=True)
class AgendasBuilt:
    """What `forum_agendas_build` made: agendas of participants and tables, and their size."""

    participants: int
    tables: int
    meetings: int
    html_bytes: int
    ics_bytes: int


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "_"


def forum_agendas_build(*, forum: Forum, out: Path | None = None) -> AgendasBuilt:
    """Every agenda of a forum, as a printable page and an .ics: one per participant and one per
    table, from four queries in all. With `out`, they are written there as
    participants/REF.html, participants/REF.ics, tables/N.html and tables/N.ics."""
    from regionforum.forums.agenda_calendar import agenda_ics
    from regionforum.forums.agendas import forum_agendas_get

    everything = forum_agendas_get(forum=forum)
    template = get_template("web/agenda_print.html")
    stamp = datetime.now(UTC)
    html_bytes = ics_bytes = 0
    if out is not None:
        (out / "participants").mkdir(parents=True, exist_ok=True)
        (out / "tables").mkdir(parents=True, exist_ok=True)
    named = [
        *(("participants", agenda.participant.ref, agenda) for agenda in everything.participants),
        *(("tables", str(agenda.table.number), agenda) for agenda in everything.tables),
    ]
    for folder, name, agenda in named:
        html = template.render(agenda_context(agenda)).encode("utf-8")
        ics = agenda_ics(agenda, stamp=stamp)
        html_bytes += len(html)
        ics_bytes += len(ics)
        if out is not None:
            base = out / folder / _safe_name(name)
            base.with_suffix(".html").write_bytes(html)
            base.with_suffix(".ics").write_bytes(ics)
    return AgendasBuilt(
        participants=len(everything.participants),
        tables=len(everything.tables),
        meetings=sum(len(agenda.items) for agenda in everything.tables),
        html_bytes=html_bytes,
        ics_bytes=ics_bytes,
    )
