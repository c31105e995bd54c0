import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.analytics.scopes import ScopeError, scope_parse
from regionforum.analytics.selectors import figures_get
from regionforum.analytics.text import figures_sentences
from regionforum.registry.models import AgreementKind, OrganisationKind


class Command(BaseCommand):
    help = _("The forum's headline figures, computed from the registry.")

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--forum", type=int, metavar="N", help=_("one forum, by number"))
        scope.add_argument("--forums", metavar="A-B", help=_("a range of forums, e.g. 1-8"))
        parser.add_argument("--from", dest="date_from", metavar="DATE")
        parser.add_argument("--to", dest="date_to", metavar="DATE")
        parser.add_argument(
            "--region", metavar="CODE", help=_("agreements with a party in this region or country")
        )
        parser.add_argument(
            "--pair", metavar="A,B", help=_("agreements with a party in each of two regions")
        )
        parser.add_argument("--sector", metavar="S", help=_("one sector, as the sheets name it"))
        parser.add_argument("--kind", metavar="K", help=", ".join(AgreementKind.values))
        parser.add_argument("--party-type", metavar="T", help=", ".join(OrganisationKind.values))
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options):
        try:
            scope = scope_parse(
                forum=options["forum"],
                forums=options["forums"] or "",
                date_from=options["date_from"] or "",
                date_to=options["date_to"] or "",
                region=options["region"] or "",
                pair=options["pair"] or "",
                sector=options["sector"] or "",
                kind=options["kind"] or "",
                party_type=options["party_type"] or "",
            )
        except ScopeError as exc:
            raise CommandError(exc.message, returncode=2) from None
        figures = figures_get(scope=scope)
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(figures_sentences(figures)))
