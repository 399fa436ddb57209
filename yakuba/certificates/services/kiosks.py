"""Kiosks, their device enrolment, service hours and maintenance windows (市民課 admin).

Every write checks :func:`~yakuba.certificates.policies.may_manage_kiosks`; ``actor=None``
is the system (the ``certificates_kiosk`` command, the demo loader).

Device enrolment: staff issue a random token (shown once, as a link and a QR code); only its
SHA-256 is stored with an expiry. The device opens ``/kiosk/enrol/<token>/`` once:
:func:`enrol_device` consumes the token with one conditional ``UPDATE`` (two devices racing
with one token: exactly one wins) and increments ``device_generation``, so the cookie of any
device enrolled before stops working (:func:`kiosk_for_device` compares the generation).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import normalize_width

from ..events import kiosk_enrolled
from ..models import Kiosk, MaintenanceWindow
from ..policies import may_manage_kiosks

logger = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100
DEFAULT_TOKEN_VALIDITY = datetime.timedelta(days=7)
MAX_TOKEN_VALIDITY = datetime.timedelta(days=30)
KIOSK_FIELDS = ("code", "name", "operator", "address", "latitude", "longitude")


class EnrolmentError(Exception):
    """The enrolment link cannot be used (unknown, used, expired, or the kiosk is stopped).
    One message for every case: a guessed token learns nothing."""

    code = "enrolment_invalid"

    def __init__(self) -> None:
        super().__init__(self.code)

    @property
    def message(self) -> str:
        return gettext(
            "この登録リンクは使えません。使用済みか期限切れです。市民課で新しい登録リンクを"
            "発行してください。"
        )


def require_kiosk_manager(actor: Any) -> None:
    if actor is not None and not may_manage_kiosks(actor):
        raise PermissionDenied(_("キオスク端末を管理する権限がありません。"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- kiosks


def _clean_code(value: Any) -> str:
    code = normalize_width(str(value or "")).strip().upper()
    if not code:
        raise ValidationError({"code": _("キオスクIDを入力してください。")}, code="required")
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            {
                "code": _(
                    "キオスクIDは英大文字・数字・ハイフンの2〜20文字で入力してください"
                    "（例: K0001）。"
                )
            },
            code="code_format",
        )
    return code


def _clean_text(name: str, value: Any, limit: int, *, required: bool, label: Promise) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationError(
            {name: _("%(label)sを入力してください。") % {"label": label}}, code="required"
        )
    if len(text) > limit:
        raise ValidationError(
            {
                name: _("%(label)sは%(limit)d文字以内で入力してください。")
                % {"label": label, "limit": limit}
            },
            code="max_length",
        )
    return text


def _clean_coordinate(name: str, value: Any, bound: int, label: Promise) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(normalize_width(str(value)).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) > bound:
        raise ValidationError(
            {
                name: _("%(label)sは-%(bound)d〜%(bound)dの数で入力してください。")
                % {"label": label, "bound": bound}
            },
            code="coordinate",
        )
    return number.quantize(Decimal("0.000001"))


def _clean_kiosk(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "code": _clean_code(data.get("code")),
        "name": _clean_text("name", data.get("name"), 100, required=True, label=_("設置店舗")),
        "operator": _clean_text(
            "operator", data.get("operator"), 100, required=False, label=_("事業者")
        ),
        "address": _clean_text(
            "address", data.get("address"), 200, required=False, label=_("所在地")
        ),
        "latitude": _clean_coordinate("latitude", data.get("latitude"), 90, _("緯度")),
        "longitude": _clean_coordinate("longitude", data.get("longitude"), 180, _("経度")),
    }
    if (cleaned["latitude"] is None) != (cleaned["longitude"] is None):
        raise ValidationError(
            {"longitude": _("緯度と経度は両方入力するか、両方空欄にしてください。")},
            code="coordinates_pair",
        )
    return cleaned


def _save_unique(kiosk: Kiosk) -> None:
    taken = _("このキオスクIDは既に登録されています。別のIDにしてください。")
    if Kiosk.objects.filter(code=kiosk.code).exclude(pk=kiosk.pk).exists():
        raise ValidationError({"code": taken}, code="code_taken")
    try:
        with transaction.atomic():
            kiosk.save()
    except IntegrityError as error:
        raise ValidationError({"code": taken}, code="code_taken") from error


@transaction.atomic
def create_kiosk(
    actor: Any,
    *,
    code: str,
    name: str,
    operator: str = "",
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    request: HttpRequest | None = None,
) -> Kiosk:
    """Register a kiosk (one copier in one store). Raises ``ValidationError`` keyed by field."""
    require_kiosk_manager(actor)
    cleaned = _clean_kiosk(
        {
            "code": code,
            "name": name,
            "operator": operator,
            "address": address,
            "latitude": latitude,
            "longitude": longitude,
        }
    )
    kiosk = Kiosk(**cleaned)
    _save_unique(kiosk)
    logger.info("kiosk %s created by %s", kiosk.code, getattr(actor, "pk", "system"))
    return kiosk


@transaction.atomic
def update_kiosk(
    actor: Any, kiosk_id: int, *, request: HttpRequest | None = None, **changes: Any
) -> Kiosk:
    """Change any of ``code, name, operator, address, latitude, longitude`` of a kiosk.

    Changing the code keeps the kiosk's issuances (they point to the row) and its enrolled
    device (the device cookie names the code: re-enrol it after a code change)."""
    require_kiosk_manager(actor)
    unknown = set(changes) - set(KIOSK_FIELDS)
    if unknown:
        raise ValueError(f"unknown kiosk fields: {sorted(unknown)}")
    kiosk = Kiosk.objects.select_for_update().get(pk=kiosk_id)
    data = {field: getattr(kiosk, field) for field in KIOSK_FIELDS} | changes
    for field, value in _clean_kiosk(data).items():
        setattr(kiosk, field, value)
    _save_unique(kiosk)
    logger.info("kiosk %s updated by %s", kiosk.code, getattr(actor, "pk", "system"))
    return kiosk


@transaction.atomic
def deactivate_kiosk(actor: Any, kiosk_id: int, *, request: HttpRequest | None = None) -> Kiosk:
    """Stop a kiosk: its device stops working at once and an unused enrolment link is void.
    Its issuances stay (fee accounting)."""
    require_kiosk_manager(actor)
    Kiosk.objects.filter(pk=kiosk_id).update(
        is_active=False, enrolment_token_hash="", enrolment_expires_at=None, updated=timezone.now()
    )
    kiosk = Kiosk.objects.get(pk=kiosk_id)
    logger.info("kiosk %s deactivated by %s", kiosk.code, getattr(actor, "pk", "system"))
    return kiosk


@transaction.atomic
def activate_kiosk(actor: Any, kiosk_id: int, *, request: HttpRequest | None = None) -> Kiosk:
    """Put a stopped kiosk back into service (its device must enrol again)."""
    require_kiosk_manager(actor)
    Kiosk.objects.filter(pk=kiosk_id).update(
        is_active=True, device_generation=F("device_generation") + 1, updated=timezone.now()
    )
    kiosk = Kiosk.objects.get(pk=kiosk_id)
    logger.info("kiosk %s activated by %s", kiosk.code, getattr(actor, "pk", "system"))
    return kiosk


# ------------------------------------------------------------------------ enrolment


@transaction.atomic
def issue_enrolment_token(
    actor: Any, kiosk_id: int, *, valid_for: datetime.timedelta = DEFAULT_TOKEN_VALIDITY
) -> str:
    """A new enrolment token for the kiosk (any earlier unused one is void). Returned once;
    only its SHA-256 is stored. The enrolled device keeps working until the token is used."""
    require_kiosk_manager(actor)
    if not datetime.timedelta(minutes=5) <= valid_for <= MAX_TOKEN_VALIDITY:
        raise ValidationError(
            _("登録リンクの有効期間は5分から30日までにしてください。"), code="validity"
        )
    kiosk = Kiosk.objects.select_for_update().get(pk=kiosk_id)
    if not kiosk.is_active:
        raise ValidationError(
            _("休止中のキオスク端末には登録リンクを発行できません。先に稼働を再開してください。"),
            code="kiosk_inactive",
        )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    kiosk.enrolment_token_hash = token_hash(token)
    kiosk.enrolment_expires_at = timezone.now() + valid_for
    kiosk.save(update_fields=["enrolment_token_hash", "enrolment_expires_at", "updated"])
    logger.info(
        "enrolment link for kiosk %s issued by %s", kiosk.code, getattr(actor, "pk", "system")
    )
    return token


def enrol_device(token: str) -> tuple[Kiosk, int]:
    """Consume an enrolment token: ``(kiosk, generation)`` for the device's signed cookie.

    Single use: one conditional ``UPDATE`` clears the hash, so of two devices racing with the
    same token only one gets the kiosk. Raises :class:`EnrolmentError` otherwise."""
    if not isinstance(token, str) or not 10 <= len(token) <= MAX_TOKEN_LENGTH:
        raise EnrolmentError
    digest = token_hash(token)
    now = timezone.now()
    with transaction.atomic():
        candidate = (
            Kiosk.objects.filter(enrolment_token_hash=digest).values_list("pk", flat=True).first()
        )
        if candidate is None:
            raise EnrolmentError
        updated = Kiosk.objects.filter(
            pk=candidate,
            enrolment_token_hash=digest,
            enrolment_expires_at__gt=now,
            is_active=True,
        ).update(
            enrolment_token_hash="",
            enrolment_expires_at=None,
            enrolled_at=now,
            device_generation=F("device_generation") + 1,
            updated=now,
        )
        if updated != 1:
            raise EnrolmentError
        kiosk = Kiosk.objects.get(pk=candidate)
        generation = kiosk.device_generation
        transaction.on_commit(
            lambda: kiosk_enrolled.send(
                Kiosk, kiosk_id=kiosk.pk, kiosk_code=kiosk.code, generation=generation
            ),
            robust=True,
        )
    logger.info("kiosk %s enrolled a device (generation %s)", kiosk.code, generation)
    return kiosk, generation


def kiosk_for_device(code: str, generation: int) -> Kiosk | None:
    """The active kiosk a device cookie names, if the cookie's generation is current."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return None
    try:
        generation = int(generation)
    except (TypeError, ValueError):
        return None
    return Kiosk.objects.filter(
        code=code, device_generation=generation, is_active=True, enrolled_at__isnull=False
    ).first()


# ------------------------------------------------------------- maintenance windows


@transaction.atomic
def add_maintenance_window(
    actor: Any,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str,
    reason_en: str = "",
    request: HttpRequest | None = None,
) -> MaintenanceWindow:
    """A period when no kiosk issues certificates. Raises ``ValidationError`` keyed by field."""
    require_kiosk_manager(actor)
    errors: dict[str, Any] = {}
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, datetime.datetime):
            errors[name] = _("日時を入力してください。")
        elif timezone.is_naive(value):
            raise ValueError(f"{name} must be an aware datetime")
    if not errors and ends_at <= starts_at:
        errors["ends_at"] = _("終了日時は開始日時より後にしてください。")
    elif not errors and ends_at <= timezone.now():
        errors["ends_at"] = _("終了日時が過ぎています。これからの期間を入力してください。")
    try:
        reason = _clean_text("reason", reason, 200, required=True, label=_("理由"))
        reason_en = _clean_text(
            "reason_en", reason_en, 200, required=False, label=_("理由（英語）")
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    window = MaintenanceWindow.objects.create(
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        reason_en=reason_en,
        created_by=actor,
    )
    logger.info("maintenance window %s added by %s", window.pk, getattr(actor, "pk", "system"))
    return window


@transaction.atomic
def remove_maintenance_window(
    actor: Any, window_id: int, *, request: HttpRequest | None = None
) -> bool:
    """Delete a maintenance window (False when it was already gone: idempotent)."""
    require_kiosk_manager(actor)
    deleted, _counts = MaintenanceWindow.objects.filter(pk=window_id).delete()
    logger.info("maintenance window %s removed by %s", window_id, getattr(actor, "pk", "system"))
    return bool(deleted)


# ------------------------------------------------------------------ service status


@dataclass(frozen=True)
class ServiceStatus:
    """Whether kiosks issue certificates now. ``reason``: ``"hours"`` (outside the service
    hours), ``"maintenance"`` (a maintenance window) or ``None`` (open). ``message``: what the
    kiosk shows (lazy: rendered in the language active when it is displayed). ``reopens_at``:
    the next moment the service is open again (aware), ``None`` when open."""

    is_open: bool
    reason: str | None
    message: Any
    reopens_at: datetime.datetime | None
    window: MaintenanceWindow | None = None


def service_hours() -> tuple[datetime.time, datetime.time | None]:
    """``(opens, closes)`` from ``YAKUBA_KIOSK_SERVICE_HOURS`` (``closes`` None = 24:00)."""
    opens_text, closes_text = settings.YAKUBA_KIOSK_SERVICE_HOURS.split("-")
    opens = datetime.time.fromisoformat(opens_text)
    closes = None if closes_text == "24:00" else datetime.time.fromisoformat(closes_text)
    return opens, closes


def _within_hours(moment: datetime.datetime) -> bool:
    opens, closes = service_hours()
    clock = timezone.localtime(moment).time()
    return clock >= opens and (closes is None or clock < closes)


def _next_opening(moment: datetime.datetime) -> datetime.datetime:
    """The first moment at or after ``moment`` inside the service hours."""
    if _within_hours(moment):
        return moment
    opens, _closes = service_hours()
    local = timezone.localtime(moment)
    candidate = local.replace(hour=opens.hour, minute=opens.minute, second=0, microsecond=0)
    if candidate <= local:
        day = local.date() + datetime.timedelta(days=1)
        candidate = timezone.make_aware(datetime.datetime.combine(day, opens))
    return candidate


def _window_at(moment: datetime.datetime) -> MaintenanceWindow | None:
    return (
        MaintenanceWindow.objects.filter(starts_at__lte=moment, ends_at__gt=moment)
        .order_by("-ends_at")
        .first()
    )


def _reopening(moment: datetime.datetime) -> datetime.datetime:
    """Skip consecutive windows and closed hours (at most a few rounds)."""
    for _round in range(20):
        moment = _next_opening(moment)
        window = _window_at(moment)
        if window is None:
            return moment
        moment = window.ends_at
    return moment


def _when(moment: datetime.datetime, now: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    english = (translation.get_language() or "ja").startswith("en")
    if local.date() == timezone.localtime(now).date():
        return f"{local:%H:%M}"
    if english:
        return f"{local:%B} {local.day}, {local:%H:%M}"
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def service_hours_label() -> str:
    opens, closes = service_hours()
    return f"{opens:%H:%M}〜{closes:%H:%M}" if closes else f"{opens:%H:%M}〜24:00"


def _hours_message(reopens_at: datetime.datetime, now: datetime.datetime) -> str:
    return gettext(
        "証明書の交付は%(hours)sです。ただいまは交付時間外です。%(reopens)sからご利用いただけます。"
    ) % {"hours": service_hours_label(), "reopens": _when(reopens_at, now)}


def _maintenance_message(
    window: MaintenanceWindow, reopens_at: datetime.datetime, now: datetime.datetime
) -> str:
    english = (translation.get_language() or "ja").startswith("en")
    reason = window.reason_en if english and window.reason_en else window.reason
    return gettext(
        "ただいま%(reason)sのため、証明書の交付を休止しています。%(reopens)sから"
        "ご利用いただけます。"
    ) % {"reason": reason, "reopens": _when(reopens_at, now)}


_lazy_text = lazy(lambda function, *args: function(*args), str)


def service_status(now: datetime.datetime | None = None) -> ServiceStatus:
    """Open or closed at ``now`` (default: now): the service hours in the city's time zone
    (06:30 open, 23:00 closed with the default setting), then maintenance windows
    (``starts_at`` ≤ now < ``ends_at``). One query (the window lookup) when within hours."""
    now = now or timezone.now()
    if not _within_hours(now):
        reopens_at = _reopening(now)
        return ServiceStatus(
            False, "hours", _lazy_text(_hours_message, reopens_at, now), reopens_at
        )
    window = _window_at(now)
    if window is not None:
        reopens_at = _reopening(window.ends_at)
        return ServiceStatus(
            False,
            "maintenance",
            _lazy_text(_maintenance_message, window, reopens_at, now),
            reopens_at,
            window,
        )
    return ServiceStatus(True, None, "", None)
