"""Scheduled alerts go out on the scheduler's tick; lost tasks are re-driven."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from yakuba.alerts.delivery import redrive
from yakuba.alerts.models import Alert, AlertStatus, Delivery, DeliveryState
from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent

from .test_delivery_engine import smtp_mailers, subscribe

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "mail", "bulk"],
    }
}


def content(category, **overrides) -> AlertContent:
    values = dict(category=category, event="検診", title_ja="がん検診", body_ja="受付中です。")
    values.update(overrides)
    return AlertContent(**values)


@pytest.fixture
def sink():
    from yakuba.alerts.testing.smtp_sink import SmtpSink

    with SmtpSink() as running, override_settings(MAILERS=smtp_mailers(running.port)):
        yield running


def test_scheduled_alert_is_sent_by_the_release_command_once_due(
    categories, composer, sink, django_capture_on_commit_callbacks
):
    category = categories["shisei"]
    subscribe("taro@example.jp", [category])
    later = timezone.now() + datetime.timedelta(hours=1)
    alert = compose.submit(
        composer, compose.create_draft(composer, content(category, scheduled_for=later))
    )
    assert alert.status == AlertStatus.SCHEDULED

    with django_capture_on_commit_callbacks(execute=True):
        call_command("alerts_release_due", stdout=io.StringIO())
    assert sink.count == 0  # not due yet

    Alert.objects.filter(pk=alert.pk).update(scheduled_for=timezone.now())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("alerts_release_due", stdout=out)
    assert "released 1 alert(s)" in out.getvalue()
    assert [m.rcpt_tos for m in sink.messages] == [["taro@example.jp"]]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT


def test_lost_planning_and_chunk_tasks_are_re_driven(
    categories, composer, sink, django_capture_on_commit_callbacks
):
    category = categories["shisei"]
    for number in range(3):
        subscribe(f"person{number}@example.jp", [category])
    with override_settings(TASKS=DUMMY_TASKS), django_capture_on_commit_callbacks(execute=True):
        alert = compose.submit(composer, compose.create_draft(composer, content(category)))
    assert alert.status == AlertStatus.SENDING and sink.count == 0  # the task went nowhere

    assert redrive.redrive_stuck(older_than=datetime.timedelta(minutes=10)) == []  # too recent
    out = io.StringIO()
    call_command("alerts_redrive", "--older-than", "0", stdout=out)
    assert sorted(a for m in sink.messages for a in m.rcpt_tos) == [
        "person0@example.jp",
        "person1@example.jp",
        "person2@example.jp",
    ]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT

    # A planned chunk whose send task was lost.
    Delivery.objects.filter(alert=alert, endpoint__address="person1@example.jp").update(
        state=DeliveryState.QUEUED
    )
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.SENDING)
    assert redrive.redrive_stuck(older_than=datetime.timedelta(0)) == [(alert.pk, "email", 0)]
    assert sorted(a for m in sink.messages for a in m.rcpt_tos).count("person1@example.jp") == 2
    assert sink.count == 4  # only the row put back in the queue went out again


DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "bulk"],
    }
}


def test_tick_and_temporary_failures_come_back_later_on_a_deferring_backend(categories, composer):
    from django_tasks_db.models import DBTaskResult

    from yakuba.alerts.delivery.tasks import plan_fanout, scheduler_tick, send_chunk
    from yakuba.alerts.testing.smtp_sink import SmtpSink

    category = categories["shisei"]
    for number in range(3):
        subscribe(f"person{number}@example.jp", [category])
    closed = SmtpSink()  # never started: connections are refused
    with override_settings(TASKS=DATABASE_TASKS, MAILERS=smtp_mailers(closed.port)):
        scheduler_tick.call(True)
        alert = compose.submit(composer, compose.create_draft(composer, content(category)))
        plan_fanout.call(alert.pk)
        send_chunk.call(alert.pk, 0, "email")
    soon = timezone.now() + datetime.timedelta(seconds=25)
    later = {
        row.task_path.rpartition(".")[2]: row.run_after
        for row in DBTaskResult.objects.filter(run_after__gt=soon)
    }
    assert set(later) == {"scheduler_tick", "send_chunk"}
    assert set(Delivery.objects.filter(alert=alert).values_list("state", "attempts")) == {
        (DeliveryState.QUEUED, 1)
    }  # three refusals in a row: the chunk waits
