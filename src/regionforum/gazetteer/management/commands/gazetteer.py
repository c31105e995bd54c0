from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.gazetteer.services import GazetteerError, gazetteer_load, region_add


class Command(BaseCommand):
    help = _("Load the shipped gazetteer, or add a region outside the ISO list.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help=_("create or refresh the BY and RU regions"))
        add = sub.add_parser("add-region", help=_("add a region under its own code"))
        add.add_argument("code")
        add.add_argument("--country", required=True)
        add.add_argument("--name-en", required=True)
        add.add_argument("--name-ru", required=True)
        add.add_argument("--name-be", default="")
        add.add_argument("--source", default="")

    def handle(self, *args, action: str, **options):
        if action == "load":
            created, updated = gazetteer_load()
            self.stdout.write(
                _("Gazetteer: %(created)d regions added, %(updated)d updated.")
                % {"created": created, "updated": updated}
            )
            return
        try:
            region = region_add(
                code=options["code"],
                country=options["country"],
                name_en=options["name_en"],
                name_ru=options["name_ru"],
                name_be=options["name_be"],
                source=options["source"],
            )
        except GazetteerError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(_("Added %(region)s.") % {"region": region})
