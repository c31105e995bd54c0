"""`regionforum programme schedule --forum N [--time-limit S] [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

# A run that ends with one of these placed nothing it can stand behind: it is not published.
UNPUBLISHABLE = ("infeasible", "unknown")


class Command(BaseCommand):
    help = _(
        "A forum's business programme. `schedule` fits the accepted meetings into slots and "
        "tables, as the programme page's Schedule button does, and publishes the agendas; exit 0 "
        "when a schedule is published, 1 when none can be (the reason is printed), 2 when the "
        "arguments are wrong or the forum is unknown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        schedule = actions.add_parser(
            "schedule", help=_("schedule the accepted meetings and publish the agendas")
        )
        schedule.add_argument("--forum", type=int, required=True, help=_("the forum's number"))
        schedule.add_argument(
            "--time-limit",
            type=float,
            default=60.0,
            metavar="S",
            help=_("seconds the scheduler may search (1 to 600; default 60)"),
        )
        schedule.add_argument(
            "--json", action="store_true", dest="as_json", help=_("print the result as JSON")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from regionforum.forums.errors import ProgrammeError
        from regionforum.forums.management.importing import forum_of
        from regionforum.forums.models import RunStatus
        from regionforum.forums.programme import programme_publish
        from regionforum.forums.schedule_runs import schedule_run_create, schedule_run_execute

        forum = forum_of(options["forum"])
        try:
            start = schedule_run_create(forum=forum, user=None, time_limit=options["time_limit"])
        except ProgrammeError as exc:
            raise CommandError(exc.message, returncode=2) from None
        if not start.created:
            raise CommandError(
                _("Forum %(forum)s already has a schedule run under way (run %(run)s).")
                % {"forum": forum.number, "run": start.run.pk},
                returncode=1,
            )
        try:
            run = schedule_run_execute(run_id=start.run.pk)
        except Exception:
            # The run is marked failed with a message for people; the log has the details.
            start.run.refresh_from_db()
            run = start.run
        if run.status != RunStatus.DONE:
            raise CommandError(run.error, returncode=1)
        published = run.result["status"] not in UNPUBLISHABLE
        if published:
            programme_publish(run=run)
        if options["as_json"]:
            self.stdout.write(json.dumps(run.result, ensure_ascii=False, indent=2))
        else:
            self._describe(forum.number, run.result, published=published)
        if not published:
            raise CommandError(_("No schedule was found, so nothing was published."), returncode=1)

    def _describe(self, forum: int, result: dict[str, Any], *, published: bool) -> None:
        self.stdout.write(
            _(
                "Forum %(forum)s: %(scheduled)s of %(meetings)s accepted meetings scheduled "
                "(%(status)s) in %(seconds)s s."
            )
            % {
                "forum": forum,
                "scheduled": result["scheduled"],
                "meetings": result["meetings"],
                "status": result["status"],
                "seconds": result["seconds"],
            }
        )
        if result["breaks"] is not None:
            self.stdout.write(
                _("Breaks: %(breaks)s; the lower bound is %(bound)s.")
                % {"breaks": result["breaks"], "bound": result["bound"]}
            )
        for left in result["unscheduled"]:
            self.stdout.write(
                _("Not scheduled: %(from)s ↔ %(to)s: %(reason)s.")
                % {"from": left["from"], "to": left["to"], "reason": left["reason"]}
            )
        if published:
            self.stdout.write(_("The schedule is published: every participant has an agenda."))
