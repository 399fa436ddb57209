"""Error pages: right status, friendly text in the design system, a way home and the phone number."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from yakuba.core.services import get_municipality
from yakuba.core.views import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "yakuba.portal.tests.urls_errors"
    settings.DEBUG = False


@pytest.fixture
def failing_client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/test-errors/400/", 400, "リクエストを処理できませんでした"),
        ("/test-errors/403/", 403, "このページを表示する権限がありません"),
        ("/test-errors/404/", 404, "ページが見つかりません"),
        ("/no-such-page/", 404, "ページが見つかりません"),
        ("/test-errors/500/", 500, "ただいま、ご利用いただけません"),
    ],
)
def test_citizen_error_pages(error_urls, failing_client, municipality, path, status, heading):
    get_municipality()  # cached, as after any normal page: the 500 page reads only the cache
    response = failing_client.get(path)
    html = response.content.decode()

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} | 武蔵村山市</title>" in html
    assert '<a class="button" href="/">トップページへ戻る</a>' in html
    assert "042-565-1111" in html
    assert "Traceback" not in html


def test_staff_404_uses_console_layout_and_links_dashboard(error_urls, failing_client):
    response = failing_client.get("/staff/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert 'class="site-staff"' in html
    assert (
        f'<a class="button" href="{reverse("console:dashboard")}">ダッシュボードへ戻る</a>' in html
    )


def test_staff_403_explains_roles(error_urls, failing_client):
    html = failing_client.get("/staff/test-errors/403/").content.decode()

    assert "現在の所属と役割では表示できません。" in html


def test_500_uses_minimal_layout_without_account_links(error_urls, failing_client, municipality):
    html = failing_client.get("/test-errors/500/").content.decode()

    assert 'class="site-minimal"' in html
    assert "ログイン" not in html
    assert "csrfmiddlewaretoken" not in html


def test_500_renders_without_request_context_and_without_queries(
    django_assert_num_queries, municipality
):
    # Given the profile is cached (as after any normal page), when the handler runs,
    # then it makes no database query and needs no context processor.
    get_municipality()
    request = RequestFactory().get("/anything/")

    with django_assert_num_queries(0):
        response = errors.server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "042-565-1111" in html
    assert "<h1>ただいま、ご利用いただけません</h1>" in html


def test_500_without_cached_profile_still_renders(django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()

    with django_assert_num_queries(0):
        response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "トップページへ戻る" in response.content.decode()


def test_csrf_failure_is_friendly(municipality):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = response.content.decode()

    assert response.status_code == 403
    assert "<h1>送信できませんでした</h1>" in html
    assert "もう一度ページを開いて、入力からやり直してください。" in html
    assert "ブラウザのクッキー（Cookie）が無効になっている可能性があります。" in html
    assert "042-565-1111" in html
    assert "CSRF" not in html


def test_csrf_failure_under_staff_uses_console_layout():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("console:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert 'class="site-staff"' in response.content.decode()


def test_error_pages_are_translated_when_english_is_chosen(error_urls, failing_client):
    failing_client.cookies["django_language"] = "en"

    html = failing_client.get("/no-such-page/").content.decode()

    assert '<html lang="en">' in html
