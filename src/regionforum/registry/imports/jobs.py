"""Web uploads: a file is stored, checked by a dry run, then imported, as background tasks."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from regionforum.registry.errors import RegistryError
from regionforum.registry.imports.pipeline import import_run, reporter_country, write_patience
from regionforum.registry.imports.uploads import upload_store
from regionforum.registry.models import ImportJob, ImportJobStatus

if TYPE_CHECKING:
    from regionforum.accounts.models import User

logger = logging.getLogger(__name__)


def import_job_create(
    *, file_name: str, chunks: Iterable[bytes], reporter: str, user: User | None
) -> ImportJob:
    """Store an uploaded file for checking and importing; the reporter, the size and the type
    are checked now, and a refused file is not kept (UploadRefused)."""
    from django.conf import settings

    reporter_country(code=reporter)
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    safe_name = Path(file_name).name[:200] or "upload"
    path = folder / f"{uuid.uuid4().hex}-{safe_name}"
    upload_store(path=path, name=safe_name, chunks=chunks)
    return ImportJob.objects.create(
        file_name=safe_name,
        path=str(path),
        reporter=reporter.strip().upper(),
        created_by=user,
    )


def import_job_commit_valid(*, job: ImportJob) -> ImportJob:
    """Record that the user imports the valid rows and leaves the rejected ones."""
    job.partial = bool((job.result or {}).get("rejected"))
    job.save(update_fields=["partial"])
    return job


def import_job_waiting(*, job: ImportJob) -> bool:
    """Whether the job is waiting for another import to finish writing to the registry."""
    mark = _waiting_mark(job)
    if job.status in (ImportJobStatus.UPLOADED, ImportJobStatus.RUNNING):
        return mark.exists()
    # A finished job waits for nothing: a mark that a killed worker left behind goes.
    mark.unlink(missing_ok=True)
    return False


def import_job_stage(*, job: ImportJob) -> str:
    """What the job is doing, when its progress alone would not tell; empty when nothing."""
    if import_job_waiting(job=job):
        return _("Waiting for another import to finish; this one goes on after it.")
    return ""


def _waiting_mark(job: ImportJob) -> Path:
    """A file beside the uploaded one says that the job waits, not a column of the job: while
    another import holds the write lock, SQLite takes no write at all, and on PostgreSQL the
    wait is inside the import's transaction, which no one else sees. Whoever serves the job's
    page reaches the upload's folder (the worker reads the file from there)."""
    from django.conf import settings

    # A job whose file was purged keeps no path; it runs no more, but its page still asks.
    folder = Path(job.path).parent if job.path else Path(settings.DATA_DIR) / "uploads"
    return folder / f"job-{job.pk}.waiting"


def import_job_run(*, job: ImportJob, commit: bool) -> ImportJob:
    """Check the job's file (a dry run), or import it; the outcome goes into the job."""
    waiting = _waiting_mark(job)

    def resumed() -> None:
        waiting.unlink(missing_ok=True)

    def saved(*fields: str) -> None:
        with write_patience(waiting.touch, resumed):
            job.save(update_fields=fields)

    try:
        job.status = ImportJobStatus.RUNNING if commit else job.status
        job.progress = 0
        saved("status", "progress")

        def progress(phase: str, done: int, total: int | None) -> None:
            share = {"read": 40, "link": 60, "write": 80}[phase]
            if share > job.progress:
                job.progress = share
                saved("progress")

        try:
            # The check always reconciles the valid rows, so that it shows what the file would do
            # whatever is rejected; the import writes the valid rows once the user chose to.
            report = import_run(
                path=Path(job.path),
                file_name=job.file_name,
                reporter=job.reporter,
                partial=job.partial or not commit,
                dry_run=not commit,
                user=job.created_by,
                progress=progress,
                waiting=waiting.touch,
                resumed=resumed,
            )
        except RegistryError as exc:
            job.status = ImportJobStatus.FAILED
            job.result = {"failure": exc.message}
            # A file that cannot be read is of no further use; it is not kept.
            Path(job.path).unlink(missing_ok=True)
        except Exception:
            # The page must not wait for ever on a job that broke; the log has the details.
            logger.exception("import job %s failed", job.pk)
            job.status = ImportJobStatus.FAILED
            job.result = {
                "failure": _(
                    "The file could not be imported; nothing was written. The error was logged."
                )
            }
        else:
            job.result = report.as_dict()
            if commit:
                job.status = ImportJobStatus.DONE if report.written else ImportJobStatus.FAILED
            else:
                job.status = ImportJobStatus.PREVIEWED
        job.progress = 100
        saved("status", "progress", "result")
    finally:
        # Whatever happens, the mark does not outlive the run (a later page would say it waits).
        resumed()
    return job
