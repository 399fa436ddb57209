"""Demo data for the alerts module: subscribers, a few alerts in each state.

Subscribers get fictional ``example.jp`` addresses (RFC 2606 reserved: nothing can
be delivered there for real) confirmed at once, a seeded mix of languages,
categories and 町丁目.  The alerts are composed and approved by the demo's
防災安全課 staff through the compose services, so the demo worker delivers them
(to the demo's mailer) when ``make demo`` starts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Category, Channel, Endpoint, Subscriber, SubscriberArea
from .services import compose
from .services.compose import AlertContent

LANGUAGE_WEIGHTS = (("ja", 80), ("easy", 10), ("en", 10))


@dataclass(frozen=True)
class DemoAlerts:
    subscribers: int
    alerts: int


def load_demo_subscribers(count: int, area_codes: list[str], seed: int) -> int:
    """``count`` confirmed e-mail subscribers (``alert-0001@example.jp`` …); idempotent."""
    rng = random.Random(seed)
    categories = list(Category.objects.all())
    existing = set(
        Endpoint.objects.filter(channel=Channel.EMAIL, address__endswith="@example.jp")
        .filter(address__startswith="alert-")
        .values_list("address", flat=True)
    )
    now = timezone.now()
    languages = [code for code, weight in LANGUAGE_WEIGHTS for _ in range(weight)]
    created = 0
    for number in range(1, count + 1):
        address = f"alert-{number:05d}@example.jp"
        if address in existing:
            continue
        mask = 0
        for category in categories:
            if category.code == "bosai" or rng.random() < 0.4:
                mask |= category.mask
        whole_city = not area_codes or rng.random() < 0.6
        subscriber = Subscriber.objects.create(
            language=rng.choice(languages), category_mask=mask, whole_city=whole_city
        )
        if not whole_city:
            SubscriberArea.objects.bulk_create(
                SubscriberArea(subscriber=subscriber, area_code=code)
                for code in rng.sample(area_codes, k=min(2, len(area_codes)))
            )
        Endpoint.objects.create(
            subscriber=subscriber, channel=Channel.EMAIL, address=address, confirmed_at=now
        )
        created += 1
    return created


def load_demo_alerts(composer_email: str, approver_email: str) -> int:
    """A sent city-news alert, a sent (approved) crime alert, one awaiting approval."""
    users = get_user_model().objects
    composer = users.get(email=composer_email)
    approver = users.get(email=approver_email)
    categories = {category.code: category for category in Category.objects.all()}
    if compose.Alert.objects.filter(source="staff", composed_by=composer).exists():
        return 0
    news = compose.create_draft(
        composer,
        AlertContent(
            category=categories["shisei"],
            event="お知らせ",
            title_ja="【武蔵村山市】市民総合体育館の臨時休館",
            body_ja="設備点検のため、12月10日（水）は市民総合体育館を臨時休館します。",
            title_en="[Musashimurayama City] Gymnasium closed for one day",
            body_en="The City General Gymnasium is closed on Wednesday 10 December for inspection.",
            title_easy="【むさしむらやまし】たいいくかん が やすみ です",
            body_easy="12がつ10にち（すいようび）は たいいくかん が やすみ です。",
            severity="Minor",
            urgency="Future",
        ),
    )
    compose.submit(composer, news)
    crime = compose.create_draft(
        composer,
        AlertContent(
            category=categories["bohan"],
            event="特殊詐欺",
            title_ja="【武蔵村山市】還付金詐欺の電話にご注意ください",
            body_ja=(
                "市役所職員を名乗り「医療費の還付金がある」とATMへ誘導する電話が"
                "市内で相次いでいます。ATMでお金が戻ることはありません。"
                "不審な電話は東大和警察署（042-566-0110）へ。"
            ),
            title_en="[Musashimurayama City] Beware of refund fraud calls",
            body_en=(
                "Callers claiming to be city staff are sending people to ATMs for a "
                "'medical refund'. No refund is ever paid at an ATM."
            ),
            severity="Moderate",
            urgency="Expected",
        ),
    )
    compose.submit(composer, crime)
    compose.approve(approver, crime)
    pending = compose.create_draft(
        composer,
        AlertContent(
            category=categories["bosai"],
            event="防災訓練",
            title_ja="【訓練】武蔵村山市 総合防災訓練のお知らせ",
            body_ja="これは訓練です。市内全域で総合防災訓練を行います。",
            cap_status="Exercise",
            severity="Minor",
            urgency="Future",
        ),
    )
    compose.submit(composer, pending)
    return 3
