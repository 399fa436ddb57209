"""The staff door: password, then TOTP (with enrolment and recovery codes)."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yakuba.identity.authentication import PENDING_SESSION_KEY
from yakuba.identity.forms.accounts import INVALID_LOGIN

from .helpers import code_for, enrolled_device, post_staff_password

pytestmark = pytest.mark.django_db

DASHBOARD = "/staff/"


def _text(response) -> str:
    return response.content.decode()


def test_enrolled_staff_signs_in_with_password_and_totp(client, clerk_a):
    device = enrolled_device(clerk_a)

    response = post_staff_password(client, clerk_a)

    assert response.status_code == 302
    assert response["Location"] == reverse("console:totp_verify")
    assert SESSION_KEY not in client.session  # nobody is logged in after the password alone
    assert client.session[PENDING_SESSION_KEY]["user_id"] == clerk_a.pk

    response = client.post(reverse("console:totp_verify"), {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert int(client.session[SESSION_KEY]) == clerk_a.pk
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_SESSION_KEY not in client.session


def test_sign_in_goes_to_the_local_next_page(client, clerk_a):
    device = enrolled_device(clerk_a)
    post_staff_password(client, clerk_a, next="/staff/account/recovery-codes/")

    response = client.post(reverse("console:totp_verify"), {"code": code_for(device)})

    assert response["Location"] == "/staff/account/recovery-codes/"


def test_sign_in_ignores_a_foreign_next_page(client, clerk_a):
    device = enrolled_device(clerk_a)
    post_staff_password(client, clerk_a, next="https://evil.example.com/")

    response = client.post(reverse("console:totp_verify"), {"code": code_for(device)})

    assert response["Location"] == DASHBOARD


def test_session_key_changes_at_each_step(client, clerk_a):
    device = enrolled_device(clerk_a)
    client.get(reverse("console:login"))
    client.session.save()
    anonymous_key = client.session.session_key

    post_staff_password(client, clerk_a)
    pending_key = client.session.session_key
    client.post(reverse("console:totp_verify"), {"code": code_for(device)})

    assert len({anonymous_key, pending_key, client.session.session_key}) == 3


def test_wrong_totp_shows_error_and_does_not_verify(client, clerk_a):
    device = enrolled_device(clerk_a)
    post_staff_password(client, clerk_a)
    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)

    response = client.post(reverse("console:totp_verify"), {"code": wrong})

    assert response.status_code == 200
    assert "確認コードが正しくありません" in _text(response)
    assert SESSION_KEY not in client.session
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("console:recovery_codes"))["Location"].startswith(
        reverse("console:login")
    )


def test_second_totp_step_needs_the_password_step_first(client):
    response = client.get(reverse("console:totp_verify"))

    assert response.status_code == 302
    assert response["Location"] == reverse("console:login")


def test_pending_password_step_expires_after_five_minutes(client, clerk_a):
    device = enrolled_device(clerk_a)
    post_staff_password(client, clerk_a)
    session = client.session
    session[PENDING_SESSION_KEY] = {**session[PENDING_SESSION_KEY], "since": 0}
    session.save()

    response = client.post(reverse("console:totp_verify"), {"code": code_for(device)})

    assert response["Location"] == reverse("console:login")
    assert SESSION_KEY not in client.session


def test_recovery_code_works_once_and_only_once(client, clerk_a):
    from yakuba.identity.services import create_recovery_codes

    enrolled_device(clerk_a)
    codes = create_recovery_codes(clerk_a)
    post_staff_password(client, clerk_a)

    response = client.post(reverse("console:totp_verify"), {"code": codes[0]})

    assert response.status_code == 302
    recovery = StaticDevice.objects.get(user=clerk_a)
    assert client.session[DEVICE_ID_SESSION_KEY] == recovery.persistent_id
    assert StaticToken.objects.filter(device__user=clerk_a).count() == 9

    client.post(reverse("console:logout"))
    post_staff_password(client, clerk_a)
    response = client.post(reverse("console:totp_verify"), {"code": codes[0]})

    assert response.status_code == 200
    assert "確認コードが正しくありません" in _text(response)
    assert SESSION_KEY not in client.session


def test_recovery_code_typed_in_full_width_without_hyphen_is_accepted(client, clerk_a):
    from yakuba.identity.services import create_recovery_codes

    enrolled_device(clerk_a)
    code = create_recovery_codes(clerk_a)[3].replace("-", "")
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code.upper())
    post_staff_password(client, clerk_a)

    response = client.post(reverse("console:totp_verify"), {"code": full_width})

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == clerk_a.pk


def test_first_sign_in_enrols_totp_then_shows_ten_codes_once(client, clerk_a):
    response = post_staff_password(client, clerk_a)
    assert response["Location"] == reverse("console:totp_setup")

    page = client.get(reverse("console:totp_setup"))

    assert page.status_code == 200
    html = _text(page)
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=clerk_a, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret
    assert (
        client.get(reverse("console:totp_setup")).content.count(shown.encode()) == 1
    )  # same key on reload

    response = client.post(reverse("console:totp_setup"), {"code": code_for(device)})

    assert response["Location"] == reverse("console:recovery_codes")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    codes_page = _text(client.get(reverse("console:recovery_codes")))
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "保存しました。続ける" in codes_page
    again = _text(client.get(reverse("console:recovery_codes")))
    assert codes[0] not in again
    assert "未使用の回復コードは10個です" in again


def test_wrong_code_during_enrolment_leaves_device_unconfirmed(client, clerk_a):
    post_staff_password(client, clerk_a)
    client.get(reverse("console:totp_setup"))

    response = client.post(reverse("console:totp_setup"), {"code": "000000x"})

    assert response.status_code == 200
    assert "確認コードが正しくありません" in _text(response)
    assert not TOTPDevice.objects.filter(user=clerk_a, confirmed=True).exists()
    assert SESSION_KEY not in client.session


def test_citizen_cannot_sign_in_at_staff_door_and_sees_the_wrong_password_message(client, citizen):
    response = post_staff_password(client, citizen)

    assert response.status_code == 200
    assert str(INVALID_LOGIN) in _text(response)
    assert PENDING_SESSION_KEY not in client.session


def test_wrong_password_shows_the_same_message(client, clerk_a):
    response = post_staff_password(client, clerk_a, password="not-the-password")

    assert response.status_code == 200
    assert str(INVALID_LOGIN) in _text(response)


def test_unknown_address_shows_the_same_message(client, db):
    response = client.post(
        reverse("console:login"), {"username": "nobody@city.example.lg.jp", "password": "x" * 12}
    )

    assert str(INVALID_LOGIN) in _text(response)


def test_logout_is_post_only(staff_client, clerk_a):
    client = staff_client(clerk_a)

    assert client.get(reverse("console:logout")).status_code == 405
    assert SESSION_KEY in client.session

    response = client.post(reverse("console:logout"))

    assert response["Location"] == reverse("console:login")
    assert SESSION_KEY not in client.session


def test_recovery_codes_can_be_regenerated(staff_client, clerk_a):
    from yakuba.identity.services import create_recovery_codes

    old = create_recovery_codes(clerk_a)
    client = staff_client(clerk_a)

    response = client.post(reverse("console:recovery_codes"))

    assert response["Location"] == reverse("console:recovery_codes")
    page = _text(client.get(reverse("console:recovery_codes")))
    new = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=clerk_a).count() == 10
