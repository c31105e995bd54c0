import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from regionforum.gazetteer.selectors import region_resolver


class Command(BaseCommand):
    help = _("Resolve region names (any language or spelling) to ISO 3166-2 codes.")

    def add_arguments(self, parser):
        parser.add_argument("texts", nargs="+", metavar="TEXT")
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, texts, **options):
        matches = region_resolver().resolve_many(texts)
        if options["json"]:
            payload = [
                {
                    "input": match.input,
                    "code": match.code,
                    "name": match.name,
                    "confidence": round(match.confidence, 3),
                }
                for match in matches
            ]
            chosen = payload[0] if len(payload) == 1 else payload
            self.stdout.write(json.dumps(chosen, ensure_ascii=False))
            return
        for match in matches:
            if match.code is None:
                self.stdout.write(_("%(input)s: no known region") % {"input": match.input})
            else:
                self.stdout.write(
                    f"{match.input}: {match.code} {match.name} ({match.confidence:.2f})"
                )
