"""The citizens' facility list and facility page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yakuba.core.registries import service_catalogue
from yakuba.facilities.models import Closure, ClosureKind, Equipment, Room
from yakuba.facilities.tests.factories import make_facility, publish_schedule

pytestmark = pytest.mark.django_db

LIST = "portal:facilities:facility_list"


@pytest.fixture
def chuo():
    facility = make_facility(
        "chuo",
        name="中央公民館",
        name_kana="チュウオウコウミンカン",
        name_en="Central Community Centre",
        description="地域の学びの拠点です。",
        description_en="A place to learn.",
        address="東京都武蔵村山市本町一丁目1番地の1",
        phone="042-565-1111",
        photo="https://example.jp/chuo.jpg",
        photo_alt="2階建ての白い建物",
        latitude="35.754800",
        longitude="139.387300",
        accessibility="車いす用トイレ、エレベーターがあります。",
        closed_weekdays=[1],
    )
    Room.objects.filter(facility=facility).update(
        name="第1会議室", equipment=["ホワイトボード", "流し台"], floor_area="45.5"
    )
    Equipment.objects.create(facility=facility, code="projector", name="プロジェクター")
    publish_schedule(equipment_fee=500)
    Closure.objects.create(
        facility=facility,
        kind=ClosureKind.MAINTENANCE,
        first_day=timezone.localdate() + datetime.timedelta(days=3),
        last_day=timezone.localdate() + datetime.timedelta(days=4),
        reason="空調設備の点検",
    )
    return facility


def test_lists_active_facilities_grouped_by_kind(client, chuo):
    make_facility("gym", name="総合体育館", name_kana="ソウゴウタイイクカン", kind="gym")
    make_facility("old", name="旧公民館", is_active=False)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert "中央公民館" in html and "総合体育館" in html and "旧公民館" not in html
    assert html.index("公民館・地区会館") < html.index("中央公民館") < html.index("体育館</h2>")
    assert reverse("portal:facilities:facility_detail", args=["chuo"]) in html


def test_filters_by_kind_and_kana_insensitive_text(client, chuo):
    make_facility("gym", name="総合体育館", name_kana="ソウゴウタイイクカン", kind="gym")
    by_kind = client.get(reverse(LIST), {"kind": "gym"}).content.decode()
    assert "総合体育館" in by_kind and "中央公民館" not in by_kind
    by_text = client.get(reverse(LIST), {"q": "ちゅうおう"}).content.decode()
    assert "中央公民館" in by_text and "総合体育館" not in by_text
    nothing = client.get(reverse(LIST), {"q": "存在しない"}).content.decode()
    assert "条件に合う施設はありません。" in nothing


def test_bad_filter_input_is_a_form_error_not_a_500(client, chuo):
    response = client.get(reverse(LIST), {"kind": "<script>", "q": "あ" * 80})
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容に問題があります" in html
    assert "正しく選択してください" in html or "選択してください" in html


def test_facility_page_shows_everything_a_user_needs(client, chuo):
    response = client.get(reverse("portal:facilities:facility_detail", args=["chuo"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<img src="https://example.jp/chuo.jpg" alt="2階建ての白い建物"' in html
    assert "https://www.openstreetmap.org/?mlat=35.754800&amp;mlon=139.387300" in html
    assert "042-565-1111" in html and "09:00–21:30" in html and "毎週月曜日" in html
    assert "空調設備の点検" in html and "車いす用トイレ" in html
    assert "ホワイトボード、流し台" in html and "45.5㎡" in html
    assert "プロジェクター" in html and "午前 09:00–12:00" in html
    assert "<caption" in html and "第1会議室の使用料（1区分あたり）" in html
    for amount in ("1,000円", "1,500円", "3,000円", "500円"):
        assert amount in html
    assert "市の主催" in html and "100％減免" in html
    try:
        calendar = reverse(
            "portal:facilities:booking_calendar", kwargs={"room_id": chuo.rooms.get().pk}
        )
    except NoReverseMatch:
        calendar = None
    if calendar:
        assert f'href="{calendar}"' in html


def test_facility_page_without_a_schedule_says_to_ask(client):
    make_facility("bare", name="小さな集会所")
    html = client.get(reverse("portal:facilities:facility_detail", args=["bare"])).content.decode()
    assert "使用料は施設にお問い合わせください。" in html


def test_english_page_shows_english_texts(client, chuo):
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("portal:facilities:facility_detail", args=["chuo"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "Central Community Centre" in html and "A place to learn." in html


def test_unknown_or_inactive_facility_is_404(client):
    make_facility("old", is_active=False)
    assert client.get(reverse("portal:facilities:facility_detail", args=["old"])).status_code == 404
    assert (
        client.get(reverse("portal:facilities:facility_detail", args=["none"])).status_code == 404
    )


def test_post_is_not_allowed(client, chuo):
    assert client.post(reverse(LIST)).status_code == 405


def test_service_catalogue_points_to_the_list():
    entry = next(e for e in service_catalogue.all() if e.key == "facilities.catalogue")
    assert (str(entry.title), entry.url()) == ("公共施設の予約", reverse(LIST))


def test_list_page_queries_do_not_grow_with_the_facilities(client, django_assert_max_num_queries):
    for number in range(8):
        make_facility(f"f{number}", name=f"地区会館{number}")
    with django_assert_max_num_queries(6):
        assert client.get(reverse(LIST)).status_code == 200
