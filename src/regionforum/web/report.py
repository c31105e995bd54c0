"""The forum report for the organisers: one forum's figures against its target, the history of
the forums, its top partners, sectors and agreements, implementation, the map, and the caveats
of the data, as HTML from a template and as PDF through WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from regionforum.analytics.breakdowns import scope_report_get
from regionforum.analytics.map import region_map
from regionforum.analytics.selectors import Scope, agreement_list_in_scope, figures_get
from regionforum.analytics.text import figures_sentences
from regionforum.forums.models import Forum
from regionforum.registry.sectors import sector_label
from regionforum.web.charts import forum_chart, line_chart
from regionforum.web.pdf import stylesheet_text

LANGUAGES = ("ru", "be", "en")
TOP_AGREEMENTS = 10


def requested_language(request: HttpRequest) -> str:
    """The language a print page is asked for: its `language` parameter, which its language
    links set, or else the reader's."""
    language = request.GET.get("language") or (get_language() or "ru").split("-")[0]
    return language if language in LANGUAGES else "ru"


def report_html(
    *,
    number: int,
    language: str = "ru",
    standalone: bool = True,
    request: HttpRequest | None = None,
) -> str:
    """The report of forum `number` in `language`; raises Forum.DoesNotExist.

    A standalone report (a PDF, a file) carries its stylesheet; a served page links to it, and
    with the `request` it was served for, it has links to itself in the other languages.
    """
    with translation.override(language):
        forum = Forum.objects.get(number=number)
        scope = Scope(forums=(number, number))
        report = scope_report_get(scope=scope)
        history = figures_get(scope=Scope(forums=(1, number)))
        agreements = agreement_list_in_scope(scope=scope)
        top = [
            agreement
            for agreement in agreements.filter(money__usd__isnull=False).order_by(
                "-money__usd", "id"
            )[:TOP_AGREEMENTS]
        ]
        return render_to_string(
            "web/report.html",
            {
                "forum": forum,
                "report": report,
                "figures": report.figures,
                "completeness": report.completeness,
                "sentences": figures_sentences(report.figures),
                "history": history,
                "history_chart": forum_chart(history.by_forum, measure="total_usd"),
                "sector_chart": line_chart(
                    [line for line in report.by_sector if line.key][:10],
                    hrefs=["" for line in report.by_sector if line.key][:10],
                    label=sector_label,
                ),
                "map": region_map(partners=report.figures.partners, width=700),
                "top_partners": {
                    country: regions[:10] for country, regions in report.figures.partners.items()
                },
                "top_agreements": top,
                "made_at": timezone.now(),
                "language": language,
                "embedded_css": stylesheet_text("report.css") if standalone else "",
            },
            request=request,
        )


def report_write(*, number: int, out: Path, language: str = "ru") -> None:
    """Write the report to `out`: PDF for a .pdf name, HTML otherwise."""
    html = report_html(number=number, language=language)
    if out.suffix.lower() == ".pdf":
        from regionforum.web.pdf import html_to_pdf

        out.write_bytes(html_to_pdf(html))
    else:
        out.write_text(html, encoding="utf-8")
