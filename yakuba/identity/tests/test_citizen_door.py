"""The citizen door: sign-up, e-mail verification, sign-in, password reset and change."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail, signing
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from yakuba.identity.decorators import citizen_required
from yakuba.identity.forms.accounts import INVALID_LOGIN
from yakuba.identity.models import User
from yakuba.identity.services.accounts import EMAIL_VERIFICATION_SALT

from .factories import PASSWORD, CitizenFactory
from .helpers import post_citizen_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-42"


def _text(response) -> str:
    return response.content.decode()


def _link(message, pattern: str) -> str:
    match = re.search(r"https?://[^\s]+" + pattern + r"[^\s]*", message.body)
    assert match, message.body
    return match.group(0)


def _signup_data(**overrides) -> dict:
    data = {
        "email": "taro@example.jp",
        "display_name": "村山 太郎",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "agree_terms": "on",
    }
    data.update(overrides)
    return data


def test_signup_sends_a_link_that_verifies_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:signup"), _signup_data())

    assert response["Location"] == reverse("portal:signup_done")
    user = User.objects.get(email="taro@example.jp")
    assert user.kind == User.Kind.CITIZEN
    assert user.email_verified_at is None
    assert user.check_password(NEW_PASSWORD)
    assert [m.to for m in mail.outbox] == [["taro@example.jp"]]
    link = _link(mail.outbox[0], "/account/verify-email/")

    page = client.get(link.replace("http://testserver", ""))

    assert page.status_code == 200
    assert "メールアドレスを確認しました" in _text(page)
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_signup_with_full_width_address_stores_it_folded(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:signup"), _signup_data(email="ＴＡＲＯ＠ｅｘａｍｐｌｅ．ｊｐ"))

    assert User.objects.filter(email="taro@example.jp").exists()


def test_signup_requires_consent_and_matching_passwords(client):
    response = client.post(
        reverse("portal:signup"), _signup_data(agree_terms="", password2="something-else-123")
    )

    assert response.status_code == 200
    assert "利用規約と個人情報の取扱いへの同意が必要です" in _text(response)
    assert "確認用のパスワードが一致しません" in _text(response)
    assert not User.objects.filter(email="taro@example.jp").exists()


def test_signup_rejects_a_weak_password(client):
    response = client.post(
        reverse("portal:signup"), _signup_data(password1="12345", password2="12345")
    )

    assert response.status_code == 200
    assert not User.objects.exists()


def test_signup_with_taken_address_reveals_nothing_and_mails_the_owner(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:signup"), _signup_data(email=citizen.email))

    assert response["Location"] == reverse("portal:signup_done")
    assert User.objects.filter(email=citizen.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]
    assert "既に登録されています" in mail.outbox[0].body
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_over_long_email_is_rejected_with_a_message(client):
    response = client.post(reverse("portal:signup"), _signup_data(email="a" * 290 + "@example.jp"))

    assert response.status_code == 200
    assert "メールアドレスは254文字以内で入力してください（現在301文字）" in _text(response)
    assert not User.objects.exists()


def test_over_long_login_inputs_are_rejected_with_a_message(client):
    response = client.post(reverse("portal:login"), {"username": "a" * 300, "password": "p" * 300})

    assert response.status_code == 200
    assert "メールアドレスは254文字以内" in _text(response)
    assert "パスワードは256文字以内" in _text(response)


class _FourDaysAgoSigner(signing.TimestampSigner):
    """Signs as if four days ago (the link is valid for three)."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)


def test_expired_verification_link_is_refused(client, db):
    user = CitizenFactory(email_verified_at=None)
    token = _FourDaysAgoSigner(salt=EMAIL_VERIFICATION_SALT).sign_object(
        {"u": user.pk, "e": user.email}
    )

    response = client.get(reverse("portal:verify_email", kwargs={"token": token}))

    assert response.status_code == 400
    assert "有効期限が切れています" in _text(response)
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_tampered_verification_link_is_refused(client, db):
    user = CitizenFactory(email_verified_at=None)
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=EMAIL_VERIFICATION_SALT)

    response = client.get(reverse("portal:verify_email", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_verification_link_for_an_old_address_is_refused(client, db):
    user = CitizenFactory(email_verified_at=None, email="old@example.jp")
    token = signing.dumps({"u": user.pk, "e": "older@example.jp"}, salt=EMAIL_VERIFICATION_SALT)

    response = client.get(reverse("portal:verify_email", kwargs={"token": token}))

    assert response.status_code == 400


def test_citizen_signs_in_and_out(client, citizen):
    response = post_citizen_password(client, citizen.email.upper())

    assert response["Location"] == reverse("portal:account")
    assert int(client.session[SESSION_KEY]) == citizen.pk
    assert client.get(reverse("portal:logout")).status_code == 405

    response = client.post(reverse("portal:logout"))

    assert response["Location"] == reverse("portal:login")
    assert SESSION_KEY not in client.session


def test_session_key_rotates_on_sign_in(client, citizen):
    client.get(reverse("portal:login"))
    session = client.session
    session["marker"] = 1
    session.save()
    before = session.session_key

    post_citizen_password(client, citizen.email)

    assert client.session.session_key != before


def test_unverified_citizen_can_sign_in_but_sees_a_notice(client, db):
    user = CitizenFactory(email_verified_at=None)

    response = post_citizen_password(client, user.email)
    page = client.get(response["Location"])

    assert int(client.session[SESSION_KEY]) == user.pk
    assert "メールアドレスの確認が済んでいません" in _text(page)


def test_staff_cannot_sign_in_at_citizen_door(client, clerk_a):
    response = post_citizen_password(client, clerk_a.email)

    assert response.status_code == 200
    assert str(INVALID_LOGIN) in _text(response)
    assert SESSION_KEY not in client.session


def test_citizen_required_sends_unverified_citizen_to_the_verification_page(rf: RequestFactory, db):
    @citizen_required
    def service(request):
        return HttpResponse("ok")

    request = rf.get("/service/")
    request.user = CitizenFactory(email_verified_at=None)
    response = service(request)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verification_required")


def test_citizen_required_lets_verified_citizen_in_and_sends_others_to_login(rf, citizen, clerk_a):
    from django.contrib.auth.models import AnonymousUser

    @citizen_required(verified=True)
    def service(request):
        return HttpResponse("ok")

    for user in (AnonymousUser(), clerk_a):
        request = rf.get("/service/?x=1")
        request.user = user
        response = service(request)
        assert response.status_code == 302
        assert response["Location"] == "/account/login/?next=/service/%3Fx%3D1"

    request = rf.get("/service/")
    request.user = citizen
    assert service(request).content == b"ok"


def test_resend_verification_sends_one_mail_per_minute(
    client, db, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    user = CitizenFactory(email_verified_at=None)
    cache.delete(f"yakuba:identity:verify-resend:{user.pk}")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("portal:verification_resend"))
        second = client.post(reverse("portal:verification_resend"), follow=True)

    assert first["Location"] == reverse("portal:verification_required")
    assert len(mail.outbox) == 1
    assert "/account/verify-email/" in mail.outbox[0].body
    assert "60秒に1回まで" in _text(second)


def test_password_reset_end_to_end(client, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:password_reset"), {"email": citizen.email})

    assert response["Location"] == reverse("portal:password_reset_done")
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0], "/account/password-reset/").replace("http://testserver", "")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("portal:password_reset_complete")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    # The link works once only.
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_for_staff_address_sends_nothing(
    client, clerk_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:password_reset"), {"email": clerk_a.email})

    assert response["Location"] == reverse("portal:password_reset_done")
    assert mail.outbox == []


def test_password_change(citizen_client, citizen):
    response = citizen_client.post(
        reverse("portal:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("portal:password_change_done")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert citizen_client.get(reverse("portal:account")).status_code == 200  # still signed in


def test_account_page_needs_a_citizen(client, clerk_a):
    assert client.get(reverse("portal:account"))["Location"] == "/account/login/?next=/account/"
