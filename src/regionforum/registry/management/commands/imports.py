from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from regionforum.registry.imports.uploads import upload_purge


class Command(BaseCommand):
    help = _("Housekeeping of the files uploaded for import on the web.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser(
            "purge",
            help=_(
                "delete the stored files of uploads older than DAYS days (default: "
                "REGIONFORUM_UPLOAD_RETENTION_DAYS); the import jobs and what they imported stay"
            ),
        )
        purge.add_argument("--older-than", type=int, metavar="DAYS", dest="days")

    def handle(self, *args, action, days, **options):
        if days is None:
            days = settings.UPLOAD_RETENTION_DAYS
        if days < 0:
            self.stderr.write(_("--older-than must be 0 or more days."))
            raise SystemExit(2)
        deleted = upload_purge(older_than=timedelta(days=days))
        self.stdout.write(
            _("Deleted %(count)s uploaded files older than %(days)s days.")
            % {"count": deleted, "days": days}
        )
