"""The permission model over HTTP: every role × object × action, on the pages and the API.

Each cell names what the role gets: `ok` (done, or shown), `denied` (403), `login` (a sign-in
redirect on a page, 401 on the API) or `hidden` (404: the object is not shown to that role).
A write cell also checks that the write happened exactly when it was allowed.
"""

from dataclasses import dataclass

import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.registry.models import Agreement, ImportBatch, Organisation
from regionforum.registry.services import agreement_row_values, agreement_update
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between
from tests.forums.factories import ParticipantFactory, meeting_between

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "analyst", "coordinator", "secretariat"]


@dataclass
class World:
    own: Agreement  # a party in Gomel, the coordinator's region
    other: Agreement  # parties in Minsk and Bryansk only
    draft: Agreement  # not published: a draft with a party in Gomel
    own_organisation: Organisation
    other_organisation: Organisation
    own_participant_ref: str  # the participant user's own entry in the programme
    other_participant_ref: str
    change: str  # a recorded change of `own`, as reverts name it
    batch: ImportBatch


@pytest.fixture
def world(db):
    ForumFactory(number=8)
    gomel, smolensk, minsk, bryansk = (
        RegionFactory(code=code, name_be=f"Рэгіён {code}")
        for code in ("BY-HO", "RU-SMO", "BY-MI", "RU-BRY")
    )
    own = agreement_between(gomel, smolensk, title="Gomel dairy")
    other = agreement_between(minsk, bryansk, title="Minsk buses")
    draft = agreement_between(gomel, smolensk, title="Gomel draft", is_draft=True)
    agreement_update(agreement=own, user=None, fields={"status": "in progress"})
    participant_user = UserFactory(username="participant", role=Role.PARTICIPANT)
    mine = ParticipantFactory(user=participant_user)
    someone, two, three = (ParticipantFactory() for _ in range(3))
    meeting_between(mine, someone)
    meeting_between(two, three)
    for role in ROLES[2:]:
        UserFactory(username=role, role=role, regions=[gomel] if role == "coordinator" else [])
    return World(
        own=own,
        other=other,
        draft=draft,
        own_organisation=own.parties.get(organisation__region=gomel).organisation,
        other_organisation=other.parties.first().organisation,
        own_participant_ref=mine.ref,
        other_participant_ref=two.ref,
        change=f"agreement-{own.history.order_by('-history_id').first().history_id}",
        batch=ImportBatch.objects.create(file_name="empty.csv", sha256="0" * 64),
    )


def _as(client, role):
    if role == "anonymous":
        return {}
    from regionforum.accounts.models import User

    user = User.objects.get(username=role)
    client.force_login(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def _web(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return {200: "ok", 302: "ok", 403: "denied", 404: "hidden"}[response.status_code]


def _api(response):
    return {200: "ok", 202: "ok", 401: "login", 403: "denied", 404: "hidden"}[response.status_code]


def _edit_body(agreement, title):
    values = agreement_row_values(agreement)
    return {name: values.get(name, "") for name in _EDIT_FIELDS} | {"title": title}


_EDIT_FIELDS = ("kind", "title", "signed_on", "status", "forum", "sector", "amount", "currency")


def view_web(client, world, name, headers):
    return _web(client.get(f"/agreements/{getattr(world, name).pk}/")), None


def view_api(client, world, name, headers):
    return _api(client.get(f"/api/v1/agreements/{getattr(world, name).pk}", **headers)), None


def edit_web(client, world, name, headers):
    agreement = getattr(world, name)
    response = client.post(f"/agreements/{agreement.pk}/edit/", _edit_body(agreement, "New"))
    return _web(response), Agreement.all_objects.get(pk=agreement.pk).title == "New"


def edit_api(client, world, name, headers):
    agreement = getattr(world, name)
    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}",
        {"title": "New"},
        content_type="application/json",
        **headers,
    )
    return _api(response), Agreement.all_objects.get(pk=agreement.pk).title == "New"


def history_api(client, world, name, headers):
    return _api(client.get(f"/api/v1/agreements/{world.own.pk}/history", **headers)), None


def edit_organisation_web(client, world, name, headers):
    organisation = getattr(world, name)
    response = client.post(
        f"/organisations/{organisation.pk}/edit/", {"name": "Renamed", "kind": "enterprise"}
    )
    return _web(response), Organisation.objects.get(pk=organisation.pk).name == "Renamed"


def view_meeting_api(client, world, name, headers):
    ref = getattr(world, name)
    return _api(client.get(f"/api/v1/forums/8/participants/{ref}/agenda", **headers)), None


def view_audit_web(client, world, name, headers):
    return _web(client.get("/audit/?via=command")), None


def revert_web(client, world, name, headers):
    response = client.post(f"/audit/{world.change}/revert/")
    return _web(response), Agreement.objects.get(pk=world.own.pk).status == "signed"


def revert_api(client, world, name, headers):
    response = client.post(f"/api/v1/history/{world.change}/revert", **headers)
    return _api(response), Agreement.objects.get(pk=world.own.pk).status == "signed"


def import_web(client, world, name, headers):
    return _web(client.get("/imports/")), None


def revert_import_web(client, world, name, headers):
    response = client.post(f"/audit/imports/{world.batch.pk}/revert/")
    world.batch.refresh_from_db()
    return _web(response), world.batch.stats.get("reverted", False)


def revert_import_api(client, world, name, headers):
    response = client.post(f"/api/v1/imports/{world.batch.pk}/revert", **headers)
    world.batch.refresh_from_db()
    return _api(response), world.batch.stats.get("reverted", False)


def schedule_api(client, world, name, headers):
    from regionforum.forums.models import ScheduleRun

    response = client.post(
        "/api/v1/forums/8/schedule-runs",
        {"time_limit": 5},
        content_type="application/json",
        **headers,
    )
    return _api(response), ScheduleRun.objects.exists()


def edit_organisation_api(client, world, name, headers):
    organisation = getattr(world, name)
    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        {"name": "Renamed"},
        content_type="application/json",
        **headers,
    )
    return _api(response), Organisation.objects.get(pk=organisation.pk).name == "Renamed"


def merge_organisation_api(client, world, name, headers):
    organisation = world.own_organisation
    double = Organisation.objects.create(name="Double", key="double", region=organisation.region)
    response = client.post(
        f"/api/v1/organisations/{double.pk}/merge",
        {"into": organisation.pk},
        content_type="application/json",
        **headers,
    )
    double.refresh_from_db()
    return _api(response), double.merged_into_id == organisation.pk


A, D, L, H = "ok", "denied", "login", "hidden"
#                                      anonymous participant analyst coordinator secretariat
TABLE = {
    ("view", "web", "own"): (view_web, (A, A, A, A, A)),
    ("view", "web", "other"): (view_web, (A, A, A, A, A)),
    ("view", "web", "draft"): (view_web, (H, H, A, A, A)),
    ("view", "api", "own"): (view_api, (A, A, A, A, A)),
    ("view", "api", "other"): (view_api, (A, A, A, A, A)),
    ("view", "api", "draft"): (view_api, (H, H, A, A, A)),
    ("edit", "web", "own"): (edit_web, (L, D, D, A, A)),
    ("edit", "web", "other"): (edit_web, (L, D, D, D, A)),
    ("edit", "web", "draft"): (edit_web, (L, D, D, A, A)),
    ("edit", "api", "own"): (edit_api, (L, D, D, A, A)),
    ("edit", "api", "other"): (edit_api, (L, D, D, D, A)),
    ("edit", "api", "draft"): (edit_api, (L, H, D, A, A)),
    ("edit", "web", "own_organisation"): (edit_organisation_web, (L, D, D, A, A)),
    ("edit", "web", "other_organisation"): (edit_organisation_web, (L, D, D, D, A)),
    ("edit", "api", "own_organisation"): (edit_organisation_api, (L, D, D, A, A)),
    ("edit", "api", "other_organisation"): (edit_organisation_api, (L, D, D, D, A)),
    ("merge", "api", "own_organisation"): (merge_organisation_api, (L, D, D, D, A)),
    ("view", "api", "own_participant_ref"): (view_meeting_api, (L, A, A, D, A)),
    ("view", "api", "other_participant_ref"): (view_meeting_api, (L, D, A, D, A)),
    ("view", "api", "history"): (history_api, (L, D, A, A, A)),
    ("view", "web", "audit log"): (view_audit_web, (L, D, D, D, A)),
    ("revert", "web", "change"): (revert_web, (L, D, D, D, A)),
    ("revert", "api", "change"): (revert_api, (L, D, D, D, A)),
    ("import", "web", "upload"): (import_web, (L, D, D, A, A)),
    ("revert", "web", "import"): (revert_import_web, (L, D, D, D, A)),
    ("revert", "api", "import"): (revert_import_api, (L, D, D, D, A)),
    ("schedule", "api", "run"): (schedule_api, (L, D, D, D, A)),
}

CELLS = [
    pytest.param(
        action, surface, name, role, expected[index], id=f"{action}-{surface}-{name}-{role}"
    )
    for (action, surface, name), (_call, expected) in TABLE.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("action", "surface", "name", "role", "expected"), CELLS)
def test_permission_cell(client, world, action, surface, name, role, expected):
    call, _expected = TABLE[(action, surface, name)]
    headers = _as(client, role)

    outcome, written = call(client, world, name, headers)

    assert outcome == expected
    if written is not None:
        assert written is (expected == "ok")
