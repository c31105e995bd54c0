"""The audit trail: who, when, what and from where, over the API, and reverts."""

import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.registry.imports import import_run
from regionforum.registry.models import Agreement, ImportBatch, Organisation, Party, SourceRecord
from regionforum.registry.reverts import RevertConflict, change_revert
from regionforum.registry.services import agreement_update
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between
from tests.registry.sheets import RU_HEADER, ru_row, write_csv

pytestmark = pytest.mark.django_db


def bearer(role, regions=()):
    user = UserFactory(role=role, regions=list(regions))
    return user, {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


@pytest.fixture
def gomel_deal(db):
    ForumFactory(number=8)
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    return agreement_between(gomel, smolensk, title="Dairy equipment"), gomel


def history(client, agreement, headers):
    return client.get(f"/api/v1/agreements/{agreement.pk}/history", **headers)


def test_history_records_api_patch_with_user_via_and_changes(client, gomel_deal):
    agreement, gomel = gomel_deal
    coordinator, headers = bearer(Role.COORDINATOR, [gomel])

    patched = client.patch(
        f"/api/v1/agreements/{agreement.pk}",
        {"title": "Dairy equipment, second phase", "status": "in progress"},
        content_type="application/json",
        **headers,
    )
    response = history(client, agreement, headers)

    assert patched.status_code == 200
    assert response.status_code == 200
    newest = response.json()[0]
    assert (newest["user"], newest["via"], newest["kind"]) == (coordinator.username, "api", "~")
    assert newest["changes"] == {
        "title": ["Dairy equipment", "Dairy equipment, second phase"],
        "status": ["signed", "in progress"],
    }
    assert newest["change"].startswith("agreement-")
    assert set(newest) >= {"at", "user", "via", "changes"}
    # The factory's creation is the oldest entry, from outside any request: a command.
    assert response.json()[-1]["via"] == "command"


def test_history_is_newest_first_and_names_party_changes(client, gomel_deal):
    agreement, _gomel = gomel_deal
    _user, headers = bearer(Role.SECRETARIAT)
    client.patch(
        f"/api/v1/agreements/{agreement.pk}",
        {
            "parties": [
                {"organisation": "Gomel Dairy", "region": "BY-HO"},
                {"organisation": "Smolensk Works", "region": "RU-SMO"},
            ]
        },
        content_type="application/json",
        **headers,
    )

    entries = history(client, agreement, headers).json()

    times = [entry["at"] for entry in entries]
    assert times == sorted(times, reverse=True)
    added = sorted(
        e["changes"]["party"][1] for e in entries[:4] if e["changes"]["party"][0] is None
    )
    assert added == ["Gomel Dairy (BY-HO)", "Smolensk Works (RU-SMO)"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SECRETARIAT, 200),
        (Role.ANALYST, 200),
        (Role.COORDINATOR, 200),
        (Role.PARTICIPANT, 403),
    ],
)
def test_history_needs_registry_read_rights(client, gomel_deal, role, status):
    agreement, _gomel = gomel_deal
    _user, headers = bearer(
        role, [RegionFactory(code="RU-BRY")] if role == Role.COORDINATOR else []
    )

    assert history(client, agreement, headers).status_code == status


def test_history_without_token_is_401_and_unknown_agreement_404(client, gomel_deal):
    agreement, _gomel = gomel_deal
    _user, headers = bearer(Role.SECRETARIAT)

    assert history(client, agreement, {}).status_code == 401
    assert client.get("/api/v1/agreements/999999/history", **headers).status_code == 404


def test_revert_over_api_restores_fields_and_is_audited(client, gomel_deal):
    agreement, gomel = gomel_deal
    _coordinator, coordinator_headers = bearer(Role.COORDINATOR, [gomel])
    secretary, headers = bearer(Role.SECRETARIAT)
    client.patch(
        f"/api/v1/agreements/{agreement.pk}",
        {"title": "Wrong title"},
        content_type="application/json",
        **coordinator_headers,
    )
    change = history(client, agreement, headers).json()[0]["change"]

    refused = client.post(f"/api/v1/history/{change}/revert", **coordinator_headers)
    response = client.post(f"/api/v1/history/{change}/revert", **headers)

    assert refused.status_code == 403
    assert response.status_code == 200
    assert response.json() == {"reverted": change, "changes": 1}
    agreement.refresh_from_db()
    assert agreement.title == "Dairy equipment"
    newest = history(client, agreement, headers).json()[0]
    assert (newest["user"], newest["via"], newest["changes"]) == (
        secretary.username,
        "api",
        {"title": ["Wrong title", "Dairy equipment"]},
    )
    assert newest["reason"] == f"Reverted change {change}"


def test_revert_refuses_when_a_later_change_touched_the_field(gomel_deal):
    agreement, _gomel = gomel_deal
    agreement_update(agreement=agreement, user=None, fields={"title": "First"})
    first = agreement.history.order_by("-history_id").first()
    agreement_update(agreement=agreement, user=None, fields={"title": "Second"})

    with pytest.raises(RevertConflict, match="A later change touched title"):
        change_revert(ref=f"agreement-{first.history_id}", user=None)
    agreement.refresh_from_db()
    assert agreement.title == "Second"


def test_revert_of_unknown_change_is_400(client, gomel_deal):
    _user, headers = bearer(Role.SECRETARIAT)

    response = client.post("/api/v1/history/agreement-999999/revert", **headers)

    assert response.status_code == 400
    assert response.json()["message"] == "There is no recorded change agreement-999999."


def test_import_history_is_via_import_with_its_batch(tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row(amount="1 000", currency="USD")])
    import_run(path=path, reporter="BY")
    batch = ImportBatch.objects.get()
    agreement = Agreement.objects.get()

    records = [agreement.history.get(), agreement.money.history.get()]
    records += [party.history.get() for party in agreement.parties.all()]

    assert {(r.history_via, r.history_batch_id, r.history_type) for r in records} == {
        ("import", batch.pk, "+")
    }
    assert len(records) == 4


def test_import_revert_over_api_removes_what_it_created_and_can_be_reimported(client, tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1"), ru_row("2", title="Другое")])
    import_run(path=path, reporter="BY")
    batch = ImportBatch.objects.get()
    _user, headers = bearer(Role.SECRETARIAT)
    _coordinator, coordinator_headers = bearer(Role.COORDINATOR, [RegionFactory(code="BY-HO")])

    refused = client.post(f"/api/v1/imports/{batch.pk}/revert", **coordinator_headers)
    response = client.post(f"/api/v1/imports/{batch.pk}/revert", **headers)

    assert refused.status_code == 403
    assert response.status_code == 200
    # Two agreements, four parties and two organisations created; the deletions cascade.
    assert response.json()["reverted"] == f"import-{batch.pk}"
    assert (Agreement.all_objects.count(), Party.objects.count()) == (0, 0)
    assert (Organisation.objects.count(), SourceRecord.all_objects.count()) == (0, 0)
    assert client.post("/api/v1/imports/999999/revert", **headers).status_code == 404
    again = import_run(path=path, reporter="BY")
    assert (again.created, again.unchanged) == (2, 0)


def test_import_revert_puts_a_corrected_agreement_back(tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1", status="подписано")])
    import_run(path=path, reporter="BY")
    write_csv(path, RU_HEADER, [ru_row("1", status="исполнено")])
    import_run(path=path, reporter="BY")
    from regionforum.registry.reverts import import_revert

    second = ImportBatch.objects.order_by("-pk").first()
    assert Agreement.objects.get().status == "fulfilled"

    import_revert(batch=second, user=None)

    assert Agreement.objects.get().status == "signed"
    assert SourceRecord.objects.count() == 1


def test_a_second_revert_of_one_import_is_refused_on_api_web_and_command(client, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1")])
    import_run(path=path, reporter="BY")
    batch = ImportBatch.objects.get()
    user, headers = bearer(Role.SECRETARIAT)
    message = f"Import {batch.pk} (by.csv) was already reverted; there is nothing left to undo."

    first = client.post(f"/api/v1/imports/{batch.pk}/revert", **headers)
    again = client.post(f"/api/v1/imports/{batch.pk}/revert", **headers)
    client.force_login(user)
    page = client.post(f"/audit/imports/{batch.pk}/revert/", follow=True)
    with pytest.raises(CommandError, match="already reverted") as refused:
        call_command("revert", "--import", str(batch.pk), "--as", user.username)

    assert first.status_code == 200
    assert (again.status_code, again.json()["code"], again.json()["message"]) == (
        409,
        "conflict",
        message,
    )
    assert message in page.content.decode()
    assert refused.value.returncode == 1
