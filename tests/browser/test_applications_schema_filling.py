"""Every field type through the real citizen filling pages (/apply/forms/…) on a 320px
phone, with JavaScript on and off (axe-core runs when it is on): typed the way people type (和暦, full-width, hiragana),
a repeating group grown with its add button, a file attached; each page axe-core clean
and never wider than the screen; the review shows the answers as people read them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from yakuba.applications.models import Submission
from yakuba.applications.tests.factories import make_procedure
from yakuba.applications.tests.factories_schema import every_widget_definition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"page is {width}px wide"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_field_type_through_the_filling_pages(
    municipality, page_factory, axe_check, live_server, javascript
):
    from yakuba.identity.tests.factories import CitizenFactory

    citizen = CitizenFactory(email="hanako@example.jp", display_name="村山 花子")
    schema, ui = every_widget_definition()
    procedure = make_procedure("every-field", title="全項目の申請", schema=schema, ui_schema=ui)
    page = page_factory(SMALL_PHONE, user=citizen, javascript=javascript)

    page.goto(f"{live_server.url}/apply/forms/{procedure.code}/start/")
    page.get_by_role("button", name="申請を始める").click()

    # Page 1: typed with an IME, in 和暦 and full-width.
    expect(page.get_by_role("heading", level=1)).to_have_text("申請者")
    page.locator("input[name='name']").fill("村山　花子")
    page.locator("input[name='name_kana']").fill("むらやま　はなこ")
    page.locator("input[name='birth_date']").fill("Ｓ６０．４．１")
    page.locator("input[name='address__postal_code']").fill("〒２０８０００４")
    page.locator("input[name='address__address']").fill("東京都武蔵村山市本町１－１－１")
    page.locator("input[name='phone']").fill("０４２５６５１１１１")
    page.locator("input[name='email']").fill("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ")
    if javascript:  # axe-core needs JavaScript
        axe_check(page)
    fits(page)
    page.get_by_role("button", name="次へ", exact=True).click()

    # Page 2: every other widget.
    expect(page.get_by_role("heading", level=1)).to_have_text("申請の内容")
    dog_name = page.locator("#field-dog_name")
    if javascript:
        expect(dog_name).to_be_hidden()
    else:
        expect(dog_name).to_contain_text("「犬を飼っていますか」で「はい」を選んだ方のみ")
    page.locator("input[name='household_size']").fill("３")
    page.get_by_label("はい", exact=True).check()
    expect(dog_name).to_be_visible()
    page.locator("input[name='dog_name']").fill("ポチ")
    page.locator("select[name='ward']").select_option("north")
    page.get_by_label("転入", exact=True).check()
    page.locator("input[name='children__0__child_name']").fill("村山 太郎")
    page.locator("input[name='children__0__child_birth_date']").fill("平成27年6月1日")
    page.get_by_role("button", name="子どもを追加").click()

    # The page comes back with the second child and what was typed.
    expect(page.locator("input[name='children__1__child_name']")).to_be_visible()
    expect(page.locator("input[name='children__0__child_name']")).to_have_value("村山 太郎")
    expect(page.locator("input[name='household_size']")).to_have_value("３")
    page.locator("input[name='children__1__child_name']").fill("村山 次郎")
    page.locator("input[name='documents']").set_input_files(
        files=[{"name": "免許証.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("input[name='bank__bank_code']").fill("０００１")
    page.locator("input[name='bank__branch_code']").fill("１２３")
    page.locator("select[name='bank__account_type']").select_option("ordinary")
    page.locator("input[name='bank__account_number']").fill("12345")
    page.locator("input[name='bank__holder_kana']").fill("むらやま　はなこ")
    page.get_by_label("記載内容に誤りがないことを確認しました。").check()
    if javascript:  # axe-core needs JavaScript
        axe_check(page)
    fits(page)
    page.get_by_role("button", name="入力内容の確認へ").click()

    # Review: as people read it.
    expect(page.get_by_role("heading", level=1)).to_have_text("入力内容の確認")
    main = page.locator("main")
    expect(main).to_contain_text("ムラヤマ ハナコ")
    expect(main).to_contain_text("昭和60年4月1日（1985年4月1日）")
    expect(main).to_contain_text("〒208-0004 東京都武蔵村山市本町1-1-1")
    expect(main).to_contain_text("042-565-1111")
    expect(main).to_contain_text("hanako@example.jp")
    expect(main).to_contain_text("村山 次郎")
    expect(main).to_contain_text("平成27年6月1日（2015年6月1日）")
    expect(main).to_contain_text("免許証.pdf")
    expect(main).to_contain_text("ﾑﾗﾔﾏ ﾊﾅｺ")
    if javascript:  # axe-core needs JavaScript
        axe_check(page)
    fits(page)

    submission = Submission.objects.get(procedure=procedure)
    assert submission.answers["bank"] == {
        "bank_code": "0001",
        "branch_code": "123",
        "account_type": "ordinary",
        "account_number": "0012345",
        "holder_kana": "ﾑﾗﾔﾏ ﾊﾅｺ",
    }
    assert submission.answers["children"] == [
        {"child_name": "村山 太郎", "child_birth_date": "2015-06-01"},
        {"child_name": "村山 次郎"},
    ]
