import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.gazetteer.selectors import region_resolver


class Command(BaseCommand):
    help = _("Resolve region names (any language or spelling) to ISO 3166-2 codes.")

    def add_arguments(self, parser):
        parser.add_argument("texts", nargs="+", metavar="TEXT")
        parser.add_argument(
            "--country",
            metavar="BY|RU",
            help=_("the reporter's country: a slip is read as a region of this country only"),
        )
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, texts, country, **options):
        if country is not None:
            country = country.strip().upper()
            if country not in {"BY", "RU"}:
                raise CommandError(
                    _('--country: "%(value)s" is not BY or RU.') % {"value": country}, returncode=2
                )
        resolver = region_resolver()
        matches = resolver.resolve_many(texts, country=country)
        if options["json"]:
            payload = [
                {
                    "input": match.input,
                    "code": match.code,
                    "name": match.name,
                    "confidence": round(match.confidence, 3),
                    "correction": (
                        {"written": match.correction[0], "read": match.correction[1]}
                        if match.correction
                        else None
                    ),
                    "candidates": [
                        {"code": code, "name": resolver.name(code)} for code in match.candidates
                    ],
                }
                for match in matches
            ]
            chosen = payload[0] if len(payload) == 1 else payload
            self.stdout.write(json.dumps(chosen, ensure_ascii=False))
            return
        for match in matches:
            if match.code is None and match.candidates:
                nearest = ", ".join(f"{code} {resolver.name(code)}" for code in match.candidates)
                self.stdout.write(
                    _("%(input)s: no region; too unsure to guess, the nearest are: %(nearest)s")
                    % {"input": match.input, "nearest": nearest}
                )
            elif match.code is None:
                self.stdout.write(_("%(input)s: no known region") % {"input": match.input})
            elif match.correction is not None:
                self.stdout.write(
                    _(
                        '%(input)s: %(code)s %(name)s (%(confidence).2f), read "%(written)s" as '
                        '"%(read)s"'
                    )
                    % {
                        "input": match.input,
                        "code": match.code,
                        "name": match.name,
                        "confidence": match.confidence,
                        "written": match.correction[0],
                        "read": match.correction[1],
                    }
                )
            else:
                self.stdout.write(
                    f"{match.input}: {match.code} {match.name} ({match.confidence:.2f})"
                )
