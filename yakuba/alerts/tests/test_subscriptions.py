"""Double opt-in, re-sending without revealing, confirmation links, preferences, leaving."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from yakuba.alerts import links
from yakuba.alerts.models import Endpoint, Subscriber
from yakuba.alerts.services import subscriptions
from yakuba.alerts.services.subscriptions import ConfirmationError, Preferences

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://\S+/alerts/confirm/(\S+)/")
MANAGE_LINK = re.compile(r"http://\S+/alerts/manage/(\S+)/")


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run a service and deliver what it sent on commit; returns the new messages."""

    def run(function, *args, **kwargs):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = function(*args, **kwargs)
        return result, mail.outbox[before:]

    return run


def prefs(**overrides) -> Preferences:
    values = {"category_codes": ["bosai"], "whole_city": True, "area_codes": [], "language": "ja"}
    values.update(overrides)
    return Preferences(**values)


def confirm_token_in(message) -> str:
    return CONFIRM_LINK.search(message.body).group(1)


def test_a_new_address_is_stored_unconfirmed_and_gets_one_confirmation_mail(
    categories, areas, mailed
):
    outcome, sent = mailed(
        subscriptions.request_subscription,
        "hanako@Example.JP",
        prefs(category_codes=["bosai", "bohan"], whole_city=False, area_codes=["0004001"]),
    )
    assert outcome.kind == "confirmation_sent"
    endpoint = Endpoint.objects.get()
    assert endpoint.address == "hanako@example.jp"
    assert endpoint.confirmed_at is None and not endpoint.deliverable
    subscriber = endpoint.subscriber
    assert subscriber.category_mask == categories["bosai"].mask | categories["bohan"].mask
    assert not subscriber.whole_city
    assert list(subscriber.areas.values_list("area_code", flat=True)) == ["0004001"]
    assert len(sent) == 1 and sent[0].to == ["hanako@example.jp"]
    assert sent[0].alternatives[0].mimetype == "text/html"
    assert confirm_token_in(sent[0]) in sent[0].alternatives[0].content


def test_confirming_makes_the_address_deliverable_and_twice_changes_nothing(categories, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    token = confirm_token_in(sent[0])
    subscriber = subscriptions.confirm(token)
    endpoint = Endpoint.objects.get()
    assert endpoint.deliverable and endpoint.subscriber == subscriber
    first = endpoint.confirmed_at
    subscriptions.confirm(token)
    endpoint.refresh_from_db()
    assert endpoint.confirmed_at == first


def test_a_pending_address_gets_a_new_mail_and_its_new_preferences(categories, mailed):
    mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    outcome, sent = mailed(
        subscriptions.request_subscription, "taro@example.jp", prefs(category_codes=["kenko"])
    )
    assert outcome.kind == "confirmation_sent" and len(sent) == 1
    assert Endpoint.objects.count() == 1 and Subscriber.objects.count() == 1
    assert Subscriber.objects.get().category_mask == categories["kenko"].mask


def test_a_subscribed_address_keeps_its_preferences_and_gets_the_management_link(
    categories, mailed
):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    subscriptions.confirm(confirm_token_in(sent[0]))
    outcome, sent = mailed(
        subscriptions.request_subscription, "taro@example.jp", prefs(category_codes=["kenko"])
    )
    assert outcome.kind == "manage_link_sent"
    subscriber = Subscriber.objects.get()
    assert subscriber.category_mask == categories["bosai"].mask  # not changed by a stranger
    token = MANAGE_LINK.search(sent[0].body).group(1)
    assert links.subscriber_from_manage_token(token) == subscriber
    assert not CONFIRM_LINK.search(sent[0].body)


def test_an_altered_confirmation_link_is_refused(categories, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    token = confirm_token_in(sent[0])
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (altered, "", "garbage", links.manage_token(Subscriber.objects.get())):
        with pytest.raises(ConfirmationError) as refused:
            subscriptions.confirm(bad)
        assert refused.value.expired is False
    assert Endpoint.objects.get().confirmed_at is None


class _PastSigner(signing.TimestampSigner):
    """Signs as if it were four days ago (a real, correctly signed but old link)."""

    def timestamp(self):
        return signing.b62_encode(int(time.time() - 4 * 24 * 3600))


def test_a_confirmation_link_older_than_three_days_has_expired(categories, mailed):
    mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    endpoint = Endpoint.objects.select_related("subscriber").get()
    payload = [endpoint.pk, str(endpoint.subscriber.public_id), subscriptions._state(endpoint)]
    old = _PastSigner(salt=subscriptions.CONFIRM_SALT).sign_object(payload, compress=True)
    with pytest.raises(ConfirmationError) as refused:
        subscriptions.confirm(old)
    assert refused.value.expired is True
    assert Endpoint.objects.get().confirmed_at is None


def test_leaving_voids_an_earlier_confirmation_link(categories, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    token = confirm_token_in(sent[0])
    subscriptions.unsubscribe(Endpoint.objects.get())
    with pytest.raises(ConfirmationError):
        subscriptions.confirm(token)
    assert not Endpoint.objects.get().active


def test_unsubscribing_erases_the_address_at_once_and_is_idempotent(categories, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    subscriptions.confirm(confirm_token_in(sent[0]))
    endpoint = Endpoint.objects.get()
    assert subscriptions.unsubscribe(endpoint) is True
    endpoint.refresh_from_db()
    assert not endpoint.active and not endpoint.deliverable
    assert "taro" not in endpoint.address
    assert subscriptions.unsubscribe(endpoint) is False
    # the address may subscribe again, as a new subscriber
    outcome, again = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    assert outcome.kind == "confirmation_sent" and len(again) == 1
    assert Endpoint.objects.filter(address="taro@example.jp").count() == 1


def test_leaving_stops_every_endpoint_and_voids_the_management_link(categories, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    subscriber = subscriptions.confirm(confirm_token_in(sent[0]))
    push = Endpoint.objects.create(
        subscriber=subscriber,
        channel="webpush",
        address="https://push.example/abc",
        keys={"p256dh": "x", "auth": "y"},
        confirmed_at=timezone.now(),
    )
    token = links.manage_token(subscriber)
    assert subscriptions.leave(subscriber) == 2
    assert not Endpoint.objects.filter(active=True).exists()
    push.refresh_from_db()
    assert push.keys == {} and "push.example" not in push.address
    assert links.subscriber_from_manage_token(token) is None


def test_preferences_change_through_the_service(categories, areas, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    subscriber = subscriptions.confirm(confirm_token_in(sent[0]))
    subscriptions.update_preferences(
        subscriber,
        prefs(category_codes=["kosodate"], whole_city=False, area_codes=["0012000"], language="en"),
    )
    subscriber.refresh_from_db()
    assert subscriber.category_mask == categories["kosodate"].mask
    assert subscriber.language == "en" and not subscriber.whole_city
    assert subscriptions.preferences_of(subscriber).area_codes == ["0012000"]
    with pytest.raises(ValidationError) as invalid:
        subscriptions.update_preferences(
            subscriber, prefs(category_codes=[], whole_city=False, area_codes=["9999999"])
        )
    assert set(invalid.value.error_dict) == {"categories", "areas"}
    subscriber.refresh_from_db()
    assert subscriber.category_mask == categories["kosodate"].mask  # nothing lost


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ", "hanako@example.jp"),
        ("  Hanako@EXAMPLE.jp ", "Hanako@example.jp"),
    ],
)
def test_full_width_input_is_folded(typed, stored):
    assert subscriptions.clean_email(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "入力してください"),
        ("hanako @example.jp", "空白"),
        ("hanako　@example.jp", "空白"),  # ideographic space
        ("hanako.example.jp", "「@」がありません"),
        ("hanako@@example.jp", "2つ以上"),
        ("@example.jp", "前の部分"),
        ("hanako@example", "ドメイン名"),
        ("han,ako@example.jp", "形式が正しくありません"),
        ("a" * 250 + "@example.jp", "254文字以内"),
    ],
)
def test_bad_addresses_get_a_message_saying_what_to_fix(typed, message):
    with pytest.raises(ValidationError) as invalid:
        subscriptions.clean_email(typed)
    assert message in invalid.value.messages[0]


def test_a_verified_account_address_needs_no_confirmation_mail(categories, mailed):
    from yakuba.identity.tests.factories import CitizenFactory

    citizen = CitizenFactory(email="hanako@example.jp", email_verified_at=timezone.now())
    outcome, sent = mailed(
        subscriptions.request_subscription, "hanako@example.jp", prefs(), user=citizen
    )
    assert outcome.kind == "confirmed" and sent == []
    assert Endpoint.objects.get().deliverable
    assert Subscriber.objects.get().user == citizen


def test_another_address_of_a_signed_in_citizen_is_confirmed_by_mail(categories, mailed):
    from yakuba.identity.tests.factories import CitizenFactory

    citizen = CitizenFactory(email="hanako@example.jp", email_verified_at=timezone.now())
    outcome, sent = mailed(
        subscriptions.request_subscription, "other@example.jp", prefs(), user=citizen
    )
    assert outcome.kind == "confirmation_sent" and len(sent) == 1
    assert not Endpoint.objects.get().deliverable
    assert Subscriber.objects.get().user == citizen


def test_a_staff_account_is_never_linked(categories, mailed):
    from yakuba.identity.tests.factories import StaffFactory

    staff = StaffFactory(email="clerk@city.example.lg.jp", email_verified_at=timezone.now())
    outcome, sent = mailed(
        subscriptions.request_subscription, "clerk@city.example.lg.jp", prefs(), user=staff
    )
    assert outcome.kind == "confirmation_sent" and len(sent) == 1
    assert Subscriber.objects.get().user is None


def test_an_unverified_account_address_is_confirmed_by_mail(categories, mailed):
    from yakuba.identity.tests.factories import CitizenFactory

    citizen = CitizenFactory(email="hanako@example.jp", email_verified_at=None)
    outcome, sent = mailed(
        subscriptions.request_subscription, "hanako@example.jp", prefs(), user=citizen
    )
    assert outcome.kind == "confirmation_sent" and len(sent) == 1
    assert not Endpoint.objects.get().deliverable


def test_the_management_link_goes_only_to_a_confirmed_address(categories, mailed):
    _, sent = mailed(subscriptions.request_subscription, "taro@example.jp", prefs())
    found, none = mailed(subscriptions.send_manage_link, "taro@example.jp")
    assert found is False and none == []  # pending: not yet theirs
    subscriptions.confirm(confirm_token_in(sent[0]))
    found, sent = mailed(subscriptions.send_manage_link, "ＴＡＲＯ@example.jp".lower())
    assert found is True and len(sent) == 1
    assert MANAGE_LINK.search(sent[0].body)
    found, none = mailed(subscriptions.send_manage_link, "nobody@example.jp")
    assert found is False and none == []


def test_addresses_are_masked_on_pages():
    assert subscriptions.mask_address("hanako@example.jp") == "h***@example.jp"
    assert subscriptions.mask_address("unsubscribed:12") == "***"
