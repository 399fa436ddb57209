"""Staff pages of the transfer package (mounted under /staff/residents/, namespace console)."""

from .exporting import registry_export
from .importing import (
    registry_import,
    registry_import_cancel,
    registry_import_confirm,
    transfer_index,
    transfer_job,
    transfer_job_progress,
    transfer_job_report,
)
from .statistics import population_statistics, population_statistics_csv
from .sync import registry_sync, registry_sync_run

__all__ = [
    "population_statistics",
    "population_statistics_csv",
    "registry_export",
    "registry_import",
    "registry_import_cancel",
    "registry_import_confirm",
    "registry_sync",
    "registry_sync_run",
    "transfer_index",
    "transfer_job",
    "transfer_job_progress",
    "transfer_job_report",
]
