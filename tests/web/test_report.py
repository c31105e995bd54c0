"""The forum report renders in each language, and its PDF's figures are those of `figures`."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from regionforum.analytics.selectors import Scope, figures_get
from tests.web.factories import ForumFactory, agreement_between, region_minsk, region_smolensk

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    forum = ForumFactory(
        number=8,
        year=2021,
        announced_agreements=4,
        announced_value=Decimal("10000"),
        announced_currency="USD",
        source="news.by 2022-05-24",
    )
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement_between(minsk, smolensk, usd=Decimal("1234.00"), forum=forum, sector="Industry")
    agreement_between(minsk, smolensk, usd=Decimal("766.00"), forum=forum, status="fulfilled")
    return forum


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Headline figures"), ("ru", "Основные показатели"), ("be", "Асноўныя паказчыкі")],
)
def test_report_html_renders_in_each_language(forum, tmp_path, language, words):
    out = tmp_path / "report.html"

    call_command("report", "--forum", "8", "--out", str(out), "--language", language)

    html = out.read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in html
    assert words in html
    assert 'data-figure="agreements">2</dd>' in html
    assert "news.by 2022-05-24" in html


def test_report_pdf_figures_match_figures(forum, tmp_path):
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "report.pdf"

    call_command("report", "--forum", "8", "--out", str(out), "--language", "en")

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    figures = figures_get(scope=Scope(forums=(8, 8)))
    assert figures.total_usd == Decimal("2000.00")
    assert "$2,000" in text
    assert "of 4 announced (50%)" in text
    assert "Smolensk Oblast" in text


def test_report_for_an_unknown_forum_exits_2(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("report", "--forum", "99", "--out", str(tmp_path / "r.html"))

    assert error.value.returncode == 2


def test_forum_page_offers_the_report_for_download(client, forum):
    response = client.get("/forums/8/report/?format=html&language=en")

    assert response.status_code == 200
    assert b"The largest agreements" in response.content
