"""Reads of the audit trail: who changed what, when and from where, across the registry.

Each audited model keeps its history (simple_history) with its source (`audit.py`). An entry
is one history row with its changes against the row before it, field by field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q, QuerySet

from regionforum.registry.audit import Via
from regionforum.registry.models import Agreement, Money, Organisation, Party, ReviewItem

AUDITED: dict[str, type[Model]] = {
    "agreement": Agreement,
    "organisation": Organisation,
    "party": Party,
    "money": Money,
    "review": ReviewItem,
}
# Bookkeeping that changes with every save and says nothing about the record.
UNTRACKED = frozenset({"id", "created_at", "updated_at", "key"})
AUDIT_PAGE = 50


def tracked_fields(model: type[Model]) -> list[str]:
    """The attnames of a model's fields that the audit trail compares and a revert restores."""
    return [f.attname for f in model._meta.concrete_fields if f.name not in UNTRACKED]


@dataclass(frozen=True, slots=True)
class AuditFilters:
    model: str = ""
    object_id: int | None = None
    user: str = ""
    via: str = ""
    batch: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(slots=True)
class AuditEntry:
    model: str
    record_id: int
    object_id: int
    at: datetime
    user: str
    via: str
    kind: str
    batch_id: int | None
    reason: str
    label: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def via_label(self) -> str:
        return str(Via(self.via).label) if self.via in Via.values else self.via

    @property
    def model_label(self) -> str:
        return str(AUDITED[self.model]._meta.verbose_name)

    @property
    def ref(self) -> str:
        """How a revert names this change: the model and the history row's id."""
        return f"{self.model}-{self.record_id}"


def _history(model: type[Model]) -> Any:
    return model.history.model  # type: ignore[attr-defined]


def _records(model_name: str, filters: AuditFilters) -> QuerySet[Any]:
    records = _history(AUDITED[model_name]).objects.select_related("history_user")
    if filters.object_id is not None:
        if model_name in {"party", "money"}:
            records = records.filter(agreement_id=filters.object_id)
        else:
            records = records.filter(id=filters.object_id)
    if filters.user:
        records = records.filter(history_user__username=filters.user)
    if filters.via:
        records = records.filter(history_via=filters.via)
    if filters.batch is not None:
        records = records.filter(history_batch_id=filters.batch)
    if filters.since is not None:
        records = records.filter(history_date__date__gte=filters.since)
    if filters.until is not None:
        records = records.filter(history_date__date__lte=filters.until)
    return records.order_by("-history_date", "-history_id")


def _previous(model_name: str, records: list[Any]) -> dict[int, Any]:
    """For each history row, the row of the same object just before it: one query."""
    if not records:
        return {}
    history = _history(AUDITED[model_name])
    latest = max(record.history_date for record in records)
    earlier = history.objects.filter(
        Q(id__in={record.id for record in records}), history_date__lte=latest
    ).order_by("id", "history_date", "history_id")
    by_object: dict[int, list[Any]] = defaultdict(list)
    for row in earlier:
        by_object[row.id].append(row)
    previous: dict[int, Any] = {}
    for rows in by_object.values():
        for before, after in zip([None, *rows], rows, strict=False):
            previous[after.history_id] = before
    return previous


def _value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _entry(model_name: str, record: Any, before: Any) -> AuditEntry:
    names = tracked_fields(AUDITED[model_name])
    changes: dict[str, tuple[Any, Any]] = {}
    for name in names:
        old = getattr(before, name) if before is not None and record.history_type != "+" else None
        new = getattr(record, name) if record.history_type != "-" else None
        if record.history_type == "-":
            old = getattr(record, name)
        if old != new:
            changes[name.removesuffix("_id") if name.endswith("_id") else name] = (
                _value(old),
                _value(new),
            )
    return AuditEntry(
        model=model_name,
        record_id=record.history_id,
        object_id=record.id,
        at=record.history_date,
        user=record.history_user.get_username() if record.history_user else "",
        via=record.history_via,
        kind=record.history_type,
        batch_id=record.history_batch_id,
        reason=record.history_change_reason or "",
        label=_label(model_name, record),
        changes=changes,
    )


def _label(model_name: str, record: Any) -> str:
    if model_name == "agreement":
        return str(record.title)
    if model_name == "organisation":
        return str(record.name)
    if model_name == "review":
        return f"{record.agreement_id} ~ {record.candidate_id}"
    return str(record.agreement_id)


def audit_list(
    *, filters: AuditFilters, page: int = 1, per_page: int = AUDIT_PAGE
) -> tuple[list[AuditEntry], bool]:
    """One page of the audit trail, newest first, and whether there is a next page."""
    wanted = page * per_page + 1
    models = [filters.model] if filters.model in AUDITED else list(AUDITED)
    entries: list[AuditEntry] = []
    for name in models:
        records = list(_records(name, filters)[:wanted])
        previous = _previous(name, records)
        entries.extend(_entry(name, record, previous.get(record.history_id)) for record in records)
    entries.sort(key=lambda entry: (entry.at, entry.record_id), reverse=True)
    start = (page - 1) * per_page
    return entries[start : start + per_page], len(entries) > start + per_page


def agreement_history(*, agreement_id: int) -> list[AuditEntry]:
    """An agreement's trail, newest first: its own fields, its amount and its parties."""
    filters = AuditFilters(object_id=agreement_id)
    entries: list[AuditEntry] = []
    for name in ("agreement", "money", "party"):
        records = list(_records(name, filters))
        previous = _previous(name, records)
        entries.extend(_entry(name, record, previous.get(record.history_id)) for record in records)
    entries.sort(key=lambda entry: (entry.at, entry.record_id), reverse=True)
    return entries
