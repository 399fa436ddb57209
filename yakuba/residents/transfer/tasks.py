"""Tasks of the transfer package: thin wrappers that load by id and call a service."""

from __future__ import annotations

from django.tasks import task


@task(queue_name="bulk")
def run_import_task(job_id: int) -> str:
    """Check or load an uploaded registry CSV (the job says which); returns the final status."""
    from .services import run_import_job

    job = run_import_job(job_id)
    return job.status if job is not None else "skipped"


@task(queue_name="bulk")
def sync_registry_task(source_id: int) -> str:
    """Read the new extracts of one sync source; returns a one-line summary."""
    from .sync.services import run_sync

    return run_sync(source_id).summary
