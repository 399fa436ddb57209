"""A resident on a 320px phone finds 住民票 in the online applications catalogue by typing
its reading in hiragana, and opens the procedure page; a resident moving house follows the
引越し flow.  axe-core clean on the list, the search results, the life event and the
procedure page, with JavaScript on and off; nothing wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from yakuba.applications.models import Status
from yakuba.applications.tests.factories import make_category, make_procedure, make_submission
from yakuba.applications.tests.factories_catalogue import make_life_event
from yakuba.identity.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}


def checked(axe_check, javascript: bool):
    """axe-core and the no-horizontal-scroll check run scripts in the page, so they run
    with JavaScript on; with it off the test checks that the pages work (GET search form,
    links) the same way."""

    def check(page) -> None:
        if javascript:
            axe_check(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    return check


@pytest.fixture
def catalogue(municipality):
    certificates = make_category("certificates", name="届出・証明", order=1)
    pets = make_category("pets", name="くらし・ペット", order=2)
    juminhyo = make_procedure(
        "juminhyo-yuso",
        title="住民票の写し交付申請（郵送）",
        title_kana="ジュウミンヒョウノウツシコウフシンセイ（ユウソウ）",
        summary="住民票の写しを、窓口に来ずにオンラインで申請し、郵送で受け取れます。",
        description="住民票の写しを請求できます。\n準備するもの：マイナンバーカード（電子署名に使います）。",
        keywords="住民票 写し 郵送 証明書",
        identity_level="card",
        applicant_kind="resident",
        fee_yen=300,
        fee_note="1通 300円（郵送料は市が負担します）",
        handling_days=7,
        category=certificates,
    )
    OrgUnit.objects.filter(code="shimin").update(name="市民課", phone="042-565-1111")
    dog = make_procedure(
        "dog-registration",
        title="犬の登録申請",
        title_kana="イヌノトウロクシンセイ",
        summary="犬を飼い始めたときの登録です。",
        category=pets,
    )
    make_life_event(
        "moving",
        (juminhyo, "転出する方"),
        (dog, "犬を飼っている方"),
        name="引越し",
        description="引越しのときに必要な手続きです。",
    )
    return {"juminhyo": juminhyo, "dog": dog}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_resident_finds_juminhyo_by_its_reading_on_a_small_phone(
    page_factory, live_server, axe_check, catalogue, javascript
):
    check = checked(axe_check, javascript)
    page = page_factory(SMALL_PHONE, javascript=javascript)
    page.goto(live_server.url + "/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("電子申請")
    expect(page.get_by_role("heading", name="分類から探す")).to_be_visible()
    check(page)

    page.get_by_label("手続きを探す").fill("じゅうみんひょう")
    page.get_by_role("button", name="探す").click()
    expect(page.get_by_role("heading", name="「じゅうみんひょう」の検索結果")).to_be_visible()
    results = page.get_by_role("region", name="「じゅうみんひょう」の検索結果")
    expect(results.get_by_role("link", name="住民票の写し交付申請（郵送）")).to_be_visible()
    expect(results.get_by_role("link", name="犬の登録申請")).to_have_count(0)
    expect(results.get_by_text("1件の手続きが見つかりました。")).to_be_visible()
    check(page)

    results.get_by_role("link", name="住民票の写し交付申請（郵送）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("住民票の写し交付申請（郵送）")
    expect(page.get_by_text("マイナンバーカード（電子署名に使います）。")).to_be_visible()
    expect(page.get_by_role("link", name="ログインして申請する")).to_be_visible()
    check(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_empty_search_suggests_browsing_by_category(
    page_factory, live_server, axe_check, catalogue, javascript
):
    check = checked(axe_check, javascript)
    page = page_factory(SMALL_PHONE, javascript=javascript)
    page.goto(live_server.url + "/apply/?q=" + "そんざいしない")
    expect(
        page.get_by_text("「そんざいしない」に当てはまる手続きは見つかりませんでした。")
    ).to_be_visible()
    check(page)
    page.get_by_role("link", name="分類から探す").click()
    expect(page.get_by_role("link", name="届出・証明")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_resident_moving_house_follows_the_life_event(
    page_factory, live_server, axe_check, catalogue, citizen, javascript
):
    make_submission(catalogue["juminhyo"], applicant=citizen)
    make_submission(catalogue["dog"], applicant=citizen, status=Status.DRAFT)
    check = checked(axe_check, javascript)
    page = page_factory(SMALL_PHONE, javascript=javascript, user=citizen)
    page.goto(live_server.url + "/apply/life-events/")
    page.get_by_role("link", name="引越し").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("引越しの手続き")
    expect(page.get_by_text("2件の手続きのうち、1件を申請済みです。")).to_be_visible()
    expect(page.get_by_text("下書きあり")).to_be_visible()
    check(page)

    page.get_by_role("link", name="住民票の写し交付申請（郵送）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("住民票の写し交付申請（郵送）")
    page.get_by_role("link", name="次の手続きへ: 犬の登録申請").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("犬の登録申請")
    expect(page.get_by_role("link", name="引越しの手続き（2件中2件目）に戻る")).to_be_visible()
    check(page)
