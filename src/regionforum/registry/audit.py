"""Where a change comes from: web, API, import or command, and which import batch made it.

The source is a context variable: the request middleware sets web or API, the import sets
import and its batch, and anything else (a management command, a shell) is a command. Every
history row, whether simple_history writes it on a save or the import writes it in bulk, takes
its source from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record


class Via(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    IMPORT = "import", _("import")
    COMMAND = "command", _("command")


_via: ContextVar[str] = ContextVar("audit_via", default=Via.COMMAND.value)
_batch: ContextVar[int | None] = ContextVar("audit_batch", default=None)


@contextmanager
def audit_source(*, via: str, batch_id: int | None = None) -> Iterator[None]:
    """Record the changes made inside the block as coming from `via` (and import `batch_id`)."""
    via_token = _via.set(via)
    batch_token = _batch.set(batch_id)
    try:
        yield
    finally:
        _batch.reset(batch_token)
        _via.reset(via_token)


def audit_fields() -> dict[str, Any]:
    """The source columns of a history row written now."""
    return {"history_via": _via.get(), "history_batch_id": _batch.get()}


class AuditedHistory(models.Model):
    """The fields every history row of the registry carries besides simple_history's own."""

    history_via = models.CharField(
        _("changed via"), max_length=10, choices=Via.choices, default=Via.COMMAND
    )
    history_batch = models.ForeignKey(
        "registry.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
        verbose_name=_("import"),
    )

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _record_source(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    if isinstance(history_instance, AuditedHistory):
        for name, value in audit_fields().items():
            setattr(history_instance, name, value)


class AuditSourceMiddleware:
    """Marks the changes of a request as made on the web pages or through the API."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        via = Via.API if request.path_info.startswith("/api/") else Via.WEB
        with audit_source(via=via):
            return self.get_response(request)
