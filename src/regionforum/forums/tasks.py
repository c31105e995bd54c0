"""Background work of the business programme: a forum's schedule run.

With the default ImmediateBackend the task runs inside the request that enqueues it; with the
database backend (`REGIONFORUM_TASKS_BACKEND=django_tasks_db.DatabaseBackend`) a
`regionforum db_worker` process runs it, and the programme page follows its progress.
"""

from __future__ import annotations

from django.tasks import task

from regionforum.forums.schedule_runs import schedule_run_execute


@task
def schedule_forum(run_id: int) -> str:
    """Schedule the run's forum; the run's status is the task's result."""
    return schedule_run_execute(run_id=run_id).status
