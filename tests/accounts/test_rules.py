import pytest
from django.contrib.auth.models import AnonymousUser

from regionforum.accounts.models import Role
from tests.factories import RegionFactory, UserFactory, agreement_between

# Truth table: role × (agreement with a party in the user's region, agreement without).
CHANGE_AGREEMENT = [
    (Role.SECRETARIAT, True, True),
    (Role.COORDINATOR, True, False),
    (Role.PARTICIPANT, False, False),
    (Role.ANALYST, False, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "own_region", "other_region"), CHANGE_AGREEMENT)
def test_change_agreement_by_role_and_region(role, own_region, other_region):
    gomel = RegionFactory(code="BY-HO")
    smolensk = RegionFactory(code="RU-SMO")
    bryansk = RegionFactory(code="RU-BRY")
    minsk = RegionFactory(code="BY-HM")
    user = UserFactory(role=role, regions=[smolensk] if role == Role.COORDINATOR else [])
    ours = agreement_between(gomel, smolensk)
    theirs = agreement_between(minsk, bryansk)

    assert user.has_perm("registry.change_agreement", ours) is own_region
    assert user.has_perm("registry.change_agreement", theirs) is other_region


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.SECRETARIAT, {"import_file", "review_match", "merge_organisation", "add_region"}),
        (Role.COORDINATOR, {"import_file"}),
        (Role.PARTICIPANT, set()),
        (Role.ANALYST, set()),
    ],
)
def test_registry_permissions_by_role(role, expected):
    user = UserFactory(role=role)
    names = {
        "import_file": "registry.import_file",
        "review_match": "registry.review_match",
        "merge_organisation": "registry.merge_organisation",
        "add_region": "gazetteer.add_region",
    }

    granted = {short for short, perm in names.items() if user.has_perm(perm)}

    assert granted == expected


@pytest.mark.django_db
def test_inactive_secretariat_has_no_permission():
    user = UserFactory(role=Role.SECRETARIAT, is_active=False)

    assert user.has_perm("registry.import_file") is False


def test_anonymous_user_has_no_permission():
    assert AnonymousUser().has_perm("registry.import_file") is False


# Truth table: role × (a meeting where the user is one side, a meeting of others).
RECORD_OUTCOME = [
    (Role.SECRETARIAT, True, True),
    (Role.COORDINATOR, True, False),
    (Role.PARTICIPANT, True, False),
    (Role.ANALYST, True, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "own_meeting", "others_meeting"), RECORD_OUTCOME)
def test_record_outcome_by_role_and_side(role, own_meeting, others_meeting):
    from tests.forums.factories import ParticipantFactory, meeting_between

    user = UserFactory(role=role)
    mine = meeting_between(ParticipantFactory(user=user), ParticipantFactory())
    theirs = meeting_between(ParticipantFactory(), ParticipantFactory())

    assert user.has_perm("forums.record_outcome", mine) is own_meeting
    assert user.has_perm("forums.record_outcome", theirs) is others_meeting
    assert user.has_perm("forums.act_as_participant", mine.request.requester) is True
    assert user.has_perm("forums.act_as_participant", theirs.request.requester) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "view", "schedule", "confirm"),
    [
        (Role.SECRETARIAT, True, True, True),
        (Role.COORDINATOR, True, False, False),
        (Role.ANALYST, True, False, False),
        (Role.PARTICIPANT, False, False, False),
    ],
)
def test_programme_permissions_by_role(role, view, schedule, confirm):
    user = UserFactory(role=role)
    assert user.has_perm("forums.view_programme") is view
    assert user.has_perm("forums.schedule_programme") is schedule
    assert user.has_perm("registry.confirm_draft") is confirm
    assert AnonymousUser().has_perm("forums.view_programme") is False
