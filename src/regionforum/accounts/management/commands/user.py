import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.accounts.models import Role
from regionforum.accounts.services import AccountError, user_create


class Command(BaseCommand):
    help = _("Manage users.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help=_("create a user"))
        add.add_argument("name")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE",
            help=_("for a coordinator: a region whose records they may change (repeatable)"),
        )

    def handle(self, *args, **options):
        password = os.environ.get("REGIONFORUM_PASSWORD")
        if password is None:
            try:
                password = getpass.getpass(_("Password: "))
            except EOFError:
                raise CommandError(
                    _("No password: type it at the prompt or set REGIONFORUM_PASSWORD."),
                    returncode=2,
                ) from None
        try:
            user = user_create(
                username=options["name"],
                role=options["role"],
                password=password,
                region_codes=options["region"],
            )
        except AccountError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(
            _("Created %(name)s (%(role)s).") % {"name": user.username, "role": user.role}
        )
