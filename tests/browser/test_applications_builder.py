"""The form builder in Chromium: an admin of 市民課 builds a form with a
text, a kana, a date, a choice with a conditional field and a file field on two pages,
previews it in Japanese and English and publishes it; axe-core finds nothing on the
builder, field editor, preview and publish pages.  Then, without JavaScript, a second
version is started and a field moved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from yakuba.applications.models import FormState, Procedure
from yakuba.applications.services import procedures as procedure_services
from yakuba.applications.tests.factories import make_category, staff_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(municipality):
    admin = staff_in("shimin", "admin", email="builder.shimin@city.example.lg.jp")
    procedure = procedure_services.create_procedure(
        admin,
        code="inu-touroku",
        title="犬の登録",
        title_kana="イヌノトウロク",
        summary="犬を飼い始めたときの届出です。",
        category=make_category("todokede", name="届出・証明"),
        department_code="shimin",
    )
    return admin, procedure


def add_field(page, type_label, key, label, *, extra=None):
    page.get_by_role("link", name="項目を追加").last.click()
    page.get_by_label(type_label, exact=True).check()
    page.get_by_role("button", name="次へ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("項目を追加")
    page.locator("#id_key").fill(key)
    page.locator("#id_label").fill(label)
    for selector, value in (extra or {}).items():
        field = page.locator(selector)
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_role("button", name="項目を保存する").click()
    expect(page.get_by_text(f"項目「{label}」を保存しました。")).to_be_visible()


def test_admin_builds_previews_and_publishes_a_two_page_form(
    page_factory, live_server, axe_check, setting
):
    admin, procedure = setting
    page = page_factory(DESKTOP, user=admin, staff=True)
    page.goto(live_server.url + "/staff/applications/builder/")
    expect(page.get_by_role("heading", level=1)).to_have_text("申請フォームの管理")
    axe_check(page)
    page.get_by_role("link", name="犬の登録").click()
    page.get_by_role("button", name="新しい版を作成", exact=True).click()
    expect(page.get_by_text("第1版を作成しました。")).to_be_visible()

    add_field(page, "1行のテキスト", "name", "氏名")
    add_field(page, "フリガナ（カタカナ）", "name_kana", "氏名（カナ）")
    add_field(page, "日付", "birth_date", "生年月日")
    # The choice: its options as lines 値|ラベル|English.
    page.get_by_role("link", name="項目を追加").last.click()
    page.get_by_label("ひとつ選ぶ（ラジオボタン）", exact=True).check()
    page.get_by_role("button", name="次へ").click()
    page.locator("#id_key").fill("has_dog")
    page.locator("#id_label").fill("犬を飼っていますか")
    page.locator("#id_label_en").fill("Do you keep a dog?")
    page.locator("#id_required").check()
    page.locator("#id_opt_choices").fill("yes|はい|Yes\nno|いいえ|No")
    axe_check(page)
    page.get_by_role("button", name="項目を保存する").click()
    expect(page.get_by_text("項目「犬を飼っていますか」を保存しました。")).to_be_visible()
    add_field(
        page,
        "1行のテキスト",
        "dog_name",
        "犬の名前",
        extra={"#id_show_if_field": "has_dog", "#id_show_if_value": "yes"},
    )
    expect(page.get_by_text("表示条件: 「犬を飼っていますか」が yes のとき")).to_be_visible()
    add_field(page, "添付ファイル", "documents", "狂犬病予防注射済票の写し")

    # A second page holding the file field.
    page.get_by_role("link", name="ページを追加").click()
    page.locator("#id_title").fill("添付書類")
    page.locator("#id_title_en").fill("Documents")
    page.locator("#id_first_field").select_option("documents")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("ページを追加しました。")).to_be_visible()
    expect(page.get_by_role("heading", name="2ページ目: 添付書類")).to_be_visible()
    expect(page.locator("#field-documents")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="プレビュー").click()
    expect(page.get_by_role("heading", name="2. 添付書類")).to_be_visible()
    expect(page.locator(".preview #field-dog_name")).to_have_count(1)
    expect(page.locator(".preview #field-documents")).to_have_count(1)
    expect(page.locator(".preview form")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="2. Documents")).to_be_visible()
    expect(page.get_by_text("Do you keep a dog?", exact=True)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="フォームの編集に戻る").click()
    page.get_by_role("link", name="公開する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("第1版を公開する")
    axe_check(page)
    page.get_by_label("変更内容").fill("初版")
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_text("第1版を公開しました。")).to_be_visible()

    version = Procedure.objects.get(pk=procedure.pk).form_versions.get()
    assert version.state == FormState.PUBLISHED
    assert version.ui_schema["ui:order"] == [
        "name",
        "name_kana",
        "birth_date",
        "has_dog",
        "dog_name",
        "documents",
    ]
    assert [page["fields"] for page in version.ui_schema["ui:pages"]] == [
        ["name", "name_kana", "birth_date", "has_dog", "dog_name"],
        ["documents"],
    ]
    assert version.ui_schema["dog_name"]["ui:showIf"] == {"field": "has_dog", "equals": "yes"}

    page.get_by_role("link", name="第1版").first.click()
    expect(
        page.get_by_text("公開済みの版は変更できません。新しい版を作成してください。")
    ).to_be_visible()
    expect(page.get_by_role("button", name="上へ")).to_have_count(0)

    # Without JavaScript (axe needs scripts, so it ran above): a new version, one move.
    plain = page_factory(DESKTOP, user=admin, staff=True, javascript=False)
    plain.goto(live_server.url + f"/staff/applications/builder/procedures/{procedure.pk}/")
    plain.get_by_role("button", name="新しい版を作成", exact=True).click()
    expect(plain.get_by_text("第2版を作成しました。")).to_be_visible()
    plain.locator("#field-name").get_by_role("button", name="下へ").click()
    expect(plain.get_by_text("項目の順番を変えました。")).to_be_visible()
    second = Procedure.objects.get(pk=procedure.pk).form_versions.get(number=2)
    assert second.ui_schema["ui:order"][:2] == ["name_kana", "name"]
