"""Tasks of the open data module (Django Tasks API): thin, take keys, safe to run twice.

A regeneration whose data did not change keeps no new version, so running one twice, or
for an event that changed nothing visible, costs one build and nothing else.
"""

from __future__ import annotations

from django.tasks import task

from .services import standard


@task(queue_name="default")
def regenerate_standard_dataset_task(key: str) -> dict[str, object]:
    """Rebuild the file of the standard dataset ``key`` (e.g. ``public_facility``)."""
    result = standard.regenerate(key)
    return {
        "key": result.key,
        "changed": result.changed,
        "file_version": result.file_version,
        "rows": result.rows,
        "omitted": len(result.omitted),
    }


@task(queue_name="default")
def regenerate_standard_datasets_task() -> list[dict[str, object]]:
    """Rebuild every standard dataset (the daily run: courses that are over drop out)."""
    return [
        {"key": result.key, "changed": result.changed, "file_version": result.file_version}
        for result in standard.regenerate_all()
    ]
