import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.analytics.claims_check import claim_list, claims_at_forum_default


class Command(BaseCommand):
    help = _("Check the figures stated in a text against the registry.")

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument(
            "--forum",
            type=int,
            metavar="N",
            help=_(
                "the forum at which the statement was made (default: the one after the "
                "latest forum in the registry)"
            ),
        )
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options):
        at_forum = options["forum"]
        if at_forum is None:
            at_forum = claims_at_forum_default()
        if at_forum < 1:
            raise CommandError(_("--forum takes a forum number from 1"), returncode=2)
        results = [
            result.as_json() for result in claim_list(text=options["text"], at_forum=at_forum)
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"claims": results}, ensure_ascii=False, indent=2))
            return
        if not results:
            self.stdout.write(_("No figures found in the text."))
        for row in results:
            self.stdout.write(
                _("%(verdict)s: %(measure)s %(qualifier)s %(stated)s; the registry has %(actual)s.")
                % row
            )
