"""The citizen side of subscriptions: double opt-in, preferences, leaving (the write path).

Rules this module keeps (docs/modules/alerts-citizen.md):

* **Nothing goes to an unconfirmed address.**  Subscribing creates the e-mail
  :class:`~yakuba.alerts.models.Endpoint` with ``confirmed_at`` empty; only the signed,
  expiring link mailed to that address (:func:`confirm`) sets it.  The delivery engine
  takes confirmed, active endpoints only.
* **Subscribing never tells who is subscribed.**  :func:`request_subscription` answers
  the same way for a new and for a known address; what differs is the e-mail, which only
  the owner of the mailbox reads (a confirmation link, or a management link when the
  address already receives messages).
* **No one changes a working subscription without proving it is theirs**: preferences
  sent through the public form replace the stored ones only while nothing is delivered
  to that subscriber; otherwise the mailbox owner gets the management link instead.
* **Leaving erases the address** (the 個人情報ファイル keeps it "配信停止まで"): the
  endpoint stays, inactive and anonymised, because its delivery records are kept.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import links
from ..languages import Language
from ..models import Category, Channel, Endpoint, Subscriber, SubscriberArea
from . import subscription_mail

#: How long a confirmation link works.
CONFIRM_MAX_AGE = datetime.timedelta(days=3)
CONFIRM_SALT = "yakuba.alerts.confirm"
EMAIL_MAX_LENGTH = 254
#: ``disabled_reason`` of an endpoint its owner switched off.
UNSUBSCRIBED = "unsubscribed"

_validate_email = EmailValidator()


class ConfirmationError(Exception):
    """A confirmation link that cannot be used; ``expired`` says whether it was only too old."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass
class Preferences:
    """What a subscriber wants: categories (codes), 町丁目 (or the whole city), language."""

    category_codes: list[str] = field(default_factory=list)
    whole_city: bool = True
    area_codes: list[str] = field(default_factory=list)
    language: str = Language.JA


@dataclass(frozen=True)
class SubscribeOutcome:
    """What :func:`request_subscription` did; the page shown is the same for ``sent`` kinds.

    ``kind``: ``"confirmation_sent"`` (new or pending address), ``"manage_link_sent"``
    (the address already receives messages) or ``"confirmed"`` (a signed-in citizen's
    verified account address: no mail needed).
    """

    kind: str
    subscriber: Subscriber


# ------------------------------------------------------------------ addresses


def clean_email(raw: str) -> str:
    """The address to store, or ``ValidationError`` with a message that says what to fix.

    Full-width input (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ) is folded with NFKC first; the
    domain is lower-cased, the local part kept as typed.  Typos in the domain are not
    guessed: a mistyped but well-formed domain simply gets no confirmation mail.
    """
    value = unicodedata.normalize("NFKC", raw or "").strip()
    if not value:
        raise ValidationError(_("メールアドレスを入力してください。"), code="required")
    if len(value) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("メールアドレスは%(limit)d文字以内で入力してください。")
            % {"limit": EMAIL_MAX_LENGTH},
            code="max_length",
        )
    if any(character.isspace() for character in value):
        raise ValidationError(
            _("メールアドレスに空白が入っています。空白を取り除いてください。"), code="space"
        )
    if "@" not in value:
        raise ValidationError(
            _("メールアドレスに「@」がありません（例: taro@example.jp）。"), code="no_at"
        )
    if value.count("@") > 1:
        raise ValidationError(_("メールアドレスに「@」が2つ以上あります。"), code="many_at")
    local, _at, domain = value.partition("@")
    if not local:
        raise ValidationError(_("「@」の前の部分がありません。"), code="no_local")
    if "." not in domain:
        raise ValidationError(
            _("「@」の後ろのドメイン名が正しくありません（例: example.jp）。"), code="domain"
        )
    value = f"{local}@{domain.lower()}"
    try:
        _validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("メールアドレスの形式が正しくありません（例: taro@example.jp）。"), code="invalid"
        ) from None
    return value


def mask_address(address: str) -> str:
    """``hanako@example.jp`` → ``h***@example.jp`` (pages show no whole address)."""
    local, at, domain = address.partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


# ---------------------------------------------------------------- preferences


def validate_preferences(preferences: Preferences) -> tuple[int, list[str]]:
    """The category mask and the sorted area codes, or ``ValidationError`` per field."""
    from yakuba.residents.queries import town_areas

    errors: dict[str, str] = {}
    bits = dict(Category.objects.values_list("code", "bit"))
    codes = set(preferences.category_codes)
    if not codes:
        errors["categories"] = _("受け取る情報の分類を1つ以上選んでください。")
    elif codes - set(bits):
        errors["categories"] = _("選べない分類が含まれています。")
    areas = sorted(set(preferences.area_codes))
    if not preferences.whole_city:
        if not areas:
            errors["areas"] = _("地域を1つ以上選ぶか、「市内全域」を選んでください。")
        elif set(areas) - {area.code for area in town_areas()}:
            errors["areas"] = _("市内の町丁目ではない地域が含まれています。")
    if preferences.language not in Language.values:
        errors["language"] = _("言語を選んでください。")
    if errors:
        raise ValidationError(errors)
    mask = 0
    for code in codes:
        mask |= 1 << bits[code]
    return mask, ([] if preferences.whole_city else areas)


def preferences_of(subscriber: Subscriber) -> Preferences:
    categories = Category.objects.all()
    return Preferences(
        category_codes=[c.code for c in categories if subscriber.category_mask & c.mask],
        whole_city=subscriber.whole_city,
        area_codes=sorted(subscriber.areas.values_list("area_code", flat=True)),
        language=subscriber.language,
    )


def _apply(subscriber: Subscriber, preferences: Preferences) -> None:
    mask, areas = validate_preferences(preferences)
    subscriber.category_mask = mask
    subscriber.whole_city = preferences.whole_city
    subscriber.language = preferences.language
    subscriber.save(update_fields=["category_mask", "whole_city", "language", "updated"])
    subscriber.areas.exclude(area_code__in=areas).delete()
    SubscriberArea.objects.bulk_create(
        [SubscriberArea(subscriber=subscriber, area_code=code) for code in areas],
        ignore_conflicts=True,
    )


@transaction.atomic
def update_preferences(subscriber: Subscriber, preferences: Preferences) -> Subscriber:
    """Change what a subscriber receives (through the management link)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _apply(subscriber, preferences)
    return subscriber


# ---------------------------------------------------------------- subscribing


def _verified_account_address(user: Any, address: str) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "kind", None) == "citizen"
        and user.email_verified_at is not None
        and user.email.lower() == address.lower()
    )


def _delivers(subscriber: Subscriber) -> bool:
    return subscriber.endpoints.filter(active=True, confirmed_at__isnull=False).exists()


@transaction.atomic
def request_subscription(
    address: str, preferences: Preferences, *, user: Any = None
) -> SubscribeOutcome:
    """Register ``address`` (double opt-in) or re-send to it; see the module docstring.

    ``user``: the signed-in citizen, if any.  A new subscriber is linked to their account;
    their own verified account address needs no confirmation mail.
    """
    address = clean_email(address)
    validate_preferences(preferences)
    own_address = _verified_account_address(user, address)
    is_citizen = getattr(user, "is_authenticated", False) and getattr(user, "kind", "") == "citizen"
    account = user if is_citizen else None  # only citizens' accounts have a マイページ
    endpoint = (
        Endpoint.objects.select_for_update()
        .select_related("subscriber")
        .filter(channel=Channel.EMAIL, address=address)
        .first()
    )
    if endpoint is None:
        subscriber = Subscriber.objects.create(language=preferences.language, user=account)
        _apply(subscriber, preferences)
        try:
            with transaction.atomic():
                endpoint = Endpoint.objects.create(
                    subscriber=subscriber, channel=Channel.EMAIL, address=address
                )
        except IntegrityError:  # the same address sent twice at once: the other request won
            raise ValidationError(
                _("同じメールアドレスの申込みを処理中です。少し待ってからもう一度お試しください。")
            ) from None
    else:
        subscriber = Subscriber.objects.select_for_update().get(pk=endpoint.subscriber_id)
        if own_address:
            _apply(subscriber, preferences)
        elif not _delivers(subscriber):
            _apply(subscriber, preferences)  # nothing is delivered until the owner confirms
            Endpoint.objects.filter(pk=endpoint.pk).update(
                confirmed_at=None, active=True, failure_count=0, disabled_reason=""
            )
            endpoint.refresh_from_db()
        else:
            subscription_mail.send_after_commit(
                "manage",
                address,
                subscriber.language,
                manage_url=links.manage_url(subscriber),
                confirm_url="" if endpoint.deliverable else confirm_url(endpoint),
            )
            return SubscribeOutcome("manage_link_sent", subscriber)
    if own_address:
        if subscriber.user_id is None:
            Subscriber.objects.filter(pk=subscriber.pk).update(user=user)
            subscriber.user = user
        Endpoint.objects.filter(pk=endpoint.pk).update(
            confirmed_at=timezone.now(), active=True, failure_count=0, disabled_reason=""
        )
        return SubscribeOutcome("confirmed", subscriber)
    subscription_mail.send_after_commit(
        "confirm", address, preferences.language, confirm_url=confirm_url(endpoint)
    )
    return SubscribeOutcome("confirmation_sent", subscriber)


# ---------------------------------------------------------------- confirming


def _state(endpoint: Endpoint) -> str:
    """What a confirmation link was issued for: a later change (leaving) voids the link."""
    confirmed = endpoint.confirmed_at.isoformat() if endpoint.confirmed_at else ""
    return f"{confirmed}|{int(endpoint.active)}|{endpoint.disabled_reason}"


def confirm_token(endpoint: Endpoint) -> str:
    return signing.dumps(
        [endpoint.pk, str(endpoint.subscriber.public_id), _state(endpoint)],
        salt=CONFIRM_SALT,
        compress=True,
    )


def confirm_url(endpoint: Endpoint) -> str:
    from django.urls import reverse

    return links.absolute(reverse("portal:alerts:confirm", args=[confirm_token(endpoint)]))


def endpoint_for_confirmation(token: str) -> Endpoint:
    """The endpoint a confirmation link names, or :class:`ConfirmationError`."""
    try:
        endpoint_id, public_id, state = signing.loads(
            token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ConfirmationError(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ConfirmationError(expired=False) from None
    endpoint = (
        Endpoint.objects.select_related("subscriber")
        .filter(pk=endpoint_id, subscriber__public_id=public_id, channel=Channel.EMAIL)
        .first()
    )
    if endpoint is None or not (endpoint.deliverable or _state(endpoint) == state):
        raise ConfirmationError(expired=False)
    return endpoint


@transaction.atomic
def confirm(token: str) -> Subscriber:
    """Confirm the address a link was mailed to; confirming twice changes nothing."""
    endpoint = endpoint_for_confirmation(token)
    if not endpoint.deliverable:
        Endpoint.objects.filter(pk=endpoint.pk).update(
            confirmed_at=timezone.now(), active=True, failure_count=0, disabled_reason=""
        )
    return endpoint.subscriber


# ---------------------------------------------------------------- the management link by mail


@transaction.atomic
def send_manage_link(address: str) -> bool:
    """Mail the management link to a confirmed, active address; ``False`` when there is none.

    The caller shows the same page either way.
    """
    address = clean_email(address)
    endpoint = (
        Endpoint.objects.select_related("subscriber")
        .filter(channel=Channel.EMAIL, address=address, active=True, confirmed_at__isnull=False)
        .first()
    )
    if endpoint is None:
        return False
    subscription_mail.send_after_commit(
        "manage",
        address,
        endpoint.subscriber.language,
        manage_url=links.manage_url(endpoint.subscriber),
    )
    return True


# ---------------------------------------------------------------- leaving


def _erase(queryset) -> int:
    """Switch endpoints off and erase their address (kept: the row, for delivery records)."""
    count = 0
    for endpoint_id in queryset.filter(active=True).values_list("pk", flat=True):
        count += Endpoint.objects.filter(pk=endpoint_id).update(
            active=False,
            address=f"{UNSUBSCRIBED}:{endpoint_id}",
            keys={},
            disabled_reason=UNSUBSCRIBED,
        )
    # inactive for another reason (bounced, push gone): erase the address too
    for endpoint_id in queryset.exclude(disabled_reason=UNSUBSCRIBED).values_list("pk", flat=True):
        Endpoint.objects.filter(pk=endpoint_id).update(
            address=f"{UNSUBSCRIBED}:{endpoint_id}", keys={}, disabled_reason=UNSUBSCRIBED
        )
    return count


@transaction.atomic
def unsubscribe(endpoint: Endpoint) -> bool:
    """Stop one endpoint at once (the unsubscribe link); ``False`` when it had already stopped."""
    return bool(_erase(Endpoint.objects.filter(pk=endpoint.pk)))


@transaction.atomic
def leave(subscriber: Subscriber) -> int:
    """Stop every endpoint of a subscriber, unlink the account and void the management link."""
    count = _erase(Endpoint.objects.filter(subscriber_id=subscriber.pk))
    Subscriber.objects.filter(pk=subscriber.pk).update(
        user=None, token_version=F("token_version") + 1
    )
    return count


def is_unsubscribed(endpoint: Endpoint) -> bool:
    return endpoint.disabled_reason == UNSUBSCRIBED
