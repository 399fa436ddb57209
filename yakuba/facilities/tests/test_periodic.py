"""Periodic jobs: every registered job runs; one failure does not stop the others."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from yakuba.facilities import periodic


@pytest.fixture
def isolated_jobs(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", {})
    return periodic


def test_runs_every_job_with_the_same_time_and_reports_counts(isolated_jobs):
    seen = []
    isolated_jobs.register("b_second", lambda now: seen.append(("b", now)) or 2)
    isolated_jobs.register("a_first", lambda now: seen.append(("a", now)) or 1)
    counts = isolated_jobs.run_due_jobs()
    assert counts == {"a_first": 1, "b_second": 2}
    assert [name for name, _ in seen] == ["a", "b"]
    assert seen[0][1] == seen[1][1]


def test_a_failing_job_is_logged_and_the_others_still_run(isolated_jobs, caplog):
    def broken(now):
        raise RuntimeError("boom")

    isolated_jobs.register("broken", broken)
    isolated_jobs.register("works", lambda now: 5)
    counts = isolated_jobs.run_due_jobs()
    assert counts == {"broken": -1, "works": 5}
    assert "facilities periodic job failed" in caplog.text


@pytest.mark.django_db
def test_tick_command_runs_the_registered_jobs_once(isolated_jobs):
    isolated_jobs.register("counted", lambda now: 7)
    out = io.StringIO()
    call_command("facilities_tick", stdout=out)
    assert "counted: 7" in out.getvalue()
