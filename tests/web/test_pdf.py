import re
import zlib

from regionforum.web.pdf import html_to_pdf


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated, so its object dictionaries can be read."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_a_cyrillic_page_becomes_a_pdf_with_an_embedded_cyrillic_font():
    pdf = html_to_pdf(
        "<html><body style=\"font-family: 'DejaVu Sans'\"><h1>Повестка дня</h1></body></html>"
    )

    assert pdf.startswith(b"%PDF-")
    fonts = set(re.findall(rb"/BaseFont\s*/([^\s/<>]+)", _inflated(pdf)))
    assert any(b"DejaVu-Sans" in font for font in fonts), fonts
