"""Reads for accounts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from regionforum.accounts.models import User
from regionforum.accounts.services import AccountError


def operator_get(*, username: str, permission: str) -> User:
    """The active user in whose name a command acts (`--as`); they must hold `permission`, so
    that the audit trail never credits a change to someone who could not have made it."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise AccountError(_("No active user named %(name)s.") % {"name": username})
    if not user.has_perm(permission):
        raise AccountError(
            _("%(name)s (%(role)s) may not do this.")
            % {"name": username, "role": user.get_role_display()}
        )
    return user
