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
def sync_registry_task(source_id: int, job_id: int | None = None) -> str:
    """Read the new extracts of one sync source; returns the final status of the run."""
    from .sync.services import run_sync

    job = run_sync(source_id, job_id=job_id)
    return job.status if job is not None else "skipped"
