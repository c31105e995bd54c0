import json
import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.analytics.selectors import figures_get
from regionforum.analytics.text import figures_sentences


def _forum_range(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", text)
    if not match or int(match[1]) > int(match[2]) or int(match[1]) < 1:
        raise CommandError(
            _("--forums takes a range such as 1-8; got %(value)r") % {"value": text}, returncode=2
        )
    return int(match[1]), int(match[2])


def _date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(flag)s takes a date as YYYY-MM-DD; got %(value)r") % {"flag": flag, "value": text},
            returncode=2,
        ) from None


class Command(BaseCommand):
    help = _("The forum's headline figures, computed from the registry.")

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--forum", type=int, metavar="N", help=_("one forum, by number"))
        scope.add_argument("--forums", metavar="A-B", help=_("a range of forums, e.g. 1-8"))
        parser.add_argument("--from", dest="date_from", metavar="DATE")
        parser.add_argument("--to", dest="date_to", metavar="DATE")
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options):
        forums = None
        if options["forum"] is not None:
            if options["forum"] < 1:
                raise CommandError(_("--forum takes a forum number from 1"), returncode=2)
            forums = (options["forum"], options["forum"])
        elif options["forums"]:
            forums = _forum_range(options["forums"])
        figures = figures_get(
            forums=forums,
            date_from=_date(options["date_from"], "--from") if options["date_from"] else None,
            date_to=_date(options["date_to"], "--to") if options["date_to"] else None,
        )
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(figures_sentences(figures)))
