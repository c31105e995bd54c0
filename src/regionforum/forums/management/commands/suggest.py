"""`regionforum suggest --forum N --participant REF [--limit K] [--json]`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: %(text)s") % {"text": text}
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


class Command(BaseCommand):
    help = _(
        "The participants of a forum best worth meeting for one of them, best first, with the "
        "reason of each; exit 2 when the forum or the participant is unknown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--forum", type=int, required=True, help=_("the forum's number"))
        parser.add_argument(
            "--participant", required=True, metavar="REF", help=_("the participant's reference")
        )
        parser.add_argument(
            "--limit", type=_positive, default=10, metavar="K", help=_("at most K suggestions")
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("print the result as JSON")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from regionforum.forums.errors import ProgrammeError
        from regionforum.forums.management.importing import forum_of
        from regionforum.forums.selectors import participant_get
        from regionforum.forums.suggestions import suggestions_for
        from regionforum.registry.naming import organisation_name

        forum = forum_of(options["forum"])
        try:
            participant = participant_get(forum=forum, ref=options["participant"])
        except ProgrammeError as exc:
            raise CommandError(exc.message, returncode=2) from None
        suggestions = suggestions_for(participant=participant, limit=options["limit"])
        if options["as_json"]:
            result = {
                "participant": participant.ref,
                "suggestions": [
                    {
                        "participant": suggestion.participant.ref,
                        "score": suggestion.score,
                        "why": suggestion.why,
                        "name": suggestion.participant.name,
                        "organisation": suggestion.participant.organisation.name,
                        "reciprocal": suggestion.reciprocal,
                    }
                    for suggestion in suggestions
                ],
            }
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("Suggestions for %(ref)s (%(name)s, %(organisation)s):")
            % {
                "ref": participant.ref,
                "name": participant.name,
                "organisation": organisation_name(participant.organisation),
            }
        )
        if not suggestions:
            self.stdout.write(
                _("  none: no other participant's offers meet these needs, or the other way round.")
            )
        for rank, suggestion in enumerate(suggestions, start=1):
            other = suggestion.participant
            self.stdout.write(
                f"{rank:>3}. {other.ref}  {other.name}, {organisation_name(other.organisation)}  "
                + _("score %(score).2f") % {"score": suggestion.score}
            )
            for reason in suggestion.reasons[:3]:
                self.stdout.write(f"       {reason}")
