"""`regionforum agenda --forum N --participant REF | --table N --format html|pdf|ics --out FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Agenda of a participant or a table: `agenda --forum N --participant REF | --table N "
        "--format html|pdf|ics --out FILE`; exit 2 for an unknown forum, participant or table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--forum", type=int, required=True, help=_("the forum's number"))
        whose = parser.add_mutually_exclusive_group(required=True)
        whose.add_argument("--participant", metavar="REF", help=_("the participant's reference"))
        whose.add_argument("--table", type=int, metavar="N", help=_("the table's number"))
        parser.add_argument("--format", choices=["html", "pdf", "ics"], required=True)
        parser.add_argument("--out", required=True, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        from regionforum.forums.agenda_calendar import agenda_ics
        from regionforum.forums.agendas import participant_agenda_get, table_agenda_get
        from regionforum.forums.errors import ProgrammeError
        from regionforum.forums.management.importing import forum_of
        from regionforum.forums.selectors import participant_get
        from regionforum.web.agendas import agenda_pdf, agenda_print_html
        from regionforum.web.pdf import PdfUnavailable

        forum = forum_of(options["forum"])
        try:
            if options["participant"] is not None:
                agenda = participant_agenda_get(
                    participant=participant_get(forum=forum, ref=options["participant"])
                )
            else:
                table = forum.tables.filter(number=options["table"]).first()
                if table is None:
                    raise ProgrammeError(
                        _("Forum %(forum)s has no table %(table)s.")
                        % {"forum": forum.number, "table": options["table"]}
                    )
                agenda = table_agenda_get(table=table)
        except ProgrammeError as exc:
            raise CommandError(exc.message, returncode=2) from None

        try:
            if options["format"] == "ics":
                content = agenda_ics(agenda)
            elif options["format"] == "pdf":
                content = agenda_pdf(agenda)
            else:
                content = agenda_print_html(agenda).encode("utf-8")
        except PdfUnavailable as exc:
            raise CommandError(str(exc), returncode=1) from None
        path = Path(options["out"])
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}", returncode=2) from None
        self.stdout.write(_("Agenda written to %(path)s.") % {"path": path})
