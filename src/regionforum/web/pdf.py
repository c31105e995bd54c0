"""HTML to PDF, for the agendas and the forum report.

WeasyPrint lays out the same templates the pages use, with a print stylesheet, and embeds the
fonts it finds through fontconfig. The README's install command brings Pango and DejaVu (which
has Cyrillic); WeasyPrint is imported only when a PDF is asked for, so the rest of the platform
runs on a machine without Pango.
"""

from __future__ import annotations


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document; raises PdfUnavailable when it cannot be made here."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            "PDF needs WeasyPrint and Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            f"fonts-dejavu-core ({error})"
        ) from error
    return HTML(string=html, base_url=base_url).write_pdf()


def stylesheet_text(name: str) -> str:
    """The text of one of our static stylesheets, for a document that stands alone (a PDF, an
    HTML file written by a command): served pages link to it instead, so that the
    Content-Security-Policy allows no inline style."""
    from pathlib import Path

    return (Path(__file__).parent / "static" / "web" / name).read_text(encoding="utf-8")
