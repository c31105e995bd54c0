from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.accounts.models import User
from regionforum.accounts.services import token_create


class Command(BaseCommand):
    help = _("Print a new API token for a user.")

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["name"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(
                _("No active user named %(name)s.") % {"name": options["name"]}, returncode=2
            ) from None
        self.stdout.write(token_create(user=user))
