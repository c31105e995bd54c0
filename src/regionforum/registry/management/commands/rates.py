from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.money import MoneyError, read_rates
from regionforum.registry.rates import rates_load

FORMATS = ("csv", "cbr-xml", "nbrb-json")


def _guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return "cbr-xml"
    if suffix == ".json":
        return "nbrb-json"
    return "csv"


class Command(BaseCommand):
    help = _("Load official exchange rates; they take precedence over the shipped table.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help=_("load a rates file"))
        load.add_argument("file")
        load.add_argument("--format", choices=FORMATS)

    def handle(self, *args, **options):
        path = Path(options["file"])
        fmt = options["format"] or _guess_format(path)
        try:
            rates = read_rates(path, fmt)
        except OSError as exc:
            raise CommandError(
                _("%(file)s: cannot read the file: %(reason)s")
                % {"file": path, "reason": exc.strerror or exc},
                returncode=2,
            ) from None
        except MoneyError as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from None
        if not rates:
            raise CommandError(_("%(file)s holds no rates.") % {"file": path}, returncode=2)
        created, updated = rates_load(rates=rates)
        self.stdout.write(
            _("%(file)s: %(count)d rates read, %(created)d added, %(updated)d changed.")
            % {"file": path.name, "count": len(rates), "created": created, "updated": updated}
        )
