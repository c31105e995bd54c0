import json
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils.translation import gettext as _

from regionforum.analytics.claims import Claim, Scope, parse_claims, verdict
from regionforum.analytics.selectors import Figures, figures_get
from regionforum.analytics.selectors import Scope as FiguresScope
from regionforum.registry.models import Agreement


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
            latest = Agreement.objects.aggregate(latest=Max("forum__number"))["latest"]
            at_forum = (latest or 0) + 1
        if at_forum < 1:
            raise CommandError(_("--forum takes a forum number from 1"), returncode=2)
        cache: dict[Scope | None, Figures] = {}

        def figures(scope: Scope | None) -> Figures:
            if scope not in cache:
                cache[scope] = figures_get(scope=_figures_scope(scope))
            return cache[scope]

        results = []
        for claim in parse_claims(options["text"], at_forum=at_forum):
            actual = _actual(claim, figures)
            results.append(
                {
                    "text": claim.text,
                    "measure": claim.measure,
                    "stated": _plain(claim.stated),
                    "qualifier": claim.qualifier,
                    "scope": claim.scope.as_json() if claim.scope else None,
                    "actual": _plain(actual),
                    "verdict": verdict(
                        qualifier=claim.qualifier, stated=claim.stated, actual=actual
                    ),
                }
            )
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


def _figures_scope(scope: Scope | None) -> FiguresScope:
    """The registry's scope for a claim's: its forums, or the dates of its calendar year."""
    if scope is None:
        return FiguresScope()
    if scope.year is not None:
        return FiguresScope(date_from=date(scope.year, 1, 1), date_to=date(scope.year, 12, 31))
    if scope.first is None or scope.last is None:
        return FiguresScope()
    return FiguresScope(forums=(scope.first, scope.last))


def _actual(claim: Claim, figures) -> Decimal:
    scoped = figures(claim.scope)
    if claim.measure == "agreements":
        return Decimal(scoped.agreements)
    if claim.measure == "total_usd":
        return scoped.total_usd
    if claim.measure == "partner_regions":
        return Decimal(scoped.partner_regions.get(claim.country or "RU", 0))
    if not scoped.total_usd:
        return Decimal(0)
    if claim.share_of is not None:
        part = figures(claim.share_of).total_usd
    elif scoped.by_forum:
        part = scoped.by_forum[-1].total_usd
    else:
        part = Decimal(0)
    return (part / scoped.total_usd).quantize(Decimal("0.0001"))


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
