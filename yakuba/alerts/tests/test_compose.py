"""Composing, four-eyes approval, scheduling, revisions and automatic alerts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yakuba.alerts.models import Alert, AlertStatus, MsgType, Source
from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(monkeypatch):
    """Records which alerts the delivery engine was asked to start (the engine has its own tests)."""
    calls: list[int] = []
    monkeypatch.setattr("yakuba.alerts.delivery.start", calls.append)
    return calls


def content(category, **overrides) -> AlertContent:
    values = dict(
        category=category, event="大雨", title_ja="大雨に注意", body_ja="川に近づかないで。"
    )
    values.update(overrides)
    return AlertContent(**values)


def test_category_needing_approval_waits_for_a_second_person(
    categories, composer, approver, started, django_capture_on_commit_callbacks
):
    alert = compose.create_draft(composer, content(categories["bosai"]))
    alert = compose.submit(composer, alert)
    assert alert.status == AlertStatus.PENDING and started == []
    with pytest.raises(PermissionDenied):  # an operator may not approve
        compose.approve(composer, alert)
    with django_capture_on_commit_callbacks(execute=True):
        alert = compose.approve(approver, alert)
    assert alert.status == AlertStatus.SENDING
    assert started == [alert.pk]
    assert list(alert.events.values_list("action", flat=True)) == [
        "composed",
        "submitted",
        "approved",
        "sending",
    ]


def test_the_composer_cannot_approve_even_with_the_role(categories, approver, started):
    alert = compose.create_draft(approver, content(categories["bosai"]))
    compose.submit(approver, alert)
    with pytest.raises(ValidationError, match="作成者本人"):
        compose.approve(approver, alert)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PENDING and alert.approved_by is None


@pytest.mark.db_guarantees
def test_database_refuses_self_approval(categories, approver):
    alert = compose.create_draft(approver, content(categories["bosai"]))
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(approved_by=approver)


def test_category_without_approval_sends_on_submit(
    categories, composer, started, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = compose.submit(
            composer, compose.create_draft(composer, content(categories["shisei"]))
        )
    assert alert.status == AlertStatus.SENDING and started == [alert.pk]


def test_scheduled_alert_is_released_when_due(
    categories, composer, started, django_capture_on_commit_callbacks
):
    later = timezone.now() + datetime.timedelta(hours=1)
    alert = compose.submit(
        composer, compose.create_draft(composer, content(categories["shisei"], scheduled_for=later))
    )
    assert alert.status == AlertStatus.SCHEDULED
    assert compose.release_due() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert compose.release_due(later + datetime.timedelta(seconds=1)) == [alert.pk]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENDING and started == [alert.pk]


def test_rejected_alert_goes_back_for_editing(categories, composer, approver, started):
    alert = compose.submit(composer, compose.create_draft(composer, content(categories["bosai"])))
    with pytest.raises(ValidationError):
        compose.reject(approver, alert, "  ")
    alert = compose.reject(approver, alert, "地域が違います")
    assert alert.status == AlertStatus.REJECTED
    alert = compose.edit_draft(composer, alert, content(categories["bosai"], title_ja="大雨に警戒"))
    assert alert.status == AlertStatus.DRAFT and alert.title_ja == "大雨に警戒"


def test_people_outside_the_alert_departments_cannot_compose(categories, clerk_a):
    with pytest.raises(PermissionDenied):
        compose.create_draft(clerk_a, content(categories["bosai"]))


def test_bad_content_is_refused_with_messages(categories, composer, areas):
    with pytest.raises(ValidationError) as caught:
        compose.create_draft(
            composer,
            content(
                categories["bosai"], title_ja=" ", title_en="Heavy rain", area_codes=["9999999"]
            ),
        )
    assert set(caught.value.message_dict) == {"title_ja", "body_en", "area_codes"}
    alert = compose.create_draft(
        composer, content(categories["bosai"], area_codes=["0012000", "0004001"])
    )
    assert alert.area_codes == ["0004001", "0012000"]


def test_update_and_cancel_reference_the_original(
    categories, composer, started, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        original = compose.submit(
            composer, compose.create_draft(composer, content(categories["shisei"]))
        )
    with pytest.raises(ValidationError):
        compose.create_draft(
            composer,
            content(categories["shisei"]),
            references=compose.create_draft(composer, content(categories["shisei"])),
        )
    update = compose.create_draft(composer, content(categories["shisei"]), references=original)
    assert update.msg_type == MsgType.UPDATE and update.references == original
    cancel = compose.create_draft(
        composer,
        compose.cancel_content(original, "誤って配信しました。"),
        references=original,
        msg_type=MsgType.CANCEL,
    )
    assert cancel.msg_type == MsgType.CANCEL and cancel.title_ja.startswith("【取消し】")


def test_withdraw_only_before_sending(categories, composer, started):
    alert = compose.submit(composer, compose.create_draft(composer, content(categories["shisei"])))
    with pytest.raises(ValidationError, match="取消し"):
        compose.withdraw(composer, alert)
    draft = compose.create_draft(composer, content(categories["shisei"]))
    assert compose.withdraw(composer, draft).status == AlertStatus.WITHDRAWN


def test_automatic_alerts_are_idempotent_per_source_key(
    categories, started, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = compose.create_automatic(
            source=Source.JMA,
            source_key="evt-1/2026-06-01T10:00",
            content=content(categories["bosai"]),
            send=True,
        )
    assert created and first.status == AlertStatus.SENDING and started == [first.pk]
    again, created = compose.create_automatic(
        source=Source.JMA,
        source_key="evt-1/2026-06-01T10:00",
        content=content(categories["bosai"]),
        send=True,
    )
    assert not created and again.pk == first.pk and started == [first.pk]
    advisory, _ = compose.create_automatic(
        source=Source.JMA, source_key="evt-2", content=content(categories["bosai"]), send=False
    )
    assert advisory.status == AlertStatus.PENDING and advisory.composed_by is None
