from datetime import date
from decimal import Decimal

import pytest

from regionforum.accounts.models import Role
from regionforum.analytics.selectors import figures_get
from regionforum.forums.errors import ProgrammeError
from regionforum.forums.outcomes import attendance_record, draft_confirm, outcome_record
from regionforum.money import Money as Amount
from regionforum.registry.models import Agreement, SourceRecord
from tests.factories import ForumFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.forums.factories import ParticipantFactory, programme, scheduled_meeting

pytestmark = pytest.mark.django_db


def _meeting():
    forum = ForumFactory(number=8)
    programme(forum)
    minsk = OrganisationFactory(name="МТЗ", region=RegionFactory(code="BY-MI"))
    smolensk = OrganisationFactory(name="Смоленский льнокомбинат", region=RegionFactory())
    first = ParticipantFactory(forum=forum, organisation=minsk, sectors=["machinery", "textiles"])
    second = ParticipantFactory(forum=forum, organisation=smolensk, sectors=["textiles"])
    return scheduled_meeting(forum, requester=first, invitee=second)


def test_outcome_record_deal_creates_a_draft_agreement_with_its_provenance():
    meeting = _meeting()
    first, second = meeting.request.requester, meeting.request.invitee

    meeting = outcome_record(meeting=meeting, by=second, outcome="deal", note="Flax deliveries")

    draft = Agreement.all_objects.get(pk=meeting.agreement_id)
    assert draft.is_draft is True
    assert [party.organisation for party in draft.parties.order_by("order")] == [
        first.organisation,
        second.organisation,
    ]
    assert draft.forum.number == 8
    assert draft.sector == "textiles"
    assert draft.signed_on == date(2021, 6, 29)
    assert draft.title == ("Deal of the business meeting of МТЗ and Смоленский льнокомбинат")
    assert draft.notes == f"business programme, meeting {meeting.pk}\nFlax deliveries"
    source = SourceRecord.objects.get(agreement=draft)
    assert (source.file_name, source.row, source.ref) == (
        "business programme",
        meeting.pk,
        f"business programme, meeting {meeting.pk}",
    )
    assert (meeting.outcome, meeting.attendance, meeting.outcome_by) == ("deal", "held", second)
    assert not Agreement.objects.filter(pk=draft.pk).exists()


def test_draft_counts_in_the_figures_only_once_confirmed():
    meeting = outcome_record(
        meeting=_meeting(), by=UserFactory(role=Role.SECRETARIAT), outcome="deal"
    )
    before = figures_get()
    assert (before.agreements, before.total_usd) == (0, Decimal("0.00"))

    draft_confirm(
        agreement=meeting.agreement,
        user=UserFactory(role=Role.SECRETARIAT),
        kind="contract",
        signed_on=date(2021, 6, 30),
        amount=Amount(value=Decimal("250000"), currency="USD"),
    )

    after = figures_get()
    assert (after.agreements, after.total_usd) == (1, Decimal("250000.00"))
    confirmed = Agreement.objects.get(pk=meeting.agreement_id)
    assert (confirmed.kind, confirmed.signed_on, confirmed.is_draft) == (
        "contract",
        date(2021, 6, 30),
        False,
    )


def test_draft_confirm_refuses_anyone_but_the_secretariat_and_a_second_time():
    meeting = _meeting()
    meeting = outcome_record(meeting=meeting, by=meeting.request.requester, outcome="deal")
    with pytest.raises(ProgrammeError):
        draft_confirm(
            agreement=meeting.agreement,
            user=UserFactory(role=Role.COORDINATOR),
            kind="contract",
            signed_on=date(2021, 6, 30),
        )
    secretariat = UserFactory(role=Role.SECRETARIAT)
    draft_confirm(
        agreement=meeting.agreement, user=secretariat, kind="contract", signed_on=date(2021, 6, 30)
    )
    with pytest.raises(ProgrammeError) as error:
        draft_confirm(
            agreement=Agreement.objects.get(pk=meeting.agreement_id),
            user=secretariat,
            kind="contract",
            signed_on=date(2021, 6, 30),
        )
    assert error.value.message == "This agreement is not a draft; it has been confirmed already."


def test_outcome_record_refuses_someone_outside_the_meeting():
    meeting = _meeting()
    outsider = ParticipantFactory(forum=meeting.forum)
    with pytest.raises(ProgrammeError) as error:
        outcome_record(meeting=meeting, by=outsider, outcome="follow-up")
    assert error.value.message == "Only the two sides of a meeting can record what came of it."
    with pytest.raises(ProgrammeError):
        outcome_record(meeting=meeting, by=UserFactory(role=Role.ANALYST), outcome="follow-up")


def test_outcome_record_by_the_user_of_a_side_names_that_side():
    meeting = _meeting()
    user = UserFactory(role=Role.PARTICIPANT)
    invitee = meeting.request.invitee
    invitee.user = user
    invitee.save()

    meeting = outcome_record(meeting=meeting, by=user, outcome="follow-up", note=" call in July ")

    assert (meeting.outcome, meeting.outcome_note, meeting.outcome_by) == (
        "follow-up",
        "call in July",
        invitee,
    )
    assert meeting.agreement is None


def test_outcome_record_changed_from_a_deal_discards_the_draft_but_not_a_confirmed_one():
    meeting = _meeting()
    side = meeting.request.requester
    meeting = outcome_record(meeting=meeting, by=side, outcome="deal")
    draft_id = meeting.agreement_id

    meeting = outcome_record(meeting=meeting, by=side, outcome="no interest")

    assert meeting.agreement is None
    assert not Agreement.all_objects.filter(pk=draft_id).exists()
    assert not SourceRecord.all_objects.filter(agreement_id=draft_id).exists()

    meeting = outcome_record(meeting=meeting, by=side, outcome="deal")
    draft_confirm(
        agreement=meeting.agreement,
        user=UserFactory(role=Role.SECRETARIAT),
        kind="memorandum",
        signed_on=date(2021, 6, 29),
    )
    with pytest.raises(ProgrammeError):
        outcome_record(meeting=meeting, by=side, outcome="no interest")
    assert Agreement.objects.filter(pk=meeting.agreement_id).count() == 1


def test_outcome_record_refuses_a_meeting_not_held_or_not_scheduled():
    meeting = _meeting()
    side = meeting.request.invitee
    attendance_record(meeting=meeting, by=side, attendance="no-show")
    with pytest.raises(ProgrammeError) as error:
        outcome_record(meeting=meeting, by=side, outcome="deal")
    assert error.value.message == "This meeting was recorded as not held."

    meeting.slot = None
    meeting.attendance = "expected"
    meeting.save()
    with pytest.raises(ProgrammeError) as error:
        outcome_record(meeting=meeting, by=side, outcome="deal")
    assert error.value.message == "This meeting has not been scheduled."
    assert Agreement.all_objects.count() == 0


def test_attendance_record_sets_held_and_no_show_and_refuses_unknown_values():
    meeting = _meeting()
    side = meeting.request.requester

    assert attendance_record(meeting=meeting, by=side, attendance="held").attendance == "held"
    assert attendance_record(meeting=meeting, by=side, attendance="no-show").attendance == "no-show"
    with pytest.raises(ProgrammeError):
        attendance_record(meeting=meeting, by=side, attendance="late")


def test_outcome_record_refuses_a_deal_within_one_organisation():
    forum = ForumFactory(number=8)
    programme(forum)
    organisation = OrganisationFactory()
    meeting = scheduled_meeting(
        forum,
        requester=ParticipantFactory(forum=forum, organisation=organisation),
        invitee=ParticipantFactory(forum=forum, organisation=organisation),
    )
    with pytest.raises(ProgrammeError) as error:
        outcome_record(meeting=meeting, by=meeting.request.requester, outcome="deal")
    assert error.value.message == "The same organisation is named twice among the parties."
