import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.registry.audit import Via
from regionforum.registry.history import AUDIT_PAGE, AUDITED, AuditEntry, AuditFilters, audit_list


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _('"%(value)s" is not a date; write it as YYYY-MM-DD.') % {"value": text}
        ) from None


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            _('"%(value)s" is not a whole number of 1 or more.') % {"value": text}
        )
    return int(text)


class Command(BaseCommand):
    help = _(
        "The audit trail, newest first: the changes the /audit/ page lists, with the same "
        "filters. Each entry's reference is what 'regionforum revert' takes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--model", choices=list(AUDITED), help=_("the kind of record"))
        parser.add_argument("--id", type=_count, dest="object_id", help=_("the record's number"))
        parser.add_argument("--user", default="", help=_("the user who made the change"))
        parser.add_argument(
            "--source", choices=Via.values, default="", help=_("where the change was made")
        )
        parser.add_argument("--batch", type=_count, help=_("the import that made the change"))
        parser.add_argument(
            "--from", type=_date, dest="since", metavar="DATE", help=_("changes on or after")
        )
        parser.add_argument(
            "--to", type=_date, dest="until", metavar="DATE", help=_("changes on or before")
        )
        parser.add_argument(
            "--limit",
            type=_count,
            default=AUDIT_PAGE,
            help=_("list at most this many entries (default: %(default)s)"),
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("print the entries as JSON")
        )

    def handle(self, *args, limit, as_json, **options):
        filters = AuditFilters(
            model=options["model"] or "",
            object_id=options["object_id"],
            user=options["user"].strip(),
            via=options["source"],
            batch=options["batch"],
            since=options["since"],
            until=options["until"],
        )
        entries, more = audit_list(filters=filters, per_page=limit)
        if as_json:
            document = {"entries": [_as_json(entry) for entry in entries], "more": more}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        if not entries:
            self.stdout.write(_("No changes match these filters."))
        for entry in entries:
            self.stdout.write(_as_text(entry))
        if more:
            self.stdout.write(
                _("There are older entries: narrow the filters or raise --limit (%(limit)s).")
                % {"limit": limit}
            )


def _as_json(entry: AuditEntry) -> dict[str, object]:
    return {
        "change": entry.ref,
        "record": entry.model,
        "id": entry.object_id,
        "label": entry.label,
        "at": entry.at.isoformat(),
        "user": entry.user or None,
        "via": entry.via,
        "kind": entry.kind,
        "batch": entry.batch_id,
        "reason": entry.reason,
        "changes": {name: list(change) for name, change in entry.changes.items()},
    }


def _as_text(entry: AuditEntry) -> str:
    when = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
    source = entry.via_label
    if entry.batch_id:
        source += " " + _("import %(id)s") % {"id": entry.batch_id}
    what = {"+": _("Created"), "-": _("Deleted")}.get(entry.kind, "")
    heading = "  ".join(
        part
        for part in (
            entry.ref,
            when,
            entry.user or _("system"),
            source,
            f"{entry.model_label} {entry.object_id} «{entry.label}»",
            what,
            entry.reason,
        )
        if part
    )
    lines = [heading]
    for name, (old, new) in entry.changes.items():
        values = {"field": name, "old": _shown(old), "new": _shown(new)}
        lines.append("    " + _("%(field)s: “%(old)s” → “%(new)s”") % values)
    return "\n".join(lines)


def _shown(value: object) -> str:
    return "—" if value is None else str(value)
