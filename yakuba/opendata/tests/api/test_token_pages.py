"""The staff pages for one's own API tokens: access, create (secret shown once), list,
revoke."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.identity.testing import login_citizen, login_staff
from yakuba.opendata.models import ApiToken
from yakuba.opendata.services.tokens import create_token, user_for_secret

from ..factories import staff_in
from .helpers import call

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "citizen", "system_admin"]


@pytest.fixture
def holder(db):
    return staff_in("bosai", "operator")


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["token_list", "token_new"])
def test_only_staff_with_a_department_open_the_token_pages(client, request, holder, who, name):
    """The system administrator holds no department role: no tokens for them."""
    if who == "citizen":
        login_citizen(client, request.getfixturevalue("citizen"))
    elif who != "anonymous":
        login_staff(client, request.getfixturevalue(who))
    url = reverse(f"console:opendata:{name}")
    response = client.get(url) if name == "token_list" else client.post(url, {"name": "x"})
    if who in ("anonymous", "citizen"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:login"))
    else:
        assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_creating_a_token_shows_the_secret_once(client, holder):
    browser = login_staff(client, holder)
    response = browser.post(
        reverse("console:opendata:token_new"),
        {"name": "防災課の更新スクリプト", "expires_on": "2099-03-31"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get()
    start = body.index('<code class="secret">') + len('<code class="secret">')
    secret = body[start : body.index("</code>", start)]
    assert user_for_secret(secret) == holder
    assert secret.startswith(token.prefix)
    assert timezone.localtime(token.expires_at).date() == datetime.date(2099, 4, 1)
    listing = browser.get(reverse("console:opendata:token_list")).content.decode()
    assert "防災課の更新スクリプト" in listing and token.prefix in listing
    assert secret not in listing


def test_a_past_expiry_and_a_missing_name_come_back_on_the_form(client, holder):
    browser = login_staff(client, holder)
    response = browser.post(
        reverse("console:opendata:token_new"), {"name": "  ", "expires_on": "2001-01-01"}
    )
    assert response.status_code == 400
    assert "入力内容に問題があります" in response.content.decode()
    assert ApiToken.objects.count() == 0
    past = browser.post(
        reverse("console:opendata:token_new"), {"name": "x", "expires_on": "2001-01-01"}
    )
    assert past.status_code == 400
    assert "有効期限は未来の日時にしてください。" in past.content.decode()


def test_revoking_stops_the_token_at_once(client, holder, catalogue):
    token, secret = create_token(holder, name="古いスクリプト")
    browser = login_staff(client, holder)
    url = reverse("console:opendata:token_revoke", args=[token.pk])
    assert "古いスクリプト" in browser.get(url).content.decode()
    assert browser.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert call(client, "package_patch", {"id": "aed"}, secret=secret).status_code == 403
    assert "失効済み" in browser.get(reverse("console:opendata:token_list")).content.decode()


def test_someone_elses_token_is_not_found(client, holder):
    token, _secret = create_token(staff_in("bunka", "operator"), name="他人の")
    browser = login_staff(client, holder)
    response = browser.post(reverse("console:opendata:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
