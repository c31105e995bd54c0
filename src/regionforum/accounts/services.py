"""Writes for accounts: users, their roles and region scopes, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regionforum.accounts.models import ApiToken, Role, User
from regionforum.gazetteer.models import Region


class AccountError(Exception):
    """An account write was refused; the message says why in plain words."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(
    *, username: str, role: str, password: str, region_codes: Sequence[str] = ()
) -> User:
    if role not in Role.values:
        raise AccountError(
            _("Unknown role %(role)s; choose one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    if User.objects.filter(username=username).exists():
        raise AccountError(_("A user named %(name)s exists already.") % {"name": username})
    codes = [code.strip().upper() for code in region_codes]
    regions = list(Region.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {region.code for region in regions})
    if missing:
        raise AccountError(_("Unknown region code(s): %(codes)s.") % {"codes": ", ".join(missing)})
    if role == Role.COORDINATOR and not regions:
        raise AccountError(_("A coordinator needs at least one --region."))
    if role != Role.COORDINATOR and regions:
        raise AccountError(_("Only a coordinator is given regions."))
    user = User(username=username, role=role, is_staff=role == Role.SECRETARIAT)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    user.regions.set(regions)
    return user


def token_create(*, user: User) -> str:
    """Make a new API token for the user; only its digest is kept, so show it once."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=token_digest(token), prefix=token[:8])
    return token
