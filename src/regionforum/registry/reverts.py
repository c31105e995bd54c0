"""Undo: revert one recorded change, or every change of one import. The revert is a change of
its own, recorded with who made it and from where, so it can be reverted in turn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from regionforum.registry.errors import RegistryError
from regionforum.registry.history import AUDITED, tracked_fields
from regionforum.registry.models import ImportBatch, SourceRecord

if TYPE_CHECKING:
    from regionforum.accounts.models import User


_DEPENDANTS_FIRST = ("review", "money", "party", "agreement", "organisation")


class RevertConflict(RegistryError):
    """The change cannot be undone as it stands: something later depends on it."""


def change_get(*, ref: str) -> tuple[str, Any]:
    """The history row a revert names as `model-id` (as the audit trail shows it)."""
    model_name, _sep, number = ref.partition("-")
    if model_name not in AUDITED or not number.isdigit():
        raise RegistryError(_("There is no recorded change %(ref)s.") % {"ref": ref})
    history = AUDITED[model_name].history.model  # type: ignore[attr-defined]
    record = history.objects.filter(history_id=int(number)).first()
    if record is None:
        raise RegistryError(_("There is no recorded change %(ref)s.") % {"ref": ref})
    return model_name, record


def _undo(model_name: str, record: Any, *, user: User | None, reason: str) -> bool:
    """Undo one history row; False when there is nothing left to undo (the object is gone)."""
    model = AUDITED[model_name]
    manager = getattr(model, "all_objects", model._default_manager)
    current = manager.filter(pk=record.id).first()
    if record.history_type == "+":
        if current is None:
            return False
        current._history_user = user
        current._change_reason = reason
        try:
            current.delete()
        except ProtectedError:
            raise RevertConflict(
                _("%(what)s %(id)s is used by later records and cannot be removed.")
                % {"what": model._meta.verbose_name, "id": record.id}
            ) from None
        return True
    if record.history_type == "-":
        if current is not None:
            return False
        restored = record.instance
        restored._history_user = user
        restored._change_reason = reason
        try:
            with transaction.atomic():
                restored.save(force_insert=True)
        except IntegrityError:
            raise RevertConflict(
                _("%(what)s %(id)s cannot be restored: what it pointed to is gone.")
                % {"what": model._meta.verbose_name, "id": record.id}
            ) from None
        return True
    if current is None:
        return False
    before = record.prev_record
    if before is None:
        return False
    changed = [
        name for name in tracked_fields(model) if getattr(before, name) != getattr(record, name)
    ]
    stale = [name for name in changed if getattr(current, name) != getattr(record, name)]
    if stale:
        raise RevertConflict(
            _("A later change touched %(fields)s; revert that one first.")
            % {"fields": ", ".join(stale)}
        )
    for name in changed:
        setattr(current, name, getattr(before, name))
    current._history_user = user
    current._change_reason = reason
    current.save()
    return True


@transaction.atomic
def change_revert(*, ref: str, user: User | None) -> None:
    """Put the object back as it was before the change `ref` (`model-id`)."""
    model_name, record = change_get(ref=ref)
    if model_name == "review" and record.status == "merged":
        raise RevertConflict(
            _("A merge is undone by reverting the agreement it deleted, not the review item.")
        )
    reason = _("Reverted change %(ref)s") % {"ref": ref}
    if not _undo(model_name, record, user=user, reason=reason):
        raise RevertConflict(_("Change %(ref)s has nothing left to undo.") % {"ref": ref})


@transaction.atomic
def import_revert(*, batch: ImportBatch, user: User | None) -> int:
    """Undo every change one import made, newest first; returns how many were undone.

    Its rows go too, so that the file can be imported again; rows it withdrew count again.
    """
    # The batch's row is locked, so that two reverts at once are one revert and one refusal.
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.stats.get("reverted"):
        raise RevertConflict(
            _("Import %(id)s (%(file)s) was already reverted; there is nothing left to undo.")
            % {"id": batch.pk, "file": batch.file_name}
        )
    reason = _("Reverted import %(id)s (%(file)s)") % {"id": batch.pk, "file": batch.file_name}
    records = []
    # One import writes its rows at one time: within it, what points at others goes first.
    for rank, model_name in enumerate(_DEPENDANTS_FIRST):
        history = AUDITED[model_name].history.model  # type: ignore[attr-defined]
        records.extend(
            (record.history_date, -rank, record.history_id, model_name, record)
            for record in history.objects.filter(history_batch_id=batch.pk)
        )
    records.sort(key=lambda item: item[:3], reverse=True)
    undone = sum(
        _undo(model_name, record, user=user, reason=reason)
        for *_order, model_name, record in records
    )
    SourceRecord.all_objects.filter(batch=batch, created_at__gte=batch.created_at).delete()
    SourceRecord.all_objects.filter(withdrawn_by=batch).update(withdrawn_at=None, withdrawn_by=None)
    batch.stats = {**batch.stats, "reverted": True}
    batch.save(update_fields=["stats"])
    return undone
