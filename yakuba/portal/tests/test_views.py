"""The citizen portal shell: catalogue, マイページ and the policy pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import Panel, ServiceEntry, mypage_cards, service_catalogue
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_services(empty_catalogue):
    entries = [
        ServiceEntry(
            "test.moving",
            "転入届の事前申請",
            "引っ越してくる前に申請できます",
            "portal:privacy",
            "くらし・手続き",
            order=10,
        ),
        ServiceEntry(
            "test.tax",
            "住民税の証明書",
            "課税証明書をオンラインで申請",
            "portal:accessibility",
            "税金",
            order=20,
        ),
        ServiceEntry(
            "test.seal", "印鑑登録の予約", "窓口の予約", "portal:home", "くらし・手続き", order=30
        ),
    ]
    for entry in entries:
        service_catalogue.register(entry)
    yield entries
    for entry in entries:
        service_catalogue.unregister(entry.key)


@pytest.fixture
def registered_cards():
    shown = Panel(
        key="test.shown",
        title=_("テストのカード"),
        template="components/notice.html",
        context=lambda request: {"text": f"{request.user.display_name}さんのカード本文"},
        order=10,
    )
    hidden = Panel(
        key="test.hidden",
        title="隠れるカード",
        template="components/notice.html",
        context=lambda request: None,
        order=20,
    )
    mypage_cards.register(shown)
    mypage_cards.register(hidden)
    yield
    mypage_cards.unregister("test.shown")
    mypage_cards.unregister("test.hidden")


def test_home_groups_registered_services_by_category_in_order(client, registered_services):
    html = client.get(reverse("portal:home")).content.decode()

    assert html.count('<h3 id="category-') == 2
    assert html.index("くらし・手続き") < html.index("税金")
    assert (
        html.index("転入届の事前申請") < html.index("印鑑登録の予約") < html.index("住民税の証明書")
    )
    assert f'<a href="{reverse("portal:privacy")}">転入届の事前申請</a>' in html
    assert "引っ越してくる前に申請できます" in html
    assert "現在、オンラインで受け付けている手続きはありません。" not in html


def test_home_without_services_says_so_and_gives_phone_and_counter_hours(
    client, municipality, empty_catalogue
):
    html = client.get(reverse("portal:home")).content.decode()

    assert "現在、オンラインで受け付けている手続きはありません。" in html
    assert '<a class="phone phone-large" href="tel:0425651111">042-565-1111</a>' in html
    assert "平日 午前8時30分から午後5時15分まで" in html
    assert "<title>ホーム | 武蔵村山市</title>" in html


def test_home_has_one_h1_and_easy_japanese_summary(client, municipality):
    html = client.get(reverse("portal:home")).content.decode()

    assert html.count("<h1") == 1
    assert "<summary>やさしい にほんご</summary>" in html
    assert '<html lang="ja">' in html


def test_home_in_english_uses_english_city_name_in_title(client, municipality):
    client.cookies["django_language"] = "en"

    html = client.get(reverse("portal:home")).content.decode()

    assert '<html lang="en">' in html
    assert "| Musashimurayama City</title>" in html


def test_header_offers_login_to_anonymous_and_logout_form_to_citizen(client, citizen):
    anonymous = client.get(reverse("portal:home")).content.decode()
    assert f'<a href="{reverse("portal:login")}">ログイン</a>' in anonymous
    assert reverse("portal:logout") not in anonymous

    client.force_login(citizen)
    signed_in = client.get(reverse("portal:home")).content.decode()
    assert (
        f'<form class="inline-form" action="{reverse("portal:logout")}" method="post">' in signed_in
    )
    assert f'<a href="{reverse("portal:login")}">ログイン</a>' not in signed_in


def test_mypage_redirects_anonymous_to_login_with_next(client):
    response = client.get(reverse("portal:mypage"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next=/mypage/"


def test_mypage_redirects_staff_to_citizen_login(client, clerk_a):
    client.force_login(clerk_a)

    response = client.get(reverse("portal:mypage"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_mypage_sends_unverified_citizen_to_verification(client):
    client.force_login(CitizenFactory(email_verified_at=None))

    response = client.get(reverse("portal:mypage"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verification_required")


def test_mypage_renders_registered_cards_and_hides_those_returning_none(
    citizen_client, registered_cards
):
    response = citizen_client.get(reverse("portal:mypage"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h2 class="card-title" id="panel-testshown">テストのカード</h2>' in html
    assert "村山 花子さんのカード本文" in html
    assert "隠れるカード" not in html
    assert "<title>マイページ | " in html


def test_mypage_always_links_account_settings(citizen_client):
    html = citizen_client.get(reverse("portal:mypage")).content.decode()

    assert f'<a href="{reverse("portal:account")}">アカウントの設定</a>' in html


def test_accessibility_page_states_target_method_and_date(client, municipality):
    html = client.get(reverse("portal:accessibility")).content.decode()

    assert "<h1>ウェブアクセシビリティ方針</h1>" in html
    assert "JIS X 8341-3:2016" in html
    assert "適合レベルAA" in html
    assert "axe-core" in html
    assert "令和8年11月25日（2026年11月25日）" in html
    assert "042-565-1111" in html


def test_privacy_page_covers_access_record_my_number_and_register(client, municipality):
    html = client.get(reverse("portal:privacy")).content.decode()

    assert "<h1>個人情報の取扱い</h1>" in html
    assert "マイナンバー（個人番号）の取扱い" in html
    assert "アクセス記録" in html
    assert f'<a href="{reverse("portal:privacy_files")}">個人情報ファイル簿を見る</a>' in html
    assert "<summary>やさしい にほんご</summary>" in html


def test_public_register_lists_every_declared_file(client):
    html = client.get(reverse("portal:privacy_files")).content.decode()

    assert "<h1>個人情報ファイル簿</h1>" in html
    assert "利用者アカウント" in html  # declared by the identity module
    assert "職員アカウント" in html


def test_footer_links_policy_pages(client):
    html = client.get(reverse("portal:login")).content.decode()

    assert f'<a href="{reverse("portal:accessibility")}">ウェブアクセシビリティ方針</a>' in html
    assert f'<a href="{reverse("portal:privacy")}">個人情報の取扱い</a>' in html
