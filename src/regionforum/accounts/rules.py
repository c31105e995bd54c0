"""Who may do what: the one place where permissions are decided.

Views, the API, templates and commands all ask `user.has_perm(name, obj)`; this backend answers
for the project's own permission names from the user's role and region scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from regionforum.accounts.models import Role, User

Rule = Callable[[User, Any], bool]


def _is_secretariat(user: User, obj: Any = None) -> bool:
    return user.role == Role.SECRETARIAT


def _writes_registry(user: User, obj: Any = None) -> bool:
    return user.role in {Role.SECRETARIAT, Role.COORDINATOR}


def _region_codes(user: User) -> set[str]:
    cached = getattr(user, "_region_codes", None)
    if cached is None:
        cached = set(user.regions.values_list("code", flat=True))
        user._region_codes = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True, slots=True)
class AgreementDraft:
    """An agreement not yet written, as far as permissions care: the regions of its parties."""

    region_codes: frozenset[str]


def agreement_region_codes(agreement: Any) -> set[str]:
    if isinstance(agreement, AgreementDraft):
        return set(agreement.region_codes)
    return {party.organisation.region.code for party in agreement.parties.all()}


def _changes_agreement(user: User, agreement: Any = None) -> bool:
    if user.role == Role.SECRETARIAT:
        return True
    if user.role != Role.COORDINATOR:
        return False
    if agreement is None:
        return True
    return bool(agreement_region_codes(agreement) & _region_codes(user))


def _changes_organisation(user: User, organisation: Any = None) -> bool:
    if user.role == Role.SECRETARIAT:
        return True
    if user.role != Role.COORDINATOR:
        return False
    return organisation is None or organisation.region.code in _region_codes(user)


def _is_staff(user: User, obj: Any = None) -> bool:
    return user.role in {Role.SECRETARIAT, Role.COORDINATOR, Role.ANALYST}


def meeting_sides(meeting: Any) -> tuple[Any, Any]:
    """The two participants of a meeting: who asked for it and who accepted."""
    return meeting.request.requester, meeting.request.invitee


def participant_is_side(participant: Any, meeting: Any) -> bool:
    """Whether the participant (reached by their private link) is one side of the meeting."""
    return participant.pk in {side.pk for side in meeting_sides(meeting)}


def _records_outcome(user: User, meeting: Any = None) -> bool:
    if user.role == Role.SECRETARIAT:
        return True
    if meeting is None:
        return False
    return user.pk in {side.user_id for side in meeting_sides(meeting)}


def _acts_as_participant(user: User, participant: Any = None) -> bool:
    return participant is not None and participant.user_id == user.pk


def _changes_project(user: User, project: Any = None) -> bool:
    """A coordinator changes the strategy projects of their regions (and links agreements to
    them); the secretariat changes every project."""
    if user.role == Role.SECRETARIAT:
        return True
    if user.role != Role.COORDINATOR:
        return False
    if project is None:
        return True
    codes = {region.code for region in project.regions.all()}
    return bool(codes & _region_codes(user))


def _views_agenda(user: User, obj: Any = None) -> bool:
    """The secretariat and analysts read every agenda; a participant reads only their own."""
    if user.role in {Role.SECRETARIAT, Role.ANALYST}:
        return True
    return obj is not None and getattr(obj, "user_id", None) == user.pk


def _reads_registry_internals(user: User, obj: Any = None) -> bool:
    """The trail of changes (with who made them), and agreements not published yet, are for
    the people who keep or study the registry, not for participants or the public."""
    return user.role in {Role.SECRETARIAT, Role.COORDINATOR, Role.ANALYST}


def _views_agreement(user: Any, agreement: Any = None) -> bool:
    """Everyone reads a published agreement. One not published (a draft from a business
    meeting, or withdrawn by a corrected file) only the secretariat, analysts and the
    coordinators of its parties' regions see."""
    if agreement is None or not (agreement.is_draft or agreement.withdrawn):
        return True
    role = getattr(user, "role", None)
    if role in {Role.SECRETARIAT, Role.ANALYST}:
        return True
    return role == Role.COORDINATOR and bool(
        agreement_region_codes(agreement) & _region_codes(user)
    )


RULES: dict[str, Rule] = {
    "registry.view_agreement": _views_agreement,
    "registry.view_history": _reads_registry_internals,
    "registry.view_audit_log": _is_secretariat,
    "registry.revert_change": _is_secretariat,
    "forums.view_agenda": _views_agenda,
    "registry.add_agreement": _writes_registry,
    "registry.change_agreement": _changes_agreement,
    "registry.change_organisation": _changes_organisation,
    "registry.import_file": _writes_registry,
    "registry.review_match": _is_secretariat,
    "registry.merge_organisation": _is_secretariat,
    "registry.load_rates": _is_secretariat,
    "gazetteer.add_region": _is_secretariat,
    "accounts.manage_users": _is_secretariat,
    "registry.confirm_draft": _is_secretariat,
    "forums.view_programme": _is_staff,
    "forums.schedule_programme": _is_secretariat,
    "forums.record_outcome": _records_outcome,
    "forums.act_as_participant": _acts_as_participant,
    "strategy.change_project": _changes_project,
}


# Rules that the anonymous public is asked too; every other rule refuses anyone not signed in.
PUBLIC_RULES = frozenset({"registry.view_agreement"})

# The secretariat administers the project's own models through the Django admin.
SECRETARIAT_ADMIN_APPS = frozenset(
    {"accounts", "gazetteer", "registry", "forums", "strategy", "analytics"}
)


class RoleBackend:
    """An authentication backend that authenticates nobody and answers permissions by rule."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        rule = RULES.get(perm)
        if user.is_anonymous:
            return rule is not None and perm in PUBLIC_RULES and rule(user, obj)
        if not user.is_active:
            return False
        if rule is not None:
            return rule(user, obj)
        return _is_secretariat(user) and perm.split(".", 1)[0] in SECRETARIAT_ADMIN_APPS

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return user.is_active and _is_secretariat(user) and app_label in SECRETARIAT_ADMIN_APPS
