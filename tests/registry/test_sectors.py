from decimal import Decimal

import pytest
from django.utils import translation

from regionforum.registry.sectors import SECTORS, sector_code, sector_label
from tests.registry.imports.test_rows import parser
from tests.registry.sheets import RU_HEADER, ru_row


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Машиностроение", "machinery"),
        ("пищевая", "food"),
        ("Machine building", "machinery"),
        ("Лёгкая промышленность", "textiles"),
        ("АПК", "agriculture"),
        ("science", "science"),
        ("information technology", "it"),
        ("healthcare", "medicine"),
        ("космос", ""),
        ("пищевая химия", ""),
    ],
)
def test_sector_code_reads_the_sheets_words(text, code):
    assert sector_code(text) == code


@pytest.mark.parametrize(
    ("language", "machinery", "food"),
    [
        ("en", "Machine building", "Food industry"),
        ("ru", "Машиностроение", "Пищевая промышленность"),
        ("be", "Машынабудаванне", "Харчовая прамысловасць"),
    ],
)
def test_sector_label_is_in_the_language_and_unknown_text_stays(language, machinery, food):
    with translation.override(language):
        assert (sector_label("machinery"), sector_label("пищевая")) == (machinery, food)
        assert sector_label("космос") == "космос"


def test_every_sector_has_a_label_of_its_own():
    with translation.override("be"):
        labels = [str(label) for label in SECTORS.values()]
    assert len(set(labels)) == len(SECTORS)


def test_import_stores_the_vocabulary_code_and_keeps_unknown_text():
    sheet = parser(header=[*RU_HEADER, "отрасль"])

    known = sheet.parse(2, [*ru_row(), "Машиностроение"])
    unknown = sheet.parse(3, [*ru_row(ref="2"), "космос"])

    assert (known.errors, known.sector) == ([], "machinery")
    assert (unknown.errors, unknown.sector) == ([], "космос")


@pytest.mark.django_db
def test_pages_show_the_sector_in_the_language_and_filter_by_any_of_its_names(client):
    from tests.web.factories import agreement_between, region_minsk, region_smolensk

    agreement = agreement_between(
        region_minsk(), region_smolensk(), usd=Decimal("100.00"), sector="machinery"
    )
    agreement_between(region_minsk(), region_smolensk(), usd=Decimal("50.00"), sector="food")
    client.cookies["django_language"] = "be"

    detail = client.get(f"/agreements/{agreement.pk}/").content.decode()
    sectors = client.get("/sectors/?sector=машиностроение").content.decode()

    assert "<dd>Машынабудаванне</dd>" in detail
    assert "<h1>Галіна: Машынабудаванне</h1>" in sectors
    assert 'data-figure="agreements">1</a>' in sectors
