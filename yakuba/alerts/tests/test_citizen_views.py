"""The citizen subscription pages: forms, links, RFC 8058 one-click, no 500 on bad input."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from yakuba.alerts import links
from yakuba.alerts.models import Endpoint, Subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/alerts/subscribe/"
CONFIRM_LINK = re.compile(r"http://\S+(/alerts/confirm/\S+/)")


@pytest.fixture(autouse=True)
def fresh_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return send


def form(**overrides):
    data = {"email": "hanako@example.jp", "categories": ["bosai"], "coverage": "whole"}
    data["language"] = "ja"
    data.update(overrides)
    return data


def confirmed(address="hanako@example.jp", **fields) -> Endpoint:
    subscriber = Subscriber.objects.create(category_mask=1, **fields)
    return Endpoint.objects.create(
        subscriber=subscriber, channel="email", address=address, confirmed_at=timezone.now()
    )


def test_the_form_offers_the_six_categories_with_disaster_checked_and_areas_by_town(
    client, categories, areas
):
    page = client.get(SUBSCRIBE).content.decode()
    for name in ("防災・気象", "防犯", "市政", "健康・検診", "子育て・学校", "自治会"):
        assert f">{name}</label>" in page
    assert re.search(r'value="bosai"[^>]*checked', page)
    assert not re.search(r'value="bohan"[^>]*checked', page)
    assert '<legend class="label">緑が丘</legend>' in page
    assert 'value="0004001"' in page and "やさしい日本語" in page


def test_the_form_shows_line_and_feeds_when_available(client, categories):
    with override_settings(YAKUBA_LINE_CHANNEL_ACCESS_TOKEN=""):
        assert "LINE公式アカウント" not in client.get(SUBSCRIBE).content.decode()
    with override_settings(YAKUBA_LINE_CHANNEL_ACCESS_TOKEN="token"):
        page = client.get(SUBSCRIBE).content.decode()
    assert "LINE公式アカウント" in page
    assert f'href="{reverse("portal:alert_feeds:feed")}"' in page


def test_subscribing_redirects_to_the_same_page_for_new_and_known_addresses(
    client, post, categories
):
    confirmed("known@example.jp")
    first = post(SUBSCRIBE, form(email="new@example.jp"))
    second = post(SUBSCRIBE, form(email="known@example.jp"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("portal:alerts:subscribe_sent")
    assert [m.to for m in mail.outbox] == [["new@example.jp"], ["known@example.jp"]]
    assert client.get(first["Location"]).status_code == 200


def test_a_bad_address_keeps_the_input_and_saves_nothing(client, post, categories):
    response = post(SUBSCRIBE, form(email="hanako.example.jp", categories=["bosai", "kenko"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "「@」がありません" in page and 'value="hanako.example.jp"' in page
    assert re.search(r'value="kenko"[^>]*checked', page)
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_choosing_areas_needs_at_least_one(client, post, categories, areas):
    response = post(SUBSCRIBE, form(coverage="areas"))
    assert "地域を1つ以上選ぶか" in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "x" * 5000},
        {"email": "a\x00b@example.jp", "categories": ["bosai"], "coverage": "whole"},
        {"email": "a@example.jp", "categories": ["nope"], "coverage": "whole", "language": "ja"},
        {"email": "a@example.jp", "categories": ["bosai"], "coverage": "areas", "areas": ["x"]},
        {"email": "a@example.jp", "categories": ["bosai"], "coverage": "moon", "language": "xx"},
        {"email": ["a@example.jp", "b@example.jp"], "categories": "bosai"},
        {"email": "<script>alert(1)</script>@example.jp", "categories": ["bosai"]},
    ],
)
def test_no_bad_subscribe_input_causes_an_error_page(client, categories, areas, data):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 200
    assert "入力内容に問題があります" in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/alerts/confirm/garbage/",
        "/alerts/confirm/WzEsIngiXQ:1abc:def/",
        "/alerts/manage/garbage/",
        "/alerts/manage/" + "A" * 3000 + "/",
        "/alerts/unsubscribe/garbage/",
        "/alerts/unsubscribe/%E2%80%8B/",
    ],
)
def test_bad_links_get_a_clear_page_not_an_error(client, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 400
        assert "このリンクは使えません" in response.content.decode()


def test_following_the_confirmation_link_asks_first_then_confirms(client, post, categories):
    post(SUBSCRIBE, form())
    path = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "h***@example.jp" in page.content.decode()
    assert Endpoint.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing
    response = client.post(path)
    assert response.status_code == 302
    assert Endpoint.objects.get().deliverable
    manage = client.get(response["Location"]).content.decode()
    assert "登録が完了しました" in manage and "h***@example.jp" in manage
    assert "hanako@example.jp" not in manage


def test_the_management_page_changes_preferences_with_a_post(client, categories, areas):
    subscriber = confirmed().subscriber
    path = reverse("portal:alerts:manage", args=[links.manage_token(subscriber)])
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "action": "save",
            "categories": ["bohan", "jichikai"],
            "coverage": "areas",
            "areas": ["0012000"],
            "language": "en",
        },
    )
    assert response.status_code == 302 and response["Location"] == path
    subscriber.refresh_from_db()
    assert subscriber.category_mask == categories["bohan"].mask | categories["jichikai"].mask
    assert subscriber.language == "en" and not subscriber.whole_city


def test_changes_need_the_csrf_token(categories):
    subscriber = confirmed().subscriber
    path = reverse("portal:alerts:manage", args=[links.manage_token(subscriber)])
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path, {"action": "leave"})
    assert response.status_code == 403
    assert Endpoint.objects.get().active


def test_leaving_from_the_management_page(client, categories):
    subscriber = confirmed().subscriber
    path = reverse("portal:alerts:manage", args=[links.manage_token(subscriber)])
    response = client.post(path, {"action": "leave"})
    assert response.status_code == 200 and "すべての配信を停止し" in response.content.decode()
    assert not Endpoint.objects.get().active
    assert client.get(path).status_code == 400  # the link is void now


def test_unsubscribe_get_only_shows_a_button(client, categories):
    endpoint = confirmed()
    path = links.unsubscribe_url(endpoint).removeprefix("http://127.0.0.1:8000")
    for method in (client.get, client.head):
        assert method(path).status_code == 200
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.address == "hanako@example.jp"


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_rfc8058_one_click_post_unsubscribes_without_cookies_or_csrf(categories, encoding):
    endpoint = confirmed()
    path = reverse("portal:alerts:unsubscribe", args=[links.unsubscribe_token(endpoint)])
    mailbox_provider = Client(enforce_csrf_checks=True)  # no session, no CSRF cookie or token
    if encoding == "urlencoded":
        response = mailbox_provider.post(
            path,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = mailbox_provider.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200  # a 2xx page, never a redirect (RFC 8058 §3.1)
    endpoint.refresh_from_db()
    assert not endpoint.active and "hanako" not in endpoint.address
    again = mailbox_provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200  # a retried POST is fine


def test_one_click_leaves_the_other_endpoints(client, categories):
    endpoint = confirmed()
    push = Endpoint.objects.create(
        subscriber=endpoint.subscriber,
        channel="webpush",
        address="https://push.example/1",
        confirmed_at=timezone.now(),
    )
    path = reverse("portal:alerts:unsubscribe", args=[links.unsubscribe_token(endpoint)])
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert "ほかの配信先の設定を見る" in response.content.decode()
    push.refresh_from_db()
    assert push.deliverable


def test_asking_for_the_link_answers_the_same_for_any_address(client, post, categories):
    confirmed("known@example.jp")
    known = post("/alerts/manage/", {"email": "known@example.jp"})
    unknown = post("/alerts/manage/", {"email": "stranger@example.jp"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["known@example.jp"]]
    assert "/alerts/manage/" in mail.outbox[0].body


def test_the_sixth_subscription_in_a_minute_is_refused(client, post, categories):
    for number in range(5):
        response = post(SUBSCRIBE, form(email=f"person{number}@example.jp"))
        assert response.status_code == 302
    refused = post(SUBSCRIBE, form(email="person5@example.jp"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    page = refused.content.decode()
    assert "しばらくしてからお試しください" in page and 'lang="en"' in page
    assert not Endpoint.objects.filter(address="person5@example.jp").exists()
    assert len(mail.outbox) == 5


def test_one_address_gets_at_most_three_mails_an_hour_from_any_client(post, categories):
    for number in range(3):
        response = post(SUBSCRIBE, form(), REMOTE_ADDR=f"192.0.2.{number}")
        assert response.status_code == 302
    refused = post("/alerts/manage/", {"email": "hanako@example.jp"}, REMOTE_ADDR="192.0.2.9")
    assert refused.status_code == 429
    assert len(mail.outbox) == 3


def test_the_catalogue_and_mypage_show_the_service(client, categories):
    from yakuba.identity.tests.factories import CitizenFactory

    assert reverse("portal:alerts:subscribe") in client.get("/").content.decode()
    citizen = CitizenFactory(email="hanako@example.jp")
    subscriber = confirmed(user=citizen).subscriber
    client.force_login(citizen)
    page = client.get(reverse("portal:mypage")).content.decode()
    assert "h***@example.jp" in page and "hanako@example.jp" not in page
    # The token is signed with a timestamp: read it from the page, don't rebuild it.
    prefix = reverse("portal:alerts:manage", args=["TOKEN"]).split("TOKEN")[0]
    [token] = re.findall(re.escape(prefix) + r"([^/\"]+)/", page)
    assert links.subscriber_from_manage_token(token) == subscriber


def test_a_signed_in_citizen_subscribes_their_verified_address_at_once(client, post, categories):
    from yakuba.identity.tests.factories import CitizenFactory

    citizen = CitizenFactory(email="hanako@example.jp")
    client.force_login(citizen)
    assert 'value="hanako@example.jp"' in client.get(SUBSCRIBE).content.decode()
    response = post(SUBSCRIBE, form())
    assert response.status_code == 302 and "/alerts/manage/" in response["Location"]
    assert mail.outbox == []
    assert Endpoint.objects.get().deliverable and Subscriber.objects.get().user == citizen


@pytest.mark.redis
def test_limits_hold_on_the_shared_redis_cache_recommended_for_production(post, categories):
    """Django's built-in RedisCache (several web processes share one count)."""
    import uuid

    import redis
    from django.conf import settings

    prefix = f"test-alerts-citizen-{uuid.uuid4().hex}"
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,  # fresh counts without flushing a shared server
        }
    }
    with override_settings(CACHES=shared):
        statuses = [
            post(SUBSCRIBE, form(email=f"r{number}@example.jp")).status_code for number in range(6)
        ]
    assert statuses == [302] * 5 + [429]
    assert redis.Redis.from_url(settings.REDIS_URL).keys(f"{prefix}:*")  # counted in Redis
