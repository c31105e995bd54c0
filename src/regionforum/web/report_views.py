"""The forum report, downloaded from the forum page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from regionforum.forums.models import Forum
from regionforum.web.pdf import PdfUnavailable, html_to_pdf
from regionforum.web.report import report_html, requested_language


def forum_report(request: HttpRequest, number: int) -> HttpResponse:
    language = requested_language(request)
    as_page = request.GET.get("format") == "html"
    try:
        html = report_html(
            number=number,
            language=language,
            standalone=not as_page,
            request=request if as_page else None,
        )
    except Forum.DoesNotExist:
        raise Http404 from None
    if as_page:
        return HttpResponse(html)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="forum-{number}-{language}.pdf"'
    return response
