"""Reads of the transfer package: job rows and reports (no personal data), statistics.

Job rows and their reports never hold a record's values (only counts, line
numbers, column names and messages without values), so reading them leaves no
access record; the statistics are aggregates with small cells suppressed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import JobKind, SyncSource, TransferJob, TransferProblem
from .policies import may_read_statistics, may_transfer
from .statistics import DEFAULT_THRESHOLD, PopulationTable, population_table


def jobs_for(user: Any, kind: str | None = None) -> QuerySet[TransferJob]:
    """Transfer jobs ``user`` may see (all for 市民課 admins, none otherwise), newest first."""
    if not may_transfer(user):
        return TransferJob.objects.none()
    queryset = TransferJob.objects.select_related("created_by", "confirmed_by", "sync_source")
    return queryset.filter(kind=kind) if kind else queryset


def get_job_for(user: Any, pk: int) -> TransferJob:
    if not may_transfer(user):
        raise PermissionDenied
    job = jobs_for(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def problems_for(user: Any, job: TransferJob) -> QuerySet[TransferProblem]:
    if not may_transfer(user):
        raise PermissionDenied
    return job.problems.order_by("line", "pk")


def sync_sources_for(user: Any) -> QuerySet[SyncSource]:
    if not may_transfer(user):
        return SyncSource.objects.none()
    return SyncSource.objects.all()


def latest_sync_runs_for(user: Any, limit: int = 20) -> list[TransferJob]:
    return list(jobs_for(user, JobKind.SYNC)[:limit])


def population_statistics_for(
    user: Any, day: datetime.date, *, threshold: int = DEFAULT_THRESHOLD
) -> PopulationTable:
    """The population table for the staff page (any 市民課 member)."""
    if not may_read_statistics(user):
        raise PermissionDenied
    return population_table(day, threshold=threshold)


__all__ = [
    "get_job_for",
    "jobs_for",
    "latest_sync_runs_for",
    "population_statistics_for",
    "population_table",
    "problems_for",
    "sync_sources_for",
]
