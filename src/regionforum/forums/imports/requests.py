"""A sheet of meeting requests becomes a forum's requests: read → parse → match → write.

Columns: from, to, priority (must|would), status (requested|accepted|declined), each side by
its participant `ref` (Russian headers too). A pair already asked is brought to the row's status
where the rules allow it, and a file imported twice changes nothing. One rejected row means
nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError, ProgrammeImportFailed
from regionforum.forums.imports.reading import (
    Columns,
    ImportReport,
    SheetSpec,
    is_blank,
    row_cells,
    sheet_read,
    write_whole,
)
from regionforum.forums.imports.rows import MAX_REF, CellError, Choice
from regionforum.forums.models import Priority, RequestStatus
from regionforum.registry.errors import ImportFailed, RowError

if TYPE_CHECKING:
    from regionforum.forums.models import Forum, MeetingRequest, Participant
    from regionforum.registry.imports.reading import Sheet

SPEC = SheetSpec(
    fields={
        "from": "from", "requester": "from", "requested by": "from", "от": "from",
        "от кого": "from", "кто": "from", "инициатор": "from",
        "to": "to", "invitee": "to", "requested of": "to", "кому": "to", "с кем": "to",
        "приглашенный": "to",
        "priority": "priority", "приоритет": "priority", "важность": "priority",
        "status": "status", "статус": "status", "состояние": "status",
    },
    required=("from", "to"),
    labels={"from": '"from" (от кого)', "to": '"to" (кому)'},
)  # fmt: skip

PRIORITY = Choice(
    spellings={
        "must": Priority.MUST, "must meet": Priority.MUST, "обязательно": Priority.MUST,
        "обязательная": Priority.MUST, "высокий": Priority.MUST,
        "would": Priority.WOULD, "would like": Priority.WOULD,
        "would like to meet": Priority.WOULD, "желательно": Priority.WOULD,
        "желательная": Priority.WOULD, "обычный": Priority.WOULD,
    },
    message=_('"%(value)s" is not a priority. Write must (обязательно) or would (желательно).'),
)  # fmt: skip

STATUS = Choice(
    spellings={
        "requested": RequestStatus.REQUESTED, "запрошена": RequestStatus.REQUESTED,
        "запрос": RequestStatus.REQUESTED, "ожидает": RequestStatus.REQUESTED,
        "accepted": RequestStatus.ACCEPTED, "принята": RequestStatus.ACCEPTED,
        "подтверждена": RequestStatus.ACCEPTED, "согласована": RequestStatus.ACCEPTED,
        "declined": RequestStatus.DECLINED, "отклонена": RequestStatus.DECLINED,
        "отказ": RequestStatus.DECLINED,
    },
    message=_(
        '"%(value)s" is not a status. Write requested (запрошена), accepted (принята) or '
        "declined (отклонена)."
    ),
)  # fmt: skip


@dataclass(slots=True)
class RequestRow:
    number: int
    requester: str = ""
    invitee: str = ""
    priority: str = Priority.WOULD
    status: str = RequestStatus.REQUESTED
    errors: list[RowError] = field(default_factory=list)


def requests_import_run(*, path: Path, forum: Forum, file_name: str | None = None) -> ImportReport:
    """Read, check and store one sheet of meeting requests, all or nothing. Raises
    ProgrammeImportFailed for a file that cannot be read at all."""
    from regionforum.forums.models import Participant

    name = file_name or path.name
    report = ImportReport(file=name)
    sheet, columns = sheet_read(path, name=name, spec=SPEC, warnings=report.warnings)
    people = {p.ref: p for p in Participant.objects.filter(forum=forum)}
    rows = _rows_parse(sheet, columns=columns, people=people, report=report)
    return write_whole(
        report,
        partial=False,
        write=lambda: _write(rows, forum=forum, people=people, report=report),
    )


def _rows_parse(
    sheet: Sheet, *, columns: Columns, people: dict[str, Participant], report: ImportReport
) -> list[RequestRow]:
    def error(row: RequestRow, name: str, value: str, message: str) -> None:
        row.errors.append(
            RowError(
                file=report.file,
                row=row.number,
                column=columns.header.get(name, name),
                value=value,
                message=message,
            )
        )

    parsed: list[RequestRow] = []
    seen: dict[frozenset[str], int] = {}
    try:
        for number, cells in sheet.rows:
            if is_blank(cells):
                continue
            report.rows += 1
            raw = row_cells(columns, cells)
            row = RequestRow(number=number)
            for name in ("from", "to"):
                ref = raw[name]
                if not ref:
                    error(row, name, "", _("The cell is empty; this column is required."))
                elif len(ref) > MAX_REF or ref not in people:
                    error(
                        row,
                        name,
                        ref[:60],
                        _("No participant of this forum has the reference %(ref)s.")
                        % {"ref": ref[:60]},
                    )
            row.requester, row.invitee = raw["from"], raw["to"]
            for name, choice in (("priority", PRIORITY), ("status", STATUS)):
                try:
                    value = choice.parse(
                        raw.get(name, ""),
                        default=Priority.WOULD if name == "priority" else RequestStatus.REQUESTED,
                    )
                except CellError as exc:
                    error(row, name, raw[name], exc.message)
                else:
                    setattr(row, name, value)
            if not row.errors:
                pair = frozenset((row.requester, row.invitee))
                if row.requester == row.invitee:
                    error(row, "to", row.invitee, _("A participant cannot meet themselves."))
                elif pair in seen:
                    error(
                        row,
                        "to",
                        row.invitee,
                        _("The pair %(a)s and %(b)s is also on row %(row)s.")
                        % {"a": row.requester, "b": row.invitee, "row": seen[pair]},
                    )
                else:
                    seen[pair] = number
            if row.errors:
                report.rejected += 1
                report.errors.extend(row.errors)
            else:
                parsed.append(row)
    except ImportFailed as exc:
        raise ProgrammeImportFailed(report.file, exc.message) from None
    return parsed


def _write(
    rows: list[RequestRow], *, forum: Forum, people: dict[str, Participant], report: ImportReport
) -> None:
    """Create each request through the services, then bring it to the row's status."""
    from regionforum.forums.models import MeetingRequest

    existing = {
        (r.requester_id, r.invitee_id): r for r in MeetingRequest.objects.filter(forum=forum)
    }
    for row in rows:
        requester, invitee = people[row.requester], people[row.invitee]
        try:
            request = existing.get((requester.pk, invitee.pk))
            if request is None:
                from regionforum.forums.requests import request_create

                request = request_create(
                    requester=requester, invitee=invitee, priority=row.priority
                )
                _reach(request, row.status)
                report.created += 1
            elif request.status == row.status and request.priority == row.priority:
                report.unchanged += 1
            else:
                if request.priority != row.priority:
                    request.priority = row.priority
                    request.save(update_fields=["priority"])
                _reach(request, row.status)
                report.updated += 1
        except ProgrammeError as exc:
            report.errors.append(
                RowError(file=report.file, row=row.number, column="", value="", message=exc.message)
            )
            report.rejected += 1


def _reach(request: MeetingRequest, status: str) -> None:
    from regionforum.forums.requests import request_accept, request_decline

    if status == request.status:
        return
    if status == RequestStatus.ACCEPTED:
        request_accept(request=request, by=None)
    elif status == RequestStatus.DECLINED:
        request_decline(request=request, by=None)
    else:
        raise ProgrammeError(
            _("The request is already %(status)s; a sheet cannot make it pending again.")
            % {"status": request.get_status_display()}
        )
