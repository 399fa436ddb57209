"""Compose → submit → approve → sending through the staff pages, with the real engine.

The delivery engine runs inline (immediate task backend) against a loopback SMTP server,
so "approved" is checked by what the server received; the pages show counts, never the
subscribers' addresses.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from yakuba.alerts.models import (
    Alert,
    AlertEvent,
    AlertStatus,
    AlertTemplate,
    Delivery,
    DeliveryState,
    Endpoint,
    MsgType,
    Subscriber,
)
from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent
from yakuba.alerts.testing.smtp_sink import SmtpSink
from yakuba.identity.testing import login_staff

pytestmark = pytest.mark.django_db

ADDRESS = "taro.subscriber@example.jp"


@pytest.fixture
def sink():
    mailers = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "alerts": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
    }
    with SmtpSink() as running:
        mailers["alerts"]["OPTIONS"] = {"host": "127.0.0.1", "port": running.port, "timeout": 5}
        with override_settings(MAILERS=mailers):
            yield running


@pytest.fixture
def subscriber_endpoint(categories):
    mask = categories["bosai"].mask | categories["shisei"].mask
    subscriber = Subscriber.objects.create(language="ja", category_mask=mask, whole_city=True)
    return Endpoint.objects.create(
        subscriber=subscriber, channel="email", address=ADDRESS, confirmed_at=timezone.now()
    )


def form_data(category, **overrides) -> dict:
    data = {
        "category": category.pk,
        "target": "city",
        "cap_status": "Actual",
        "event": "大雨",
        "severity": "Severe",
        "urgency": "Immediate",
        "certainty": "Likely",
        "title_ja": "大雨に警戒してください",
        "body_ja": "川や用水路に近づかないでください。",
        "timing": "now",
    }
    data.update(overrides)
    return data


def test_composed_submitted_approved_and_delivered(
    client,
    categories,
    composer,
    approver,
    city,
    sink,
    subscriber_endpoint,
    django_capture_on_commit_callbacks,
):
    bosai = categories["bosai"]
    login_staff(client, composer)
    response = client.post(
        reverse("console:alerts:new"),
        form_data(bosai, title_en="Heavy rain warning", body_en="Keep away from rivers."),
    )
    alert = Alert.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:alerts:detail", args=[alert.pk])
    assert (alert.status, alert.composed_by, alert.title_en) == (
        AlertStatus.DRAFT,
        composer,
        "Heavy rain warning",
    )

    client.post(reverse("console:alerts:submit", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PENDING

    # the composer (an operator) cannot approve; a second staff member with 承認 can
    assert (
        client.post(
            reverse("console:alerts:review", args=[alert.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )
    login_staff(client, approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("console:alerts:review", args=[alert.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.approved_by == approver and alert.status == AlertStatus.SENT
    assert [m.rcpt_tos for m in sink.messages] == [[ADDRESS]]
    assert sink.messages[0].message["Subject"] == "【武蔵村山市】大雨に警戒してください"

    page = client.get(reverse("console:alerts:detail", args=[alert.pk])).content.decode()
    assert 'data-count="email:sent">1<' in page
    assert '<progress class="progress-bar" max="100" value="100"' in page
    for name in (str(composer), str(approver)):
        assert name in page
    assert ADDRESS not in page
    data = client.get(reverse("console:alerts:progress_json", args=[alert.pk])).json()
    assert data["by_channel"]["email"] == {"queued": 0, "sent": 1, "failed": 0, "bounced": 0}
    assert data["done"] is True and data["percent"] == 100
    assert ADDRESS not in str(data)
    assert list(alert.events.values_list("action", flat=True))[:4] == [
        "composed",
        "submitted",
        "approved",
        "sending",
    ]


def test_composer_sees_the_four_eyes_message_and_nothing_changes(client, categories, approver):
    alert = compose.submit(
        approver,
        compose.create_draft(
            approver,
            AlertContent(category=categories["bosai"], event="大雨", title_ja="t", body_ja="b"),
        ),
    )
    login_staff(client, approver)
    response = client.post(
        reverse("console:alerts:review", args=[alert.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert "作成者本人は承認できません" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PENDING and alert.approved_by is None


def test_bad_compose_input_gives_messages_and_keeps_the_text(client, categories, composer, areas):
    login_staff(client, composer)
    cases = [
        ({"title_ja": " "}, "title_ja"),
        ({"target": "areas"}, "areas"),
        ({"target": "areas", "areas": ["9999999"]}, "areas"),
        ({"timing": "later"}, "scheduled_for"),
        ({"timing": "later", "scheduled_for": "2020-01-01T10:00"}, "scheduled_for"),
        ({"expires_at": "明日"}, "expires_at"),
        ({"expires_at": "2020-01-01T10:00"}, "expires_at"),
        ({"title_en": "Heavy rain"}, "body_en"),
        ({"category": "999999"}, "category"),
    ]
    for overrides, field in cases:
        data = form_data(categories["bosai"])
        data.update(overrides)
        response = client.post(reverse("console:alerts:new"), data)
        assert response.status_code == 200, overrides
        assert field in response.context["form"].errors, (
            overrides,
            response.context["form"].errors,
        )
        assert "川や用水路に近づかないでください。" in response.content.decode()
    assert Alert.objects.count() == 0


def test_template_prefills_the_compose_form(client, categories, composer):
    template = AlertTemplate.objects.create(
        category=categories["bosai"],
        name="大雨（避難準備）",
        event="大雨",
        severity="Severe",
        title_ja="大雨のため避難の準備を",
        body_ja="避難の準備をしてください。",
        title_easy="おおあめ",
        body_easy="にげる じゅんびを して ください。",
    )
    login_staff(client, composer)
    response = client.get(reverse("console:alerts:new"), {"template": template.pk})
    form = response.context["form"]
    assert form["title_ja"].value() == "大雨のため避難の準備を"
    assert form["body_easy"].value() == "にげる じゅんびを して ください。"
    assert form["category"].value() == categories["bosai"].pk
    assert form["severity"].value() == "Severe"


def test_scheduled_alert_and_area_selection(client, categories, composer, areas):
    later = timezone.localtime() + datetime.timedelta(days=1)
    login_staff(client, composer)
    client.post(
        reverse("console:alerts:new"),
        form_data(
            categories["shisei"],
            target="areas",
            areas=["0012000", "0004001"],
            timing="later",
            scheduled_for=later.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    alert = Alert.objects.get()
    assert alert.area_codes == ["0004001", "0012000"]
    client.post(reverse("console:alerts:submit", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SCHEDULED
    page = client.get(reverse("console:alerts:detail", args=[alert.pk])).content.decode()
    assert "令和" in page and "緑が丘" in page


def test_reject_with_reason_then_edit(client, categories, composer, approver):
    alert = compose.submit(
        composer,
        compose.create_draft(
            composer,
            AlertContent(category=categories["bosai"], event="大雨", title_ja="t", body_ja="b"),
        ),
    )
    login_staff(client, approver)
    url = reverse("console:alerts:review", args=[alert.pk])
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["reject_form"].errors
    client.post(url, {"decision": "reject", "reason": "地域が違います"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.REJECTED
    login_staff(client, composer)
    edit = reverse("console:alerts:edit", args=[alert.pk])
    assert "地域が違います" in client.get(edit).content.decode()
    client.post(edit, form_data(categories["bosai"], title_ja="直した件名"))
    alert.refresh_from_db()
    assert (alert.status, alert.title_ja) == (AlertStatus.DRAFT, "直した件名")


def test_withdraw_before_sending(client, categories, composer):
    alert = compose.create_draft(
        composer,
        AlertContent(category=categories["bosai"], event="大雨", title_ja="t", body_ja="b"),
    )
    login_staff(client, composer)
    client.post(reverse("console:alerts:withdraw", args=[alert.pk]), {"reason": "重複"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.WITHDRAWN
    assert AlertEvent.objects.get(alert=alert, action="withdrawn").note == "重複"


@pytest.fixture
def sent(categories, composer):
    alert = compose.submit(
        composer,
        compose.create_draft(
            composer,
            AlertContent(
                category=categories["shisei"],
                event="お知らせ",
                title_ja="窓口の延長",
                body_ja="18時まで開けます。",
                title_en="Late opening",
                body_en="Until 18:00.",
            ),
        ),
    )  # on-commit callbacks do not run here: the engine is not started
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.SENT)
    return alert


def test_update_copies_the_content_and_references_the_original(client, sent, composer):
    login_staff(client, composer)
    response = client.post(reverse("console:alerts:update", args=[sent.pk]))
    update = Alert.objects.exclude(pk=sent.pk).get()
    assert response["Location"] == reverse("console:alerts:edit", args=[update.pk])
    assert (update.msg_type, update.references, update.title_en, update.status) == (
        MsgType.UPDATE,
        sent,
        "Late opening",
        AlertStatus.DRAFT,
    )


def test_cancel_creates_a_referencing_cancel_draft(client, sent, composer):
    login_staff(client, composer)
    url = reverse("console:alerts:cancel", args=[sent.pk])
    assert "reason_ja" in client.post(url, {"reason_ja": ""}).context["form"].errors
    client.post(url, {"reason_ja": "誤りでした。", "reason_en": "Sent in error."})
    cancel = Alert.objects.exclude(pk=sent.pk).get()
    assert (cancel.msg_type, cancel.references, cancel.body_ja, cancel.body_en) == (
        MsgType.CANCEL,
        sent,
        "誤りでした。",
        "Sent in error.",
    )
    assert cancel.title_ja == "【取消し】窓口の延長"
    # a draft cannot be revised: the service's message is shown, nothing is created
    response = client.post(reverse("console:alerts:update", args=[cancel.pk]), follow=True)
    assert "配信済みの配信だけを更新・取消しできます" in response.content.decode()
    assert Alert.objects.count() == 2


def test_retry_button_requeues_failed_deliveries_through_the_engine(
    client,
    categories,
    composer,
    city,
    sink,
    subscriber_endpoint,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = compose.submit(
            composer,
            compose.create_draft(
                composer,
                AlertContent(
                    category=categories["shisei"], event="お知らせ", title_ja="t", body_ja="b"
                ),
            ),
        )
    assert len(sink.messages) == 1
    # as the engine leaves a delivery whose temporary failures ran out
    Delivery.objects.filter(alert=alert).update(state=DeliveryState.FAILED, error="timeout")
    login_staff(client, composer)
    page = client.get(reverse("console:alerts:detail", args=[alert.pk])).content.decode()
    assert "失敗分を再送する" in page and 'data-count="email:failed">1<' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("console:alerts:retry", args=[alert.pk]), follow=True)
    assert "失敗した1件を再送します" in response.content.decode()
    assert Delivery.objects.get(alert=alert).state == DeliveryState.SENT
    assert len(sink.messages) == 2
    assert AlertEvent.objects.get(alert=alert, action="retried").actor == composer


def test_list_filters_and_query_count(
    client, categories, composer, approver, django_assert_max_num_queries
):
    for number in range(30):
        alert = compose.create_draft(
            composer if number % 2 else approver,
            AlertContent(
                category=categories["bosai" if number % 3 else "shisei"],
                event="e",
                title_ja=f"件名{number}",
                body_ja="b",
            ),
        )
        if number % 5 == 0:
            compose.submit(alert.composed_by, alert)
    login_staff(client, composer)
    url = reverse("console:alerts:list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["page_obj"]) == 30
    assert response.context["pending_count"] == 4  # numbers 5, 10, 20, 25 (bosai)
    pending = client.get(url, {"status": "pending"})
    assert {a.status for a in pending.context["page_obj"]} == {AlertStatus.PENDING}
    shisei = client.get(url, {"category": categories["shisei"].pk})
    assert len(shisei.context["page_obj"]) == 10
    assert client.get(url, {"status": "bogus"}).status_code == 200


def test_dashboard_panel_shows_pending_approvals(client, categories, composer, approver):
    compose.submit(
        composer,
        compose.create_draft(
            composer,
            AlertContent(category=categories["bosai"], event="大雨", title_ja="t", body_ja="b"),
        ),
    )
    login_staff(client, approver)
    page = client.get(reverse("console:dashboard")).content.decode()
    assert "承認待ち 1件" in page and reverse("console:alerts:list") in page
