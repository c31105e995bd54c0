"""The operator a registry command acts for: `--as USER`, recorded in the audit trail."""

from __future__ import annotations

import argparse

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from regionforum.accounts.models import User
from regionforum.accounts.selectors import operator_get
from regionforum.accounts.services import AccountError


def acting_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help=_("the user in whose name the change is recorded (one who may make it)"),
    )


def acting_user(username: str | None, *, permission: str) -> User | None:
    """The `--as` user, or None, when the change is recorded with no user; exit 2 for a user
    who does not exist or may not make the change."""
    if not username:
        return None
    try:
        return operator_get(username=username, permission=permission)
    except AccountError as exc:
        raise CommandError(str(exc), returncode=2) from None
