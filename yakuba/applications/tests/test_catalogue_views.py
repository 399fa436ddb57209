"""The citizens' catalogue pages under /apply/: the top page and its search, categories,
life events with each step's progress, and the procedure page for each identity level."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from yakuba.applications.models import LifeEvent, Procedure, Status, Submission
from yakuba.applications.tests.factories import (
    make_category,
    make_procedure,
    make_submission,
    staff_in,
)
from yakuba.applications.tests.factories_catalogue import make_life_event
from yakuba.applications.web.citizen.catalogue_display import optional_url
from yakuba.applications.web.citizen.catalogue_procedure import split_description
from yakuba.core.registries import service_catalogue
from yakuba.identity.models import OrgUnit
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

LIST = "portal:applications:procedure_list"


def detail_url(code: str) -> str:
    return reverse("portal:applications:procedure_detail", args=[code])


@pytest.fixture
def catalogue():
    certificates = make_category("certificates", name="届出・証明", name_en="Certificates", order=1)
    pets = make_category("pets", name="くらし・ペット", order=2)
    juminhyo = make_procedure(
        "juminhyo-yuso",
        title="住民票の写し交付申請（郵送）",
        title_kana="ジュウミンヒョウノウツシコウフシンセイ（ユウソウ）",
        title_en="Copy of residence record by post",
        summary="住民票の写しを郵送で受け取れます。",
        summary_en="Receive a copy of your residence record by post.",
        description="住民票の写しを請求できます。\n準備するもの：マイナンバーカード、手数料\n結果は郵送します。",
        keywords="住民票 写し 郵送",
        identity_level="card",
        applicant_kind="resident",
        fee_yen=300,
        fee_note="1通あたり",
        handling_days=7,
        contact="市民課 市民係 電話 042-565-1111（内線 123）",
        category=certificates,
        order=1,
    )
    OrgUnit.objects.filter(code="shimin").update(
        name="市民課", name_en="Citizens Division", phone="042-565-1111"
    )
    dog = make_procedure(
        "dog-registration",
        title="犬の登録申請",
        title_kana="イヌノトウロクシンセイ",
        summary="犬を飼い始めたときの登録です。",
        department_code="kankyo",
        category=pets,
    )
    OrgUnit.objects.filter(code="kankyo").update(name="環境課")
    event = make_procedure(
        "event-entry",
        title="市民まつり参加申込み",
        title_kana="シミンマツリサンカモウシコミ",
        identity_level="none",
        category=pets,
    )
    checkup = make_procedure(
        "checkup",
        title="がん検診の申込み",
        title_kana="ガンケンシンノモウシコミ",
        department_code="kenko",
        category=pets,
        opens_on=timezone.localdate() + datetime.timedelta(days=30),
        closes_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    make_procedure("hidden", title="非公開の手続き", published=False, category=pets)
    return {"juminhyo": juminhyo, "dog": dog, "event": event, "checkup": checkup}


@pytest.fixture
def moving(catalogue):
    return make_life_event(
        "moving",
        (catalogue["juminhyo"], "転出する方"),
        (catalogue["dog"], "犬を飼っている方"),
        catalogue["event"],
        name="引越し",
        name_en="Moving house",
        description="引越しのときの手続きです。",
    )


# ------------------------------------------------------------------ top page, search


def test_top_page_lists_categories_life_events_identity_levels_and_contact(client, moving):
    response = client.get(reverse(LIST))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>電子申請</h1>" in html
    assert (
        html.index("届出・証明")
        < html.index("住民票の写し交付申請（郵送）")
        < html.index("くらし・ペット")
    )
    assert reverse("portal:applications:category_detail", args=["certificates"]) in html
    assert "非公開の手続き" not in html
    assert "受付期間外" in html  # the check-up outside its window
    assert reverse("portal:applications:life_event_detail", args=["moving"]) in html
    assert "マイナンバーカードが必要な手続き" in html
    assert "窓口・電話・郵送でも手続きできます" in html
    assert 'role="search"' in html and 'name="q"' in html


def test_search_shows_matching_procedures_with_their_facts(client, catalogue):
    response = client.get(reverse(LIST), {"q": "ｼﾞｭｳﾐﾝﾋｮｳ"})

    html = response.content.decode()
    results = html[html.index('id="results-heading"') : html.index('id="categories-heading"')]
    assert "「ｼﾞｭｳﾐﾝﾋｮｳ」の検索結果" in results
    assert "1件の手続きが見つかりました。" in results
    assert "住民票の写し交付申請（郵送）" in results and "犬の登録申請" not in results
    assert "住民票の写しを郵送で受け取れます。" in results
    assert "市民課" in results
    assert "マイナンバーカードが必要" in results
    assert "300円（1通あたり）" in results
    assert "7日程度" in results
    assert detail_url("juminhyo-yuso") in results


def test_search_needs_every_word(client, catalogue):
    html = client.get(reverse(LIST), {"q": "じゅうみんひょう　いぬ"}).content.decode()
    assert "に当てはまる手続きは見つかりませんでした。" in html
    assert 'href="#categories-heading">分類から探す</a>' in html


def test_search_leaves_out_procedures_outside_their_window(client, catalogue):
    html = client.get(reverse(LIST), {"q": "けんしん"}).content.decode()
    assert "に当てはまる手続きは見つかりませんでした。" in html


def test_a_too_long_query_is_a_field_error_not_a_500(client, catalogue):
    response = client.get(reverse(LIST), {"q": "あ" * 101})
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容に問題があります" in html
    assert 'aria-invalid="true"' in html
    assert 'id="results-heading"' not in html


def test_a_blank_query_shows_the_plain_top_page(client, catalogue):
    html = client.get(reverse(LIST), {"q": "　"}).content.decode()
    assert 'id="results-heading"' not in html
    assert "入力内容に問題があります" not in html


def test_english_page_uses_english_texts_with_japanese_fallback(client, catalogue):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        html = client.get(
            reverse(LIST), {"q": "residence"}, HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Copy of residence record by post" in html
    assert "Receive a copy of your residence record by post." in html
    assert "Citizens Division" in html
    assert "Certificates" in html
    assert "くらし・ペット" in html  # no English name: Japanese


# ------------------------------------------------------------------ categories


def test_category_page_shows_its_procedures_and_marks_closed_ones(client, catalogue):
    response = client.get(reverse("portal:applications:category_detail", args=["pets"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>くらし・ペット</h1>" in html
    assert "3件の手続きがあります。" in html
    assert "犬の登録申請" in html and "市民まつり参加申込み" in html and "がん検診の申込み" in html
    assert "住民票の写し交付申請（郵送）" not in html and "非公開の手続き" not in html
    checkup = html[html.index('id="procedure-checkup"') :]
    assert "受付期間外" in checkup
    assert "から" in checkup and "まで" in checkup


def test_unknown_category_is_404(client, catalogue):
    assert (
        client.get(reverse("portal:applications:category_detail", args=["nothing"])).status_code
        == 404
    )


# ------------------------------------------------------------------ life events


def test_life_event_list(client, moving):
    make_life_event("empty", make_procedure("hidden-2", published=False), name="何もない")
    html = client.get(reverse("portal:applications:life_event_list")).content.decode()
    assert "引越し" in html and "何もない" not in html
    assert "3件の手続き: 住民票の写し交付申請（郵送）、犬の登録申請、市民まつり参加申込み" in html


def test_life_event_flow_for_an_anonymous_visitor(client, moving):
    response = client.get(reverse("portal:applications:life_event_detail", args=["moving"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>引越しの手続き</h1>" in html
    assert (
        html.index("住民票の写し交付申請（郵送）")
        < html.index("犬の登録申請")
        < html.index("市民まつり参加申込み")
    )
    assert "<strong>該当する方:</strong> 犬を飼っている方" in html
    assert ">申請済み<" not in html and ">下書きあり<" not in html and ">未申請<" not in html
    assert f"{reverse('portal:login')}?next=/apply/life-events/moving/" in html
    assert html.count("次の手続きへ") == 2
    assert f"{detail_url('dog-registration')}?life_event=moving" in html


def test_life_event_flow_shows_the_residents_own_progress(client, moving, catalogue):
    hanako = CitizenFactory()
    submitted = make_submission(catalogue["juminhyo"], applicant=hanako)
    make_submission(catalogue["dog"], applicant=hanako, status=Status.DRAFT)
    make_submission(catalogue["event"], applicant=CitizenFactory())
    login_citizen(client, hanako)

    html = client.get(
        reverse("portal:applications:life_event_detail", args=["moving"])
    ).content.decode()

    assert "3件の手続きのうち、1件を申請済みです。" in html
    assert 'href="#step-2">次の手続きへ: 犬の登録申請</a>' in html
    step1 = html[html.index('id="step-1"') : html.index('id="step-2"')]
    step2 = html[html.index('id="step-2"') : html.index('id="step-3"')]
    step3 = html[html.index('id="step-3"') :]
    assert "申請済み" in step1 and f"受付番号 {submitted.reference}（状態: 受付）" in step1
    assert "下書きあり" in step2
    assert "未申請" in step3


def test_unknown_life_event_is_404(client, moving):
    assert (
        client.get(reverse("portal:applications:life_event_detail", args=["nothing"])).status_code
        == 404
    )


# ------------------------------------------------------------------ procedure page


def test_procedure_page_explains_the_procedure(client, catalogue):
    response = client.get(detail_url("juminhyo-yuso"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>住民票の写し交付申請（郵送）</h1>" in html
    assert "住民票の写しを請求できます。" in html and "結果は郵送します。" in html
    prepare = html[html.index('id="prepare"') : html.index('id="identity"')]
    assert "<li>マイナンバーカード、手数料</li>" in prepare
    assert "市内在住の方" in html
    assert "300円（1通あたり）" in html
    assert "申請から7日程度" in html
    assert "いつでも受け付けています" in html
    assert "市民課" in html and 'href="tel:0425651111"' in html
    assert "市民課 市民係 電話 042-565-1111（内線 123）" in html


@pytest.mark.parametrize(
    ("code", "explanation"),
    [
        ("event-entry", "アカウントがなくても申請できます。ログインは不要です。"),
        ("dog-registration", "メールアドレスで登録したアカウントでログインして申請します。"),
        ("juminhyo-yuso", "マイナンバーカードの署名用電子証明書で電子署名をします。"),
    ],
)
def test_identity_level_is_explained(client, catalogue, code, explanation):
    assert explanation in client.get(detail_url(code)).content.decode()


def _start_form(code: str) -> str:
    start_url = optional_url("portal:applications:filling_start", code)
    return (
        f'<form method="post" action="{start_url}">'
        if start_url
        else "オンラインでの申請は準備中です。"
    )


@pytest.mark.parametrize("code", ["dog-registration", "juminhyo-yuso"])
def test_anonymous_visitor_is_asked_to_sign_in_for_an_account_procedure(client, catalogue, code):
    html = client.get(detail_url(code)).content.decode()
    assert f'href="{reverse("portal:login")}?next=%2Fapply%2Fprocedures%2F{code}%2F"' in html
    assert "ログインして申請する" in html
    assert _start_form(code) not in html


def test_anonymous_visitor_may_start_a_procedure_without_identity(client, catalogue):
    html = client.get(detail_url("event-entry")).content.decode()
    assert _start_form("event-entry") in html
    assert "ログインして申請する" not in html


@pytest.mark.parametrize("code", ["dog-registration", "juminhyo-yuso", "event-entry"])
def test_signed_in_resident_gets_the_start_button(client, catalogue, code):
    login_citizen(client, CitizenFactory())
    html = client.get(detail_url(code)).content.decode()
    assert _start_form(code) in html
    assert "ログインして申請する" not in html


def test_a_procedure_outside_its_window_shows_the_dates_and_no_start(client, catalogue):
    login_citizen(client, CitizenFactory())
    html = client.get(detail_url("checkup")).content.decode()
    assert "現在は受付期間外です" in html
    assert "申請を始める" not in html and "オンラインでの申請は準備中です。" not in html


def test_unpublished_or_unknown_procedure_is_404(client, catalogue):
    assert client.get(detail_url("hidden")).status_code == 404
    assert client.get(detail_url("nothing")).status_code == 404


def test_reached_from_a_life_event_it_links_back_and_on(client, moving):
    html = client.get(detail_url("juminhyo-yuso"), {"life_event": "moving"}).content.decode()
    assert "引越しの手続き（3件中1件目）に戻る" in html
    assert (
        f'href="{detail_url("dog-registration")}?life_event=moving">次の手続きへ: 犬の登録申請</a>'
        in html
    )
    last = client.get(detail_url("event-entry"), {"life_event": "moving"}).content.decode()
    assert "（3件中3件目）に戻る" in last and "次の手続きへ" not in last
    for bad in ("<script>", "nothing", "x" * 300):
        page = client.get(detail_url("juminhyo-yuso"), {"life_event": bad})
        assert (
            page.status_code == 200 and "に戻る</a>" not in page.content.decode().split("<h1>")[0]
        )


def test_description_lines_on_what_to_prepare_are_pulled_out():
    assert split_description("説明です。\n準備するもの：印鑑\n以上。") == (
        "説明です。\n以上。",
        ["印鑑"],
    )
    assert split_description("Intro.\nYou need your card.") == ("Intro.", ["You need your card."])
    assert split_description("") == ("", [])


# ------------------------------------------------------------------ access, registration


@pytest.mark.parametrize("who", ["anonymous", "citizen", "staff"])
def test_catalogue_pages_are_public_and_change_nothing(client, moving, who, request):
    if who == "citizen":
        login_citizen(client, request.getfixturevalue("citizen"))
    elif who == "staff":
        request.getfixturevalue("staff_client")(staff_in("shimin", role="admin"))
    counts = (Procedure.objects.count(), LifeEvent.objects.count(), Submission.objects.count())
    urls = [
        reverse(LIST),
        reverse(LIST) + "?q=じゅうみんひょう",
        reverse("portal:applications:category_detail", args=["certificates"]),
        reverse("portal:applications:life_event_list"),
        reverse("portal:applications:life_event_detail", args=["moving"]),
        detail_url("juminhyo-yuso"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.post(url).status_code == 405, url
    assert (
        Procedure.objects.count(),
        LifeEvent.objects.count(),
        Submission.objects.count(),
    ) == counts


def test_staff_signed_in_on_the_citizen_site_see_no_progress_and_no_start(client, moving, request):
    request.getfixturevalue("staff_client")(staff_in("shimin"))
    html = client.get(
        reverse("portal:applications:life_event_detail", args=["moving"])
    ).content.decode()
    assert "申請済みです。" not in html
    assert "ログインして申請する" in client.get(detail_url("dog-registration")).content.decode()


def test_registers_the_service_catalogue_entry(client):
    entry = {e.key: e for e in service_catalogue.all()}["applications.catalogue"]
    assert entry.title == "電子申請"
    assert entry.url() == "/apply/"
    assert "/apply/" in client.get(reverse("portal:home")).content.decode()
