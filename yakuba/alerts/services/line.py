"""The LINE official account's webhook: adding the account subscribes, blocking it leaves.

LINE signs every webhook request: ``X-Line-Signature`` is the base64 HMAC-SHA256 of the
raw body with the channel secret.  Nothing is processed before that signature checks out.

* ``follow`` (added as a friend, or unblocked): a subscriber with a confirmed ``line``
  endpoint (the userId), 防災・気象 for the whole city, in the language of the user's LINE
  app when LINE reports it (else 日本語); the reply links to the signed management page,
  where the resident chooses categories and areas.
* ``unfollow`` (blocked): the endpoint is switched off.
* ``message`` text 「設定」/"settings": replies with the management link again;
  「停止」/"stop": switches the endpoint off.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import links
from ..channels.line import USER_ID, LineApi, text_message
from ..languages import Language
from ..models import Category, Channel, Endpoint, Subscriber

logger = logging.getLogger(__name__)

DEFAULT_CATEGORY_CODE = "bosai"
SETTINGS_COMMANDS = {"設定", "せってい", "settings", "setting"}
STOP_COMMANDS = {"停止", "ていし", "stop"}

WELCOME = {
    "ja": (
        "友だち追加ありがとうございます。防災・気象の情報（市内全域）をお届けします。\n"
        "受け取る情報の分類・地域・言語は、次のページで変えられます。\n{url}\n"
        "配信をやめるときは、このアカウントをブロックするか「停止」と送ってください。"
    ),
    "easy": (
        "ともだち ついか ありがとう ございます。さいがい・てんき の おしらせ を おくります。\n"
        "うけとる おしらせ は、この ページで かえられます。\n{url}\n"
        "とめる ときは「停止」と おくって ください。"
    ),
    "en": (
        "Thank you for adding us. You will receive disaster and weather alerts for the whole city.\n"
        "Choose categories, areas and language here:\n{url}\n"
        'To stop, block this account or send "stop".'
    ),
}
SETTINGS_REPLY = {
    "ja": "受け取る情報の変更はこちらです。\n{url}",
    "easy": "うけとる おしらせ を かえる ページ です。\n{url}",
    "en": "Change your settings here:\n{url}",
}
STOPPED_REPLY = {
    "ja": "配信を停止しました。再開するときは「設定」と送ってください。",
    "easy": "おくる のを とめました。",
    "en": "You will no longer receive alerts.",
}


def signature_for(body: bytes, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_signature(body: bytes, signature: str, secret: str | None = None) -> bool:
    """Constant-time check of ``X-Line-Signature`` over the raw request body."""
    secret = settings.YAKUBA_LINE_CHANNEL_SECRET if secret is None else secret
    if not secret or not signature:
        return False
    return hmac.compare_digest(signature_for(body, secret).encode(), signature.encode())


def language_from(line_language: str | None) -> str:
    """LINE reports BCP 47 tags (``ja``, ``en``, ``en-US``…); we offer ja, en and easy."""
    if line_language and line_language.lower().startswith("en"):
        return Language.EN
    return Language.JA


def _line_endpoint(user_id: str) -> Endpoint | None:
    return (
        Endpoint.objects.select_related("subscriber")
        .filter(channel=Channel.LINE, address=user_id)
        .first()
    )


@transaction.atomic
def follow(user_id: str, language: str = Language.JA) -> Endpoint:
    """Subscribe a LINE user (idempotent: a re-follow reactivates the same endpoint)."""
    endpoint = (
        Endpoint.objects.select_for_update()
        .select_related("subscriber")
        .filter(channel=Channel.LINE, address=user_id)
        .first()
    )
    if endpoint is None:
        category = Category.objects.filter(code=DEFAULT_CATEGORY_CODE).first()
        subscriber = Subscriber.objects.create(
            language=language,
            category_mask=category.mask if category is not None else 1,
            whole_city=True,
        )
        endpoint = Endpoint(subscriber=subscriber, channel=Channel.LINE, address=user_id)
    endpoint.confirmed_at = endpoint.confirmed_at or timezone.now()
    endpoint.active = True
    endpoint.failure_count = 0
    endpoint.disabled_reason = ""
    endpoint.save()
    return endpoint


def unfollow(user_id: str, reason: str = "LINE: unfollowed") -> bool:
    return bool(
        Endpoint.objects.filter(channel=Channel.LINE, address=user_id, active=True).update(
            active=False, disabled_reason=reason
        )
    )


def _reply(api: LineApi, reply_token: Any, text: str) -> None:
    if not isinstance(reply_token, str) or not reply_token:
        return
    try:
        response = api.reply(reply_token, [text_message(text)])
        if response.status_code != 200:
            logger.warning("LINE reply refused", extra={"status": response.status_code})
    except Exception:  # noqa: BLE001 - a lost welcome message must not lose the subscription
        logger.warning("LINE reply failed", exc_info=True)


def _handle(api: LineApi, event: dict[str, Any]) -> bool:
    source = event.get("source") or {}
    user_id = source.get("userId") if isinstance(source, dict) else None
    if source.get("type") != "user" or not isinstance(user_id, str) or not USER_ID.match(user_id):
        return False
    kind = event.get("type")
    if kind == "follow":
        language = language_from(source.get("language") or api.profile_language(user_id))
        endpoint = follow(user_id, language)
        url = links.manage_url(endpoint.subscriber)
        _reply(api, event.get("replyToken"), WELCOME[endpoint.subscriber.language].format(url=url))
        return True
    if kind == "unfollow":
        unfollow(user_id)
        return True
    if kind == "message" and (event.get("message") or {}).get("type") == "text":
        command = str(event["message"].get("text", "")).strip().lower()
        endpoint = _line_endpoint(user_id)
        if command in SETTINGS_COMMANDS:
            if endpoint is None or not endpoint.active:
                endpoint = follow(user_id, language_from(api.profile_language(user_id)))
            language = endpoint.subscriber.language
            url = links.manage_url(endpoint.subscriber)
            _reply(api, event.get("replyToken"), SETTINGS_REPLY[language].format(url=url))
            return True
        if command in STOP_COMMANDS and endpoint is not None:
            unfollow(user_id, "LINE: stop command")
            language = endpoint.subscriber.language
            _reply(api, event.get("replyToken"), STOPPED_REPLY[language])
            return True
    return False


def handle_webhook(body: bytes, api: LineApi | None = None) -> int:
    """Process a verified webhook body; returns how many events changed or answered something."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return 0
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        return 0
    api = api or LineApi()
    try:
        return sum(1 for event in events if isinstance(event, dict) and _handle(api, event))
    finally:
        api.close()
