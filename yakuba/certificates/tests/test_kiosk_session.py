"""The kiosk session: step order, malformed requests, idle timeout, service hours,
maintenance windows, English."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from yakuba.certificates.models import Issuance
from yakuba.certificates.web.kiosk.session import STATE_KEY

from .test_kiosk_support import *  # noqa: F403
from .test_kiosk_support import choose, sign_in, slot_of, start, state_of, url

pytestmark = pytest.mark.django_db

STEPS = ("card", "pin", "kind", "options", "copies", "confirm", "print")


def test_steps_out_of_order_redirect_to_the_right_one(device, card):
    for step in STEPS:
        assert device.get(url(step)).url == url("start"), step
    start(device)
    for step in STEPS[1:]:
        assert device.get(url(step)).url == url("card"), step
    device.post(url("card"), {"card": slot_of(card)})
    assert device.get(url("kind")).url == url("pin")
    device.post(url("pin"), {"pin": "1234"})
    assert device.get(url("pin")).url == url("kind")  # signed in: no PIN again
    assert device.get(url("confirm")).url == url("kind")
    device.post(url("kind"), {"kind": "residence"})
    assert device.get(url("confirm")).url == url("options")
    assert device.post(url("confirm"), {"request_id": "x"}).url == url("options")
    assert Issuance.objects.count() == 0


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("kind", {}, "証明書の種類を選んでください。"),
        ("kind", {"kind": "passport"}, "証明書の種類を選んでください。"),
        ("options", {"scope": "everyone"}, "「本人のみ」か「世帯全員」から選んでください"),
        ("options", {"domicile": "maybe"}, "記載するか記載しないかを選んでください"),
        ("copies", {"copies": "11", "action": "next"}, "通数は1通から10通までです。"),
        ("copies", {"copies": "0", "action": "next"}, "通数は1通から10通までです。"),
        ("copies", {"copies": "two", "action": "next"}, "通数は数字で選んでください。"),
        ("copies", {"copies": "1", "action": "explode"}, "ボタンを押して選んでください。"),
        ("confirm", {}, "画面の有効期限が切れました"),
        ("confirm", {"request_id": "not-a-uuid"}, "画面の有効期限が切れました"),
        (
            "confirm",
            {"request_id": "00000000-0000-4000-8000-000000000000"},
            "画面の有効期限が切れました",
        ),
        ("print", {"printed": "maybe"}, "印刷できたかどうか"),
    ],
)
def test_malformed_posts_get_a_clear_error(device, card, step, data, message):
    sign_in(device, card)
    if step in ("options", "copies", "confirm", "print"):
        device.post(url("kind"), {"kind": "residence"})
    if step in ("copies", "confirm", "print"):
        device.post(url("options"), {})
    if step in ("confirm", "print"):
        device.post(url("copies"), {"copies": 1, "action": "next"})
    if step == "print":
        device.get(url("confirm"))
        device.post(url("confirm"), {"request_id": state_of(device)["request_id"]})
    response = device.post(url(step), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Issuance.objects.count() == (1 if step == "print" else 0)


def test_copies_stay_within_one_and_ten(device, card):
    sign_in(device, card)
    choose(device, copies=10)
    device.post(url("copies"), {"copies": 10, "action": "plus"})
    assert "10通" in device.get(url("copies")).content.decode()
    assert 'value="plus" class="button button-secondary kiosk-counter-button" disabled' in (
        device.get(url("copies")).content.decode()
    )
    for _ in range(12):
        device.post(
            url("copies"), {"copies": state_of(device).get("copies_draft", 10), "action": "minus"}
        )
    assert state_of(device)["copies_draft"] == 1


def test_changing_a_choice_after_the_summary_gets_a_new_request_id(device, card):
    sign_in(device, card)
    choose(device)
    device.get(url("confirm"))
    first = state_of(device)["request_id"]
    device.post(url("copies"), {"copies": 3, "action": "next"})
    device.get(url("confirm"))
    assert state_of(device)["request_id"] != first
    response = device.post(url("confirm"), {"request_id": first})
    assert "画面の有効期限が切れました" in response.content.decode()
    assert Issuance.objects.count() == 0


def test_idle_session_is_cleared_server_side(device, card):
    sign_in(device, card)
    session = device.session
    state = session[STATE_KEY]
    state["touched"] = time.time() - 91
    session[STATE_KEY] = state
    session.save()
    response = device.get(url("kind"))
    assert response.url == url("start")
    assert state_of(device) == {}
    html = device.get(url("start")).content.decode()
    assert "一定時間操作がなかったため、最初の画面に戻りました。" in html
    assert "一定時間操作がなかった" not in device.get(url("start")).content.decode()  # once


def test_idle_screens_refresh_to_the_timeout_without_javascript(device, card):
    sign_in(device, card)
    html = device.get(url("kind")).content.decode()
    assert (
        f'<noscript><meta http-equiv="refresh" content="90;url={url("timeout")}"></noscript>'
        in html
    )
    assert 'data-kiosk-idle="90"' in html
    response = device.get(url("timeout"))
    assert response.url == url("start")
    assert state_of(device) == {}
    assert "一定時間操作がなかった" in device.get(url("start")).content.decode()


def test_outside_service_hours_every_step_shows_the_message(device, card, settings):
    sign_in(device, card)
    now = timezone.localtime()
    opens = (now + datetime.timedelta(hours=1)).strftime("%H:00")
    closes = (now + datetime.timedelta(hours=2)).strftime("%H:00")
    if closes <= opens:  # near midnight: a window that surely excludes now
        opens, closes = ("02:00", "03:00") if now.hour != 2 else ("04:00", "05:00")
    settings.YAKUBA_KIOSK_SERVICE_HOURS = f"{opens}-{closes}"
    for step in ("start", "kind", "confirm"):
        response = device.get(url(step))
        html = response.content.decode()
        assert response.status_code == 200
        assert "ただいま交付時間外です" in html
        assert "ただいまは交付時間外です" in html and "からご利用いただけます" in html
    assert state_of(device) == {}
    assert "交付時間外" in start(device).content.decode()


def test_maintenance_window_shows_its_reason_and_reopening(device, card):
    from yakuba.certificates.services.kiosks import add_maintenance_window

    sign_in(device, card)
    now = timezone.now()
    add_maintenance_window(
        None,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(minutes=30),
        reason="システムの点検",
        reason_en="system maintenance",
    )
    html = device.get(url("kind")).content.decode()
    assert "ただいま休止中です" in html
    assert "システムの点検のため、証明書の交付を休止しています" in html
    reopens = timezone.localtime(now + datetime.timedelta(minutes=30)).strftime("%H:%M")
    assert reopens in html
    assert state_of(device) == {}


def test_english_sets_the_screen_language_but_not_the_certificate(device, card):
    response = sign_in(device, card, language="en")
    assert response.url == url("kind")
    page = device.get(url("kind"))
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert page["Content-Language"] == "en"
    assert "Skip to main content" in html  # a string of the English catalogue
    choose(device)
    device.get(url("confirm"))
    device.post(url("confirm"), {"request_id": state_of(device)["request_id"]})
    issuance = Issuance.objects.get()
    assert issuance.language == "en"
    pdf = device.get(url("document", issuance.pk))
    assert pdf.status_code == 200
    device.post(url("print"), {"printed": "yes"})
    assert '<html lang="ja">' in device.get(url("start")).content.decode()  # next person: ja


def test_document_is_only_for_the_issuing_session(device, card, kiosk):
    from django.test import Client

    from .test_kiosk_support import enrol

    sign_in(device, card)
    choose(device)
    device.get(url("confirm"))
    device.post(url("confirm"), {"request_id": state_of(device)["request_id"]})
    issuance = Issuance.objects.get()
    other = Client()
    enrol(other, kiosk)  # the same kiosk re-enrolled: the first device is retired
    assert other.get(url("document", issuance.pk)).status_code == 302
    assert device.get(url("document", issuance.pk)).status_code == 403


def test_document_after_the_reprint_window_is_a_clear_page(device, card, settings):
    sign_in(device, card)
    choose(device)
    device.get(url("confirm"))
    device.post(url("confirm"), {"request_id": state_of(device)["request_id"]})
    issuance = Issuance.objects.get()
    Issuance.objects.filter(pk=issuance.pk).update(
        issued_at=timezone.now()
        - datetime.timedelta(minutes=settings.YAKUBA_CERTIFICATE_REPRINT_MINUTES + 1)
    )
    response = device.get(url("document", issuance.pk))
    assert response.status_code == 404
    assert "証明書を表示できません" in response.content.decode()
    assert device.get(url("document", issuance.pk + 1)).status_code == 404
