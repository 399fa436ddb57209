"""Composing, approving, scheduling, revising and cancelling alerts.

Life of an alert: ``draft`` → (submit) → ``pending`` when its category needs approval,
else released → (approve by a *second* staff member) → released.  Released means
``scheduled`` when ``scheduled_for`` lies ahead, else ``sending``: the delivery engine
(:func:`yakuba.alerts.delivery.start`) is started when the transaction commits.
A rejected alert goes back to its composer for editing.  A sent alert is revised by an
Update or Cancel alert that references it (CAP ``msgType``/``references``), which goes
through the same steps.  Every step leaves an :class:`~yakuba.alerts.models.AlertEvent`.

Automatic alerts (national warnings) come through :func:`create_automatic`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies
from ..models import Alert, AlertEvent, AlertStatus, CapStatus, Category, MsgType, Source

EDITABLE = (AlertStatus.DRAFT, AlertStatus.REJECTED)
REVISABLE = (AlertStatus.SENDING, AlertStatus.SENT)
WITHDRAWABLE = (AlertStatus.DRAFT, AlertStatus.PENDING, AlertStatus.SCHEDULED, AlertStatus.REJECTED)


@dataclass
class AlertContent:
    """What staff (or a national-warning rule) write; validated by :func:`validate_content`."""

    category: Category
    event: str
    title_ja: str
    body_ja: str
    title_en: str = ""
    body_en: str = ""
    title_easy: str = ""
    body_easy: str = ""
    area_codes: list[str] = field(default_factory=list)
    severity: str = "Moderate"
    urgency: str = "Expected"
    certainty: str = "Likely"
    cap_status: str = CapStatus.ACTUAL
    expires_at: datetime.datetime | None = None
    scheduled_for: datetime.datetime | None = None

    def apply_to(self, alert: Alert) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "area_codes":
                value = sorted(set(value))
            setattr(alert, f.name, value)


def new_identifier() -> str:
    """A CAP ``<identifier>``: unique, no spaces, commas or restricted characters."""
    return f"urn:uuid:{uuid.uuid4()}"


def validate_content(content: AlertContent) -> None:
    """Raise ``ValidationError`` (field → message) for content that cannot be sent."""
    from yakuba.residents.queries import town_areas

    errors: dict[str, str] = {}
    for name in ("title_ja", "body_ja", "event"):
        if not str(getattr(content, name)).strip():
            errors[name] = _("入力してください。")
    for language in ("en", "easy"):
        title = getattr(content, f"title_{language}").strip()
        body = getattr(content, f"body_{language}").strip()
        if bool(title) != bool(body):
            errors[f"body_{language}" if title else f"title_{language}"] = _(
                "件名と本文は両方入力するか、両方空にしてください。"
            )
    known = {area.code for area in town_areas()}
    unknown = sorted(set(content.area_codes) - known)
    if unknown:
        errors["area_codes"] = _("市内の町丁目ではありません: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    now = timezone.now()
    if content.expires_at and content.expires_at <= now:
        errors["expires_at"] = _("有効期限は現在より後の日時にしてください。")
    if content.scheduled_for and content.expires_at and content.scheduled_for >= content.expires_at:
        errors["scheduled_for"] = _("配信予定日時は有効期限より前にしてください。")
    if content.cap_status not in CapStatus.values:
        errors["cap_status"] = _("配信区分が正しくありません。")
    if errors:
        raise ValidationError(errors)


def _event(alert: Alert, action: str, actor: Any = None, note: str = "") -> None:
    AlertEvent.objects.create(alert=alert, action=action, actor=actor, note=note[:500])


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("この操作を行う権限がありません。"))


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().select_related("category").get(pk=alert.pk)


@transaction.atomic
def create_draft(
    user: Any,
    content: AlertContent,
    *,
    references: Alert | None = None,
    msg_type: str = MsgType.ALERT,
) -> Alert:
    """A new draft by ``user``; an Update/Cancel draft when ``references`` is given."""
    _require(policies.may_compose(user))
    validate_content(content)
    if references is not None:
        if references.status not in REVISABLE:
            raise ValidationError(_("配信済みの配信だけを更新・取消しできます。"))
        if msg_type == MsgType.ALERT:
            msg_type = MsgType.UPDATE
    alert = Alert(
        identifier=new_identifier(),
        composed_by=user,
        references=references,
        msg_type=msg_type,
        source=Source.STAFF,
    )
    content.apply_to(alert)
    alert.save()
    _event(alert, "composed", user)
    return alert


@transaction.atomic
def edit_draft(user: Any, alert: Alert, content: AlertContent) -> Alert:
    _require(policies.may_compose(user))
    alert = _locked(alert)
    if alert.status not in EDITABLE:
        raise ValidationError(_("下書きまたは差戻しの配信だけを編集できます。"))
    validate_content(content)
    content.apply_to(alert)
    alert.status = AlertStatus.DRAFT
    alert.save()
    _event(alert, "edited", user)
    return alert


@transaction.atomic
def submit(user: Any, alert: Alert) -> Alert:
    """Send (or schedule) a draft, or put it up for approval when its category needs one."""
    _require(policies.may_compose(user))
    alert = _locked(alert)
    if alert.status not in EDITABLE:
        raise ValidationError(_("この配信は既に申請されています。"))
    alert.submitted_at = timezone.now()
    if alert.category.requires_approval:
        alert.status = AlertStatus.PENDING
        alert.save(update_fields=["status", "submitted_at", "updated"])
        _event(alert, "submitted", user)
        return alert
    _event(alert, "submitted", user)
    return _release(alert)


@transaction.atomic
def approve(user: Any, alert: Alert) -> Alert:
    """Approval by a second staff member (never the composer), then release."""
    _require(policies.may_approve(user))
    alert = _locked(alert)
    if alert.status != AlertStatus.PENDING:
        raise ValidationError(_("承認待ちの配信ではありません。"))
    if alert.composed_by_id is not None and alert.composed_by_id == user.pk:
        raise ValidationError(_("作成者本人は承認できません。別の職員が承認してください。"))
    alert.approved_by = user
    alert.approved_at = timezone.now()
    try:
        with transaction.atomic():
            alert.save(update_fields=["approved_by", "approved_at", "updated"])
    except IntegrityError as error:  # the four-eyes constraint
        raise ValidationError(_("作成者本人は承認できません。")) from error
    _event(alert, "approved", user)
    return _release(alert)


@transaction.atomic
def reject(user: Any, alert: Alert, reason: str) -> Alert:
    _require(policies.may_approve(user))
    alert = _locked(alert)
    if alert.status != AlertStatus.PENDING:
        raise ValidationError(_("承認待ちの配信ではありません。"))
    if not reason.strip():
        raise ValidationError({"reason": _("差戻しの理由を入力してください。")})
    alert.status = AlertStatus.REJECTED
    alert.save(update_fields=["status", "updated"])
    _event(alert, "rejected", user, reason)
    return alert


@transaction.atomic
def withdraw(user: Any, alert: Alert, reason: str = "") -> Alert:
    """Stop an alert that has not started sending (draft, pending, scheduled, rejected)."""
    _require(policies.may_compose(user))
    alert = _locked(alert)
    if alert.status not in WITHDRAWABLE:
        raise ValidationError(
            _("配信を開始した後は取りやめできません。取消しの配信を作成してください。")
        )
    alert.status = AlertStatus.WITHDRAWN
    alert.save(update_fields=["status", "updated"])
    _event(alert, "withdrawn", user, reason)
    return alert


def cancel_content(
    original: Alert, reason_ja: str, reason_en: str = "", reason_easy: str = ""
) -> AlertContent:
    """The content of a Cancel alert for ``original`` (same category and areas)."""
    return AlertContent(
        category=original.category,
        event=original.event,
        title_ja=_("【取消し】%(title)s") % {"title": original.title_ja},
        body_ja=reason_ja,
        title_en=f"[Cancelled] {original.title_en}" if reason_en and original.title_en else "",
        body_en=reason_en if original.title_en else "",
        title_easy=f"【とりけし】{original.title_easy}"
        if reason_easy and original.title_easy
        else "",
        body_easy=reason_easy if original.title_easy else "",
        area_codes=list(original.area_codes),
        severity=original.severity,
        urgency="Past",
        certainty=original.certainty,
        cap_status=original.cap_status,
    )


def _release(alert: Alert) -> Alert:
    """Scheduled when its time lies ahead, else sending (the engine starts on commit)."""
    now = timezone.now()
    if alert.scheduled_for and alert.scheduled_for > now:
        alert.status = AlertStatus.SCHEDULED
        alert.save(update_fields=["status", "updated"])
        _event(alert, "scheduled", None, alert.scheduled_for.isoformat())
        return alert
    alert.status = AlertStatus.SENDING
    alert.sent_at = now
    alert.save(update_fields=["status", "sent_at", "updated"])
    _event(alert, "sending", None)
    alert_id = alert.pk

    def start() -> None:
        from .. import delivery

        delivery.start(alert_id)

    transaction.on_commit(start)
    return alert


def release_due(now: datetime.datetime | None = None) -> list[int]:
    """Start every scheduled alert whose time has come; returns their ids."""
    now = now or timezone.now()
    released = []
    due = Alert.objects.filter(status=AlertStatus.SCHEDULED, scheduled_for__lte=now)
    for alert_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            alert = (
                Alert.objects.select_for_update(skip_locked=True)
                .filter(pk=alert_id, status=AlertStatus.SCHEDULED)
                .first()
            )
            if alert is None:
                continue
            alert.scheduled_for = None
            alert.save(update_fields=["scheduled_for", "updated"])
            _release(alert)
            released.append(alert_id)
    return released


@transaction.atomic
def create_automatic(
    *,
    source: str,
    source_key: str,
    content: AlertContent,
    send: bool,
    references: Alert | None = None,
    msg_type: str = MsgType.ALERT,
    note: str = "",
) -> tuple[Alert, bool]:
    """An alert made by a rule from a national warning (no staff member).

    ``send``: release at once (特別警報・警報) or leave ``pending`` for a staff member's
    approval (注意報).  Idempotent on ``(source, source_key)``: the second call with the
    same key returns the existing alert and ``False``.
    """
    if not source_key:
        raise ValueError("automatic alerts need a source_key")
    existing = Alert.objects.filter(source=source, source_key=source_key).first()
    if existing is not None:
        return existing, False
    validate_content(content)
    if references is not None and msg_type == MsgType.ALERT:
        msg_type = MsgType.UPDATE
    alert = Alert(
        identifier=new_identifier(),
        source=source,
        source_key=source_key,
        references=references,
        msg_type=msg_type,
        submitted_at=timezone.now(),
    )
    content.apply_to(alert)
    try:
        with transaction.atomic():
            alert.save()
    except IntegrityError:  # a concurrent poller made it first
        return Alert.objects.get(source=source, source_key=source_key), False
    _event(
        alert,
        "composed",
        None,
        note or _("自動作成（%(source)s）") % {"source": alert.get_source_display()},
    )
    if send:
        _release(alert)
    else:
        alert.status = AlertStatus.PENDING
        alert.save(update_fields=["status", "updated"])
        _event(alert, "submitted", None)
    return alert, True
