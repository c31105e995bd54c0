from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.money import FORMATS, MoneyError, guess_format, read_rates
from regionforum.registry.rates import rate_table, rates_load


class Command(BaseCommand):
    help = _(
        "Load official exchange rates; over the span of each currency they hold, they replace "
        "the shipped table."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help=_("load a rates file"))
        load.add_argument("file")
        load.add_argument("--format", choices=FORMATS)

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            fmt = options["format"] or guess_format(path)
            # A series in another currency is turned into units per USD with the rates in force.
            rates = read_rates(path, fmt, reference=rate_table())
        except OSError as exc:
            raise CommandError(
                _("%(file)s: cannot read the file: %(reason)s")
                % {"file": path, "reason": exc.strerror or exc},
                returncode=2,
            ) from None
        except MoneyError as exc:
            raise CommandError(f"{path}: {exc.translated(_)}", returncode=2) from None
        if not rates:
            raise CommandError(_("%(file)s holds no rates.") % {"file": path}, returncode=2)
        created, updated, spans = rates_load(rates=rates, file_name=path.name)
        self.stdout.write(
            _("%(file)s: %(count)d rates read, %(created)d added, %(updated)d changed.")
            % {"file": path.name, "count": len(rates), "created": created, "updated": updated}
        )
        for span in spans:
            self.stdout.write(
                _("%(currency)s: these rates alone are used from %(first)s to %(last)s.")
                % {"currency": span.currency, "first": span.first, "last": span.last}
            )
