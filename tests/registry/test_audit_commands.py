"""The operators' commands on the audit trail: `audit` lists what /audit/ lists, `revert` undoes
a change or an import in an operator's name, and `review --as` records who decided."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from regionforum.accounts.models import Role
from regionforum.registry.imports import import_run
from regionforum.registry.models import Agreement, ImportBatch, ReviewItem, ReviewStatus
from regionforum.registry.services import agreement_update
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between
from tests.registry.sheets import RU_HEADER, ru_row, write_csv
from tests.registry.test_commands import run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def corrected():
    """An agreement whose title a coordinator corrected on the web, and that correction."""
    ForumFactory(number=8)
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    agreement = agreement_between(gomel, smolensk, title="Dairy equipment")
    coordinator = UserFactory(username="olga", role=Role.COORDINATOR, regions=[gomel])
    agreement_update(agreement=agreement, user=coordinator, fields={"title": "Dairy, phase 2"})
    change = agreement.history.order_by("-history_id").first()
    return agreement, f"agreement-{change.history_id}"


def _page_refs(client, query):
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    page = client.get(f"/audit/?{query}").content.decode()
    return re.findall(r'<tr data-change="([a-z]+-\d+)">', page)


def test_audit_json_lists_the_same_entries_as_the_page(client, capsys, corrected):
    agreement, ref = corrected

    code, out, err = run(capsys, "audit", "--json")
    filtered = run(capsys, "audit", "--model", "agreement", "--id", str(agreement.pk),
                   "--user", "olga", "--json")  # fmt: skip

    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["more"] is False
    assert [entry["change"] for entry in document["entries"]] == _page_refs(client, "")
    assert filtered[0] == 0
    (entry,) = json.loads(filtered[1])["entries"]
    assert _page_refs(client, f"model=agreement&object={agreement.pk}&user=olga") == [ref]
    assert {key: value for key, value in entry.items() if key != "at"} == {
        "change": ref,
        "record": "agreement",
        "id": agreement.pk,
        "label": "Dairy, phase 2",
        "user": "olga",
        "via": "command",
        "kind": "~",
        "batch": None,
        "reason": "",
        "changes": {"title": ["Dairy equipment", "Dairy, phase 2"]},
    }


def test_audit_filters_by_source_batch_and_dates_and_limits(client, capsys, tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1"), ru_row("2", title="Другое")])
    import_run(path=path, reporter="BY")
    batch = ImportBatch.objects.get()

    _code, out, _err = run(capsys, "audit", "--source", "import", "--batch", str(batch.pk),
                           "--from", "2000-01-01", "--to", "2999-12-31", "--json")  # fmt: skip
    limited = json.loads(run(capsys, "audit", "--limit", "3", "--json")[1])
    future = json.loads(run(capsys, "audit", "--from", "2999-01-01", "--json")[1])
    past = json.loads(run(capsys, "audit", "--to", "2000-01-01", "--json")[1])

    refs = [entry["change"] for entry in json.loads(out)["entries"]]
    assert refs == _page_refs(client, f"via=import&batch={batch.pk}")
    # Two agreements, their four parties, and the two organisations that both name.
    assert len(refs) == 8
    assert [entry["change"] for entry in limited["entries"]] == refs[:3]
    assert limited["more"] is True
    assert future == past == {"entries": [], "more": False}


def test_audit_text_names_each_change_and_its_fields(capsys, corrected):
    _agreement, ref = corrected

    code, out, _err = run(capsys, "audit", "--user", "olga")
    empty = run(capsys, "audit", "--user", "nobody")

    assert code == 0
    (heading, change) = out.splitlines()
    assert heading.startswith(f"{ref}  ")
    assert "  olga  command  agreement " in heading
    assert heading.endswith("«Dairy, phase 2»")
    assert change == "    title: “Dairy equipment” → “Dairy, phase 2”"
    assert empty[:2] == (0, "No changes match these filters.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "31.02.2021"], '"31.02.2021" is not a date; write it as YYYY-MM-DD.'),
        (["--limit", "0"], '"0" is not a whole number of 1 or more.'),
        (["--source", "email"], "invalid choice: 'email'"),
    ],
)
def test_audit_bad_argument_exits_2_with_the_reason(capsys, args, message):
    code, out, err = run(capsys, "audit", *args)

    assert code == 2
    assert message in err
    assert "Traceback" not in out + err


def test_revert_as_operator_restores_and_is_audited(capsys, corrected):
    agreement, ref = corrected
    anna = UserFactory(username="anna", role=Role.SECRETARIAT)

    code, out, err = run(capsys, "revert", ref, "--as", "anna")

    assert (code, out, err) == (0, f"Change {ref} was reverted.\n", "")
    agreement.refresh_from_db()
    assert agreement.title == "Dairy equipment"
    revert = agreement.history.order_by("-history_id").first()
    assert (revert.history_user, revert.history_via, revert.history_change_reason) == (
        anna,
        "command",
        f"Reverted change {ref}",
    )
    newest = json.loads(run(capsys, "audit", "--limit", "1", "--json")[1])["entries"][0]
    assert (newest["change"], newest["user"], newest["via"]) == (
        f"agreement-{revert.history_id}",
        "anna",
        "command",
    )
    assert newest["changes"] == {"title": ["Dairy, phase 2", "Dairy equipment"]}


def test_revert_without_operator_is_recorded_with_no_user(capsys, corrected):
    agreement, ref = corrected

    assert run(capsys, "revert", ref)[0] == 0

    revert = agreement.history.order_by("-history_id").first()
    assert (revert.history_user, revert.history_via) == (None, "command")


def test_revert_refused_by_a_later_change_exits_1_and_changes_nothing(capsys, corrected):
    agreement, ref = corrected
    agreement_update(agreement=agreement, user=None, fields={"title": "Dairy, phase 3"})
    rows = agreement.history.count()

    code, out, err = run(capsys, "revert", ref)

    assert (code, out) == (1, "")
    assert "A later change touched title; revert that one first." in err
    assert "Traceback" not in err
    agreement.refresh_from_db()
    assert (agreement.title, agreement.history.count()) == ("Dairy, phase 3", rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agreement-999999"], "There is no recorded change agreement-999999."),
        (["budget-1"], "There is no recorded change budget-1."),
        (["--import", "999999"], "There is no import 999999."),
        (["{ref}", "--as", "nobody"], "No active user named nobody."),
        (["{ref}", "--as", "olga"], "olga (Regional coordinator) may not do this."),
    ],
)
def test_revert_unknown_change_import_or_operator_exits_2(capsys, corrected, args, message):
    agreement, ref = corrected
    rows = agreement.history.count()

    code, out, err = run(capsys, "revert", *[arg.format(ref=ref) for arg in args])

    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err
    assert agreement.history.count() == rows


def test_revert_import_as_operator_undoes_it_and_is_audited(capsys, tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1"), ru_row("2", title="Другое")])
    import_run(path=path, reporter="BY")
    batch = ImportBatch.objects.get()
    UserFactory(username="anna", role=Role.SECRETARIAT)

    code, out, err = run(capsys, "revert", "--import", str(batch.pk), "--as", "anna")

    assert (code, err) == (0, "")
    assert out == f"Import {batch.pk} (by.csv) was reverted: 8 changes undone.\n"
    assert Agreement.all_objects.count() == 0
    deletions = json.loads(run(capsys, "audit", "--user", "anna", "--json")[1])["entries"]
    assert {(entry["kind"], entry["via"], entry["reason"]) for entry in deletions} == {
        ("-", "command", f"Reverted import {batch.pk} (by.csv)")
    }
    assert {entry["record"] for entry in deletions} == {"agreement", "organisation", "party"}


def test_review_merge_as_operator_records_the_user(capsys):
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    item = ReviewItem.objects.create(agreement=second, candidate=first, score=0.4, evidence="e")
    anna = UserFactory(username="anna", role=Role.SECRETARIAT)

    refused = run(capsys, "review", "merge", str(item.pk), "--as", "nobody")
    code, out, _err = run(capsys, "review", "merge", str(item.pk), "--as", "anna")

    assert (refused[0], refused[1]) == (2, "")
    assert "No active user named nobody." in refused[2]
    assert code == 0
    assert out == f"Review item {item.pk}: Merged.\n"
    item.refresh_from_db()
    assert (item.status, item.decided_by) == (ReviewStatus.MERGED, anna)
    everything = json.loads(run(capsys, "audit", "--limit", "500", "--json")[1])["entries"]
    merge_rows = json.loads(run(capsys, "audit", "--user", "anna", "--json")[1])["entries"]
    # Every row the merge wrote (all of them after the review item's creation) names anna.
    created = next(
        i for i, e in enumerate(everything) if (e["record"], e["kind"]) == ("review", "+")
    )
    assert merge_rows == everything[:created]
    assert {entry["record"] for entry in merge_rows} >= {"agreement", "review", "party"}
    assert {entry["via"] for entry in merge_rows} == {"command"}
    deleted = [e for e in merge_rows if e["record"] == "agreement" and e["kind"] == "-"]
    assert [e["id"] for e in deleted] == [second.pk]


def test_review_merge_organisation_as_operator_records_the_user(capsys):
    gomel = RegionFactory(code="BY-HO")
    first = agreement_between(gomel, RegionFactory(code="RU-SMO"))
    party = first.parties.get(organisation__region=gomel)
    organisation = party.organisation
    second = agreement_between(gomel, RegionFactory(code="RU-KLU"))
    into = second.parties.get(organisation__region=gomel).organisation
    UserFactory(username="anna", role=Role.SECRETARIAT)
    UserFactory(username="ivan", role=Role.ANALYST)

    refused = run(capsys, "review", "merge-organisation", str(organisation.pk), str(into.pk),
                  "--as", "ivan")  # fmt: skip
    code, _out, _err = run(capsys, "review", "merge-organisation", str(organisation.pk),
                           str(into.pk), "--as", "anna")  # fmt: skip

    assert refused[0] == 2
    assert "ivan (Analyst) may not do this." in refused[2]
    assert code == 0
    rows = json.loads(run(capsys, "audit", "--user", "anna", "--json")[1])["entries"]
    assert sorted((entry["record"], entry["id"], entry["via"]) for entry in rows) == [
        ("organisation", organisation.pk, "command"),
        ("party", party.pk, "command"),
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "Импорта 999999 нет."),
        ("be", "Імпарту 999999 няма."),
        ("en", "There is no import 999999."),
    ],
)
def test_revert_message_is_in_the_active_language(language, message):
    with translation.override(language), pytest.raises(CommandError) as error:
        call_command("revert", "--import", "999999")

    assert (str(error.value), error.value.returncode) == (message, 2)
