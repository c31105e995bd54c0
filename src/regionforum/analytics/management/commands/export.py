from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.analytics.exports import FORMATS, export_write


class Command(BaseCommand):
    help = _("Export every agreement with its parties, amount and source rows.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        parser.add_argument("--out", required=True, metavar="PATH")

    def handle(self, *args, fmt, out, **options):
        path = Path(out)
        try:
            count = export_write(fmt=fmt, path=path)
        except OSError as exc:
            raise CommandError(
                _("%(path)s: cannot write the file: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc},
                returncode=2,
            ) from None
        self.stderr.write(
            _("%(count)d agreements written to %(path)s.") % {"count": count, "path": path}
        )
