"""Web uploads: a file is stored, checked by a dry run, then imported, as background tasks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from regionforum.registry.errors import RegistryError
from regionforum.registry.imports.pipeline import import_run, reporter_country
from regionforum.registry.models import ImportJob, ImportJobStatus

if TYPE_CHECKING:
    from regionforum.accounts.models import User


def import_job_create(
    *, file_name: str, chunks: Iterable[bytes], reporter: str, partial: bool, user: User | None
) -> ImportJob:
    """Store an uploaded file for checking and importing; the reporter is checked now."""
    from django.conf import settings

    reporter_country(code=reporter)
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    safe_name = Path(file_name).name[:200] or "upload"
    path = folder / f"{uuid.uuid4().hex}-{safe_name}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return ImportJob.objects.create(
        file_name=safe_name,
        path=str(path),
        reporter=reporter.strip().upper(),
        partial=partial,
        created_by=user,
    )


def import_job_run(*, job: ImportJob, commit: bool) -> ImportJob:
    """Check the job's file (a dry run), or import it; the outcome goes into the job."""
    job.status = ImportJobStatus.RUNNING if commit else job.status
    job.progress = 0
    job.save(update_fields=["status", "progress"])

    def progress(phase: str, done: int, total: int | None) -> None:
        share = {"read": 40, "link": 60, "write": 80}[phase]
        if share > job.progress:
            ImportJob.objects.filter(pk=job.pk).update(progress=share)
            job.progress = share

    try:
        report = import_run(
            path=Path(job.path),
            file_name=job.file_name,
            reporter=job.reporter,
            partial=job.partial,
            dry_run=not commit,
            user=job.created_by,
            progress=progress,
        )
    except RegistryError as exc:
        job.status = ImportJobStatus.FAILED
        job.result = {"failure": exc.message}
    else:
        job.result = report.as_dict()
        if commit:
            job.status = ImportJobStatus.DONE if report.written else ImportJobStatus.FAILED
        else:
            job.status = ImportJobStatus.PREVIEWED
    job.progress = 100
    job.save(update_fields=["status", "progress", "result"])
    return job
