"""Receive a message: record it, parse it, apply the rules, create alerts through compose.

Every message is recorded once (:class:`ReceivedMessage`, unique ``key``) with the
outcome, including unreadable ones: a bad document is an ``error`` row, never an
exception to the poller.  Alerts are only made by
:func:`yakuba.alerts.services.compose.create_automatic`, with a stable ``source_key``:

* weather ``jma:w:<area>:<phenomenon>:<level>:<report time>`` — the same warning in the
  legacy and the R06 message of one report has the same key;
* on top of the key, :class:`WarningState` merges what the keys cannot see: a warning
  already announced at an equivalent level (legacy 警報 ≈ R06 危険警報, which the legacy
  format cannot express) or repeated in a later 継続 report is not announced again;
  a level change becomes an ``Update`` referencing the last alert sent for it;
* 解除 → an ``Update`` referencing the last alert sent (or a new 解除 alert when none);
* InfoType 取消 / CAP ``Cancel`` → a ``Cancel`` referencing the alert of the cancelled report.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yakuba.alerts.models import Alert, MsgType, Source
from yakuba.alerts.services.compose import REVISABLE, cancel_content, create_automatic
from yakuba.core.services import get_municipality

from . import phenomena, texts
from .models import Action, Level, Outcome, ReceivedMessage, WarningState
from .parsing import Finding, ParsedMessage, ParseError, parse
from .rules import action_for

logger = logging.getLogger(__name__)

#: When several findings of one message end differently, the message shows the first of these.
_PRECEDENCE = [
    Outcome.SENT,
    Outcome.PENDING,
    Outcome.MERGED,
    Outcome.NO_CHANGE,
    Outcome.IGNORED,
    Outcome.OTHER_AREA,
]


@dataclass
class Result:
    outcome: str
    note: str
    alert: Alert | None = None


def receive_jma(url: str, data: bytes) -> ReceivedMessage:
    """Apply one JMA message file fetched from ``url`` (recorded under its URL)."""
    existing = ReceivedMessage.objects.filter(key=url).first()
    if existing is not None:
        return existing
    return _receive(url, "jma", data, url=url)


def receive_cap(data: bytes, *, note: str = "") -> ReceivedMessage:
    """Apply one CAP 1.2 document (recorded under ``cap:<sender>,<identifier>``)."""
    return _receive("", "cap", data, note=note)


def _receive(
    key: str, source: str, data: bytes, *, url: str = "", note: str = ""
) -> ReceivedMessage:
    city = get_municipality()
    try:
        message = parse(
            data,
            city_code=settings.YAKUBA_JMA_AREA_CODE,
            url=url,
            quake_area_code=getattr(settings, "YAKUBA_JMA_QUAKE_AREA_CODE", ""),
            city_names=(city.name,) if city else (),
        )
    except ParseError as error:
        digest = hashlib.sha256(data).hexdigest()[:32]
        logger.warning("alerts.ingest: unreadable %s message (%s)", source, digest)
        record, _created = ReceivedMessage.objects.get_or_create(
            key=key or f"{source}-error:{digest}",
            defaults={
                "source": source,
                "outcome_code": Outcome.ERROR,
                "outcome": str(error)[:500],
            },
        )
        return record
    if source == "cap":
        key = f"cap:{message.identifier}"
        existing = ReceivedMessage.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            record = ReceivedMessage.objects.create(
                key=key,
                source=source,
                type_code=message.type_code,
                title=message.title[:200],
                event_id=message.event_id[:200],
                report_datetime=message.report_datetime,
                info_type=message.info_type,
                control_status=message.status,
                summary=message.summary(),
                outcome_code=Outcome.OTHER_AREA,
            )
            result = _apply(message, note=note)
            record.outcome_code = result.outcome
            record.outcome = result.note[:500]
            record.alert = result.alert
            record.save(update_fields=["outcome_code", "outcome", "alert"])
    except IntegrityError:
        existing = ReceivedMessage.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing  # another worker recorded the same message first
    except (ObjectDoesNotExist, ValidationError, ValueError, KeyError, TypeError) as error:
        # Content the rules cannot turn into an alert: recorded for staff, never retried
        # in a loop, never a crash of the poller.  Database errors propagate (retried).
        logger.exception("alerts.ingest: %s %s could not be applied", source, message.type_code)
        record, _created = ReceivedMessage.objects.get_or_create(
            key=key,
            defaults={
                "source": source,
                "type_code": message.type_code,
                "title": message.title[:200],
                "report_datetime": message.report_datetime,
                "info_type": message.info_type,
                "control_status": message.status,
                "summary": message.summary(),
                "outcome_code": Outcome.ERROR,
                "outcome": (_("規則を適用できませんでした: %(error)s") % {"error": error})[:500],
            },
        )
        return record
    logger.info(
        "alerts.ingest: %s %s → %s", message.type_code, message.info_type, record.outcome_code
    )
    return record


def _apply(message: ParsedMessage, *, note: str) -> Result:
    if not message.is_real:
        return Result(Outcome.EXERCISE, _("訓練・試験の電文のため配信しません。"))
    if message.info_type in ("取消", "Cancel"):
        return _cancel(message)
    if not message.findings:
        return Result(Outcome.OTHER_AREA, _("市に関係する内容はありません。"))
    results = []
    for finding in message.findings:
        if finding.kind == "cap":
            results.append(_cap(finding, message, note))
        else:
            results.append(_finding(finding, message, note))
    results.sort(key=lambda r: _PRECEDENCE.index(r.outcome))
    first = results[0]
    notes = " / ".join(r.note for r in results)
    alert = next((r.alert for r in results if r.alert is not None), None)
    return Result(first.outcome, notes, alert)


def _last_sent(source: str, prefix: str) -> Alert | None:
    """The most recent alert of this subject that residents received (may be revised)."""
    return (
        Alert.objects.filter(source=source, source_key__startswith=prefix, status__in=REVISABLE)
        .order_by("-created", "-pk")
        .first()
    )


def _equivalent(state: WarningState, finding: Finding, legacy: bool) -> bool:
    """Same level, or a legacy 警報 while an R06 危険警報 is in force: the legacy format
    has no 危険警報 tier, so it cannot say more.  (An R06 危険警報 after a legacy 警報 is
    a real escalation and is announced.)"""
    if state.level == finding.level:
        return True
    return (
        finding.kind == "weather"
        and legacy
        and not state.legacy
        and finding.level == Level.WARNING
        and state.level == Level.DANGER
    )


def _finding(finding: Finding, message: ParsedMessage, note: str) -> Result:
    quake = finding.kind == "quake"
    state, _created = WarningState.objects.get_or_create(
        area_code=finding.area_code, subject=finding.subject
    )
    state = WarningState.objects.select_for_update().get(pk=state.pk)
    time = message.report_datetime
    if quake:
        label = f"震度{phenomena.INTENSITY_JA.get(finding.level, finding.level)}"
    elif finding.level == Level.CLEAR:
        cleared = finding.extra.get("cleared_level", "")
        label = phenomena.kind_name(finding.subject, cleared) + "解除"
    else:
        label = phenomena.kind_name(finding.subject, finding.level)
    if state.report_datetime and time and time < state.report_datetime:
        return Result(
            Outcome.NO_CHANGE, _("%(kind)s: 古い報のため適用しません。") % {"kind": label}
        )
    prefix = (
        f"jma:q:{finding.area_code}:{message.event_id}:"
        if quake
        else f"jma:w:{finding.area_code}:{finding.subject}:"
    )
    if state.level and (
        phenomena.intensity_rank(finding.level) <= phenomena.intensity_rank(state.level)
        if quake
        else _equivalent(state, finding, message.legacy)
    ):
        merged = state.report_datetime == time or state.legacy != message.legacy
        if not quake and state.legacy and not message.legacy:  # R06 is the finer description
            state.level, state.legacy = finding.level, False
        state.report_datetime = max(filter(None, [state.report_datetime, time]))
        state.save()
        outcome = Outcome.MERGED if merged else Outcome.NO_CHANGE
        text = (
            _("%(kind)s: 発表済みの内容と同じです（統合）。")
            if merged
            else _("%(kind)s: 継続（変化なし）。")
        )
        return Result(outcome, text % {"kind": label}, state.alert)
    if finding.level == Level.CLEAR and not state.level and state.report_datetime:
        if state.report_datetime == time:
            return Result(
                Outcome.MERGED, _("%(kind)s: 解除済みです（統合）。") % {"kind": label}, state.alert
            )
        return Result(Outcome.NO_CHANGE, _("%(kind)s: 解除済みです。") % {"kind": label})
    previous_level = state.level
    previous = _last_sent(Source.JMA, prefix)
    action = action_for(finding.kind, finding.subject, finding.level)
    if (
        not quake
        and previous is not None
        and previous_level in phenomena.RANK
        and phenomena.RANK[finding.level] < phenomena.RANK[previous_level]
    ):
        # A downgrade (警報から注意報) ends the warning residents were sent: it follows the
        # 解除 rule, so the end of a warning is not held back as an advisory draft.
        action = action_for(finding.kind, finding.subject, Level.CLEAR)
    state.level = "" if finding.level == Level.CLEAR else finding.level
    state.legacy = message.legacy
    state.report_datetime = time
    if finding.level == Level.CLEAR and previous_level and previous is None:
        state.save()
        return Result(
            Outcome.NO_CHANGE,
            _("%(kind)s: 発表時に配信していないため、解除の配信はしません。") % {"kind": label},
        )
    if action == Action.IGNORE:
        state.save()
        return Result(Outcome.IGNORED, _("%(kind)s: 規則により配信しません。") % {"kind": label})
    if quake:
        content = texts.quake_content(finding, message)
        key = f"{prefix}{finding.level}"
    else:
        content = texts.weather_content(finding, message, previous_level=previous_level)
        key = f"{prefix}{finding.level}:{time.isoformat() if time else ''}"
    alert, created = create_automatic(
        source=Source.JMA,
        source_key=key[:200],
        content=content,
        send=action == Action.SEND_NOW,
        references=previous,
        note=note or _("自動作成（%(type)s）") % {"type": message.type_code},
    )
    state.alert = alert
    state.save()
    if not created:
        return Result(
            Outcome.MERGED, _("%(kind)s: 作成済みの配信に統合。") % {"kind": label}, alert
        )
    return _created_result(alert, label)


def _created_result(alert: Alert, label: str) -> Result:
    revision = _("（更新）") if alert.msg_type == MsgType.UPDATE else ""
    if alert.status == "pending":
        return Result(
            Outcome.PENDING,
            _("%(kind)s: 承認待ちの配信を作成%(r)s。") % {"kind": label, "r": revision},
            alert,
        )
    return Result(
        Outcome.SENT, _("%(kind)s: 自動配信%(r)s。") % {"kind": label, "r": revision}, alert
    )


def _cap(finding: Finding, message: ParsedMessage, note: str) -> Result:
    previous = None
    for reference in message.references:
        record = ReceivedMessage.objects.filter(key=f"cap:{reference}", alert__isnull=False).first()
        if record is not None and record.alert.status in REVISABLE:
            previous = record.alert
    action = action_for("cap", finding.subject, finding.level)
    label = finding.kind_name or finding.subject
    if action == Action.IGNORE:
        return Result(Outcome.IGNORED, _("%(kind)s: 規則により配信しません。") % {"kind": label})
    alert, created = create_automatic(
        source=Source.CAP,
        source_key=f"cap:{message.identifier}"[:200],
        content=texts.cap_content(finding, message),
        send=action == Action.SEND_NOW,
        references=previous,
        note=note or _("CAP受信（%(sender)s）") % {"sender": message.office[:100]},
    )
    if not created:
        return Result(
            Outcome.MERGED, _("%(kind)s: 作成済みの配信に統合。") % {"kind": label}, alert
        )
    return _created_result(alert, label)


def _cancel(message: ParsedMessage) -> Result:
    """取消 / CAP Cancel: a Cancel alert referencing what the cancelled report created."""
    if message.source == "cap":
        keys = [f"cap:{reference}" for reference in message.references]
        records = ReceivedMessage.objects.filter(key__in=keys, alert__isnull=False)
    else:
        records = ReceivedMessage.objects.filter(
            source="jma",
            type_code=message.type_code,
            event_id=message.event_id,
            report_datetime__lte=message.report_datetime,
            alert__isnull=False,
        ).exclude(info_type="取消")
    record = records.select_related("alert").order_by("-report_datetime", "-pk").first()
    if record is None:
        return Result(Outcome.NO_CHANGE, _("取消し: 対応する配信はありません。"))
    original = record.alert
    WarningState.objects.filter(alert=original).update(level="")
    if original.status not in REVISABLE:
        return Result(
            Outcome.NO_CHANGE,
            _("取消し: 対応する配信は未配信です。職員が取りやめてください。"),
            original,
        )
    reason = message.headline or _("%(office)sが発表した情報は取り消されました。") % {
        "office": message.office or _("発表元")
    }
    alert, created = create_automatic(
        source=Source.JMA if message.source == "jma" else Source.CAP,
        source_key=f"{message.source}:cancel:{original.pk}",
        content=cancel_content(
            original,
            reason,
            "The earlier information has been cancelled by the issuing agency.",
            "まえの おしらせは とりけしに なりました。",
        ),
        send=True,
        references=original,
        msg_type=MsgType.CANCEL,
    )
    outcome = Outcome.SENT if created else Outcome.MERGED
    return Result(
        outcome, _("取消し: 取消しの配信（%(title)s）。") % {"title": original.title_ja[:60]}, alert
    )
