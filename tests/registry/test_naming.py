"""Organisation names per language: which one a reader sees, and how the registry fills them."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from regionforum.registry.errors import FieldsRejected
from regionforum.registry.imports import import_run
from regionforum.registry.models import ImportBatch, Organisation
from regionforum.registry.naming import (
    DisplayName,
    organisation_name,
    organisation_names_fill,
)
from regionforum.registry.services import organisation_merge, organisation_update
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.registry.imports.test_pipeline import en_row
from tests.registry.sheets import EN_HEADER, RU_HEADER, ru_row, write_csv

pytestmark = pytest.mark.django_db


def _gomel_committee(**names):
    return OrganisationFactory(
        region=RegionFactory(code="BY-HO"), name="Гомельский облисполком", **names
    )


def test_organisation_name_is_the_one_in_the_language_asked_for():
    organisation = _gomel_committee(
        name_ru="Гомельский облисполком",
        name_be="Гомельскі аблвыканкам",
        name_en="Gomel Regional Executive Committee",
    )
    shown = {code: organisation_name(organisation, language=code) for code in ("ru", "be", "en")}
    assert shown == {
        "ru": DisplayName("Гомельский облисполком", "ru", True, "Гомельский облисполком"),
        "be": DisplayName("Гомельскі аблвыканкам", "be", True, "Гомельский облисполком"),
        "en": DisplayName(
            "Gomel Regional Executive Committee", "en", True, "Гомельский облисполком"
        ),
    }
    with translation.override("be"):
        assert organisation_name(organisation).text == "Гомельскі аблвыканкам"


def test_organisation_name_falls_back_marked_with_the_language_it_is_in():
    organisation = _gomel_committee(name_ru="Гомельский облисполком")
    assert organisation_name(organisation, language="en") == DisplayName(
        "Гомельский облисполком", "ru", False, "Гомельский облисполком"
    )
    # A Belarusian reader gets the Russian name, marked as Russian.
    assert organisation_name(organisation, language="be") == DisplayName(
        "Гомельский облисполком", "ru", False, "Гомельский облисполком"
    )


def test_organisation_name_falls_back_to_the_name_of_record_of_unknown_language():
    organisation = OrganisationFactory(name="Gomselmash", name_en="")
    assert organisation_name(organisation, language="ru") == DisplayName(
        "Gomselmash", "und", False, "Gomselmash"
    )
    assert str(organisation_name(organisation, language="ru")) == "Gomselmash"


def test_import_records_each_organisation_under_the_languages_the_sheets_spell_it(tmp_path):
    import_run(path=write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row()]), reporter="BY")
    created = dict(Organisation.objects.values_list("region__code", "name_en"))
    assert created == {"BY-HO": "", "RU-SMO": ""}
    import_run(path=write_csv(tmp_path / "secretariat.csv", EN_HEADER, [en_row()]), reporter="")

    names = {
        organisation.region.code: (
            organisation.name,
            organisation.name_ru,
            organisation.name_be,
            organisation.name_en,
        )
        for organisation in Organisation.objects.select_related("region")
    }
    assert names == {
        "BY-HO": (
            "Гомельский облисполком",
            "Гомельский облисполком",
            "",
            "Gomel Regional Executive Committee",
        ),
        "RU-SMO": ("ОАО «Гомсельмаш»", "ОАО «Гомсельмаш»", "", "OJSC Gomselmash"),
    }
    committee = Organisation.objects.get(region__code="BY-HO")
    latest = committee.history.latest()
    batch = ImportBatch.objects.get(file_name="secretariat.csv")
    assert (latest.history_type, latest.name_en, latest.history_via, latest.history_batch) == (
        "~",
        "Gomel Regional Executive Committee",
        "import",
        batch,
    )


def test_import_leaves_a_transliteration_without_a_language(tmp_path):
    row = en_row(party_1="Minskij traktornyj zavod", region_1="BY-HM", party_2="Smolensk Agro")
    import_run(path=write_csv(tmp_path / "s.csv", EN_HEADER, [row]), reporter="")
    tractor = Organisation.objects.get(region__code="BY-HM")
    assert (tractor.name_ru, tractor.name_be, tractor.name_en) == ("", "", "")


def test_organisation_names_fill_keeps_names_already_there():
    organisation = _gomel_committee(name_en="Gomel Oblast Executive Committee")
    user = UserFactory(role="secretariat")
    filled = organisation_names_fill(
        seen={
            organisation.pk: [
                "Gomel Regional Executive Committee",
                "Гомельскі аблвыканкам",
            ]
        },
        user=user,
    )
    organisation.refresh_from_db()
    assert filled == 1
    assert (organisation.name_ru, organisation.name_be, organisation.name_en) == (
        "",
        "Гомельскі аблвыканкам",
        "Gomel Oblast Executive Committee",
    )
    assert organisation.history.latest().history_user == user
    # Nothing new: no write, no history row.
    rows = organisation.history.count()
    assert organisation_names_fill(seen={organisation.pk: ["Gomel Regional Council"]}) == 0
    assert organisation.history.count() == rows


def test_organisation_update_sets_and_clears_names_per_language():
    organisation = _gomel_committee(name_en="Gomelskiy oblispolkom")
    user = UserFactory(role="secretariat")
    organisation_update(
        organisation=organisation,
        user=user,
        name=organisation.name,
        kind="government",
        names={"ru": " Гомельский облисполком ", "be": "Гомельскі аблвыканкам", "en": ""},
    )
    organisation.refresh_from_db()
    assert (organisation.name_ru, organisation.name_be, organisation.name_en) == (
        "Гомельский облисполком",
        "Гомельскі аблвыканкам",
        "",
    )
    latest = organisation.history.latest()
    assert (latest.history_user, latest.name_be, latest.name_en) == (
        user,
        "Гомельскі аблвыканкам",
        "",
    )


def test_organisation_update_refuses_bad_names_per_language_and_saves_nothing():
    organisation = _gomel_committee()
    rows = organisation.history.count()
    with pytest.raises(FieldsRejected) as raised:
        organisation_update(
            organisation=organisation,
            user=None,
            name=organisation.name,
            kind="government",
            names={"be": "Гомель\x00", "en": "x" * 6000},
        )
    assert [(error.column, error.value[:7]) for error in raised.value.errors] == [
        ("name_be", "Гомель\x00"),
        ("name_en", "xxxxxxx"),
    ]
    organisation.refresh_from_db()
    assert (organisation.name_be, organisation.name_en, organisation.kind) == ("", "", "other")
    assert organisation.history.count() == rows


def test_organisation_merge_fills_the_names_the_kept_one_lacks():
    region = RegionFactory(code="BY-HO")
    old = OrganisationFactory(region=region, name="Гомсельмаш", name_ru="Гомсельмаш", key="a")
    keep = OrganisationFactory(
        region=region, name="OJSC Gomselmash", name_en="OJSC Gomselmash", key="b"
    )
    organisation_merge(organisation=old, into=keep)
    keep.refresh_from_db()
    assert (keep.name_ru, keep.name_be, keep.name_en) == ("Гомсельмаш", "", "OJSC Gomselmash")


def test_migration_fills_names_from_the_name_and_aliases_held():
    migration = importlib.import_module("regionforum.registry.migrations.0010_organisation_names")
    smolensk = RegionFactory(code="RU-SMO")
    works = OrganisationFactory(region=smolensk, name="Смоленский завод")
    works.aliases.create(name="Smolenskiy zavod", key="x")
    works.aliases.create(name="Smolensk Works JSC", key="y")
    plain = OrganisationFactory(region=smolensk, name="«Смоленскэнерго»")
    minsk = OrganisationFactory(region=RegionFactory(code="BY-HM"), name="«Мінскэнерга»")
    unknown = OrganisationFactory(region=RegionFactory(code="BY-HO"), name="«Гомельэнерго»")

    migration.fill_names(apps, None)

    found = {
        organisation.pk: (organisation.name_ru, organisation.name_be, organisation.name_en)
        for organisation in Organisation.objects.all()
    }
    assert found == {
        works.pk: ("Смоленский завод", "", "Smolensk Works JSC"),
        plain.pk: ("«Смоленскэнерго»", "", ""),
        minsk.pk: ("", "«Мінскэнерга»", ""),
        unknown.pk: ("", "", ""),
    }
