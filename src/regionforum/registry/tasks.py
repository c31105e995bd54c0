"""Background work: checking and importing an uploaded file.

With the default ImmediateBackend the task runs inside the request; with a worker it runs
there and the page follows its progress.
"""

from __future__ import annotations

from django.tasks import task

from regionforum.registry.imports import import_job_run
from regionforum.registry.models import ImportJob


@task
def import_job_check(job_id: int) -> None:
    import_job_run(job=ImportJob.objects.get(pk=job_id), commit=False)


@task
def import_job_commit(job_id: int) -> None:
    import_job_run(job=ImportJob.objects.get(pk=job_id), commit=True)
