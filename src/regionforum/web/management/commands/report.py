from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.forums.models import Forum
from regionforum.web.pdf import PdfUnavailable
from regionforum.web.report import LANGUAGES, report_write


class Command(BaseCommand):
    help = _("Write a forum's report for the organisers, as PDF or HTML.")

    def add_arguments(self, parser):
        parser.add_argument("--forum", type=int, required=True, metavar="N")
        parser.add_argument("--out", required=True, metavar="FILE.pdf|FILE.html")
        parser.add_argument("--language", choices=LANGUAGES, default="ru")

    def handle(self, *args, **options):
        out = Path(options["out"])
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise CommandError(_("--out takes a .pdf or .html file name"), returncode=2)
        try:
            report_write(number=options["forum"], out=out, language=options["language"])
        except Forum.DoesNotExist:
            raise CommandError(
                _("There is no forum %(number)s.") % {"number": options["forum"]}, returncode=2
            ) from None
        except PdfUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Report written to %(path)s.") % {"path": out})
