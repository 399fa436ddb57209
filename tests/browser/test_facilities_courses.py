"""An older resident finds a smartphone class on a phone and applies, in Chromium.

The resident's account is linked to the registry (aged 72), so the application form
asks neither birth date nor residence and fills in the name.  Every page is checked
with axe-core and must not scroll sideways at phone width.  Someone without an
account is told to phone, with the number on the page.  Staff check the printable
attendance sheet.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def course(municipality):
    from yakuba.facilities.services import courses as services
    from yakuba.facilities.services.slots import at
    from yakuba.facilities.tests.factories import make_facility
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    bunka = OrgUnitFactory(code="bunka", name="文化振興課", name_en="Culture Promotion")
    operator = AssignmentFactory(org_unit=bunka, role="operator").user
    room = make_facility(name="中央公民館").rooms.get()
    now = timezone.now()
    course = services.create_course(
        operator,
        {
            "code": "smartphone-1",
            "kind": "ict",
            "title": "はじめてのスマートフォン教室（60歳以上）",
            "description": "スマートフォンの 使いかたを ゆっくり ならいます。\n電話、写真、LINE。",
            "target": "市内在住の60歳以上の方",
            "minimum_age": 60,
            "residents_only": True,
            "capacity": 12,
            "fee": 0,
            "materials": "お持ちのスマートフォン",
            "applications_open_at": now - datetime.timedelta(days=1),
            "applications_close_at": now + datetime.timedelta(days=3),
        },
    )
    day = timezone.localdate() + datetime.timedelta(days=14)
    for number in (1, 2):
        session_day = day + datetime.timedelta(days=7 * (number - 1))
        services.add_session(
            operator,
            course,
            number=number,
            starts_at=at(session_day, datetime.time(10)),
            ends_at=at(session_day, datetime.time(12)),
            room=room,
            topic="電話のかけ方" if number == 1 else "写真をとる",
        )
    return services.publish_course(operator, course)


@pytest.fixture
def older_resident(course):
    from yakuba.identity.tests.factories import CitizenFactory
    from yakuba.residents.services import link_citizen
    from yakuba.residents.tests.factories import PersonFactory

    person = PersonFactory(
        birth_date=datetime.date(timezone.localdate().year - 72, 5, 1),
        family_name="村山",
        given_name="トメ",
        family_name_kana="ムラヤマ",
        given_name_kana="トメ",
    )
    user = CitizenFactory(email="tome@example.jp", display_name="村山 トメ")
    link_citizen(user, person.resident_code, method="demo")
    return user


def no_sideways_scroll(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["phone", "320px"])
def test_older_resident_lists_reads_and_applies_on_a_phone(
    page_factory, live_server, axe_check, course, older_resident, municipality, viewport
):
    from yakuba.facilities.models import CourseApplication

    page = page_factory(viewport, user=older_resident)
    page.goto(live_server.url + "/facilities/courses/")
    expect(page.get_by_role("heading", level=1)).to_have_text("講座・教室の一覧")
    expect(page.get_by_text(municipality.phone).first).to_be_visible()
    expect(page.get_by_text("市内在住の60歳以上の方").first).to_be_visible()
    axe_check(page)
    no_sideways_scroll(page, viewport)

    page.get_by_role("link", name="はじめてのスマートフォン教室（60歳以上）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    expect(page.get_by_role("cell", name="電話のかけ方")).to_be_visible()
    axe_check(page)
    no_sideways_scroll(page, viewport)

    page.get_by_role("link", name="インターネットで申し込む").click()
    assert page.locator("#id_name").input_value() == "村山 トメ"
    expect(page.locator("input[name=birth_date]")).to_have_count(0)
    axe_check(page)
    no_sideways_scroll(page, viewport)
    page.locator("#id_phone").fill("042-565-1234")
    page.locator("#id_needs").fill("スマートフォンを持っていません")
    page.get_by_role("button", name="申し込む").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申し込んだ講座")
    application = CourseApplication.objects.get()
    expect(page.get_by_text(application.receipt_number).first).to_be_visible()
    assert application.needs == "スマートフォンを持っていません"
    axe_check(page)
    no_sideways_scroll(page, viewport)

    page.get_by_role("link", name=re.compile("の申し込みを取り消す")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申し込みの取消し")
    axe_check(page)
    no_sideways_scroll(page, viewport)
    page.get_by_role("button", name="取り消す").click()
    expect(page.get_by_text("申し込みを取り消しました")).to_be_visible()
    application.refresh_from_db()
    assert application.state == "cancelled"


def test_without_an_account_the_apply_page_gives_the_phone_number(
    page_factory, live_server, axe_check, course, municipality
):
    page = page_factory(PHONE)
    page.goto(live_server.url + "/facilities/courses/smartphone-1/apply/")
    expect(page.get_by_role("link", name="ログインして申し込む")).to_be_visible()
    expect(page.get_by_role("link", name=municipality.phone).first).to_be_visible()
    axe_check(page)
    no_sideways_scroll(page, PHONE)


def test_empty_required_fields_are_explained(
    page_factory, live_server, axe_check, course, older_resident
):
    page = page_factory(PHONE, user=older_resident)
    page.goto(live_server.url + "/facilities/courses/smartphone-1/apply/")
    page.locator("#id_name").fill("")
    page.get_by_role("button", name="申し込む").click()
    expect(page.get_by_role("alert").get_by_text("氏名を入力してください").first).to_be_visible()
    axe_check(page)


def test_staff_attendance_sheet_is_accessible(page_factory, live_server, axe_check, course):
    from yakuba.identity.models import User

    staff = User.objects.get(kind="staff")
    session = course.sessions.order_by("number").first()
    page = page_factory(user=staff, staff=True)
    page.goto(
        f"{live_server.url}/staff/facilities/courses/{course.pk}/sessions/{session.pk}/attendance/"
    )
    assert "出欠表" in page.get_by_role("heading", level=1).inner_text()
    axe_check(page)
    page.goto(f"{live_server.url}/staff/facilities/courses/{course.pk}/")
    axe_check(page)
