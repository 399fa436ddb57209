"""The files built from the modules' data: one row per record, values in the standard's
formats, ◎ columns never empty (a record that cannot fill one is left out and listed)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from yakuba.facilities.services import courses as course_services
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import make_facility
from yakuba.opendata.services import standard
from yakuba.opendata.standard import columns
from yakuba.opendata.standard.csvfile import write_csv
from yakuba.opendata.standard.definitions import BY_KEY
from yakuba.opendata.standard.values import City, current_city
from yakuba.residents.models import TownArea
from yakuba.residents.tests.factories import HouseholdFactory, PersonFactory

from .factories import staff_in
from .factories_standard import add_aed, add_evacuation_space, demo_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    yield from demo_city()


@pytest.fixture
def bosai_operator(db):
    return staff_in("bosai", "operator")


def rows_of(key: str) -> list[dict[str, str]]:
    table = standard.build_table(key)
    content = write_csv(table.header, table.rows).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def assert_required_filled(key: str, rows: list[dict[str, str]]) -> None:
    for name in columns.required_names(BY_KEY[key].columns):
        assert all(row[name] for row in rows), name


def test_city_corporate_number_follows_the_check_digit_rule():
    assert City("132233", "武蔵村山市", "東京都", "", "").corporate_number == "3000020132233"
    assert City("011002", "札幌市", "北海道", "", "").corporate_number == "9000020011002"


def test_public_facility_row(city):
    make_facility(
        "shimin-kaikan",
        name="市民会館",
        name_kana="しみんかいかん",
        name_en="Civic Hall",
        address="東京都武蔵村山市本町一丁目17番地の1",
        phone="042-565-0123",
        latitude=Decimal("35.754200"),
        longitude=Decimal("139.386900"),
        closed_weekdays=[1],
        accessibility="車いす用の客席（大ホール8席、小ホール4席）、多機能トイレ。補助犬の同伴可",
        description="大ホールと\n小ホールがあります。",
    )

    [row] = rows_of("public_facility")

    assert row["全国地方公共団体コード"] == "132233"
    assert row["ID"] == "shimin-kaikan"
    assert row["地方公共団体名"] == "東京都武蔵村山市"
    assert (row["名称"], row["名称_カナ"], row["名称_英語"]) == (
        "市民会館",
        "シミンカイカン",
        "Civic Hall",
    )
    assert row["所在地_連結表記"] == "東京都武蔵村山市本町一丁目17番地の1"
    assert (row["所在地_都道府県"], row["所在地_市区町村"]) == ("東京都", "武蔵村山市")
    assert (row["所在地_町字"], row["所在地_番地以下"], row["町字ID"]) == (
        "本町一丁目",
        "17番地の1",
        "0004001",
    )
    assert row["所在地_全国地方公共団体コード"] == "132233"
    assert (row["緯度"], row["経度"]) == ("35.754200", "139.386900")
    assert row["利用可能曜日"] == "火;水;木;金;土;日"
    assert (row["開始時間"], row["終了時間"]) == ("09:00", "21:30")
    assert "月曜日" in row["利用可能日時特記事項"]
    assert (
        row["バリアフリー情報"]
        == "車いす用の客席（大ホール8席、小ホール4席）;多機能トイレ;補助犬の同伴可"
    )
    assert row["説明"] == "大ホールと 小ホールがあります。"
    assert row["法人番号"] == "3000020132233"
    assert row["URL"].endswith("/facilities/shimin-kaikan/")
    assert_required_filled("public_facility", [row])


def test_a_facility_without_address_is_left_out_and_listed(city):
    make_facility("no-address", name="住所未登録館", address="")
    make_facility("ok", name="地区会館", address="武蔵村山市緑が丘1460番地")

    table = standard.build_table("public_facility")

    assert [row[1] for row in table.rows] == ["ok"]
    assert [(o.identifier, o.reason) for o in table.omitted] == [("no-address", "所在地_連結表記")]


def test_address_without_prefecture_is_completed_and_dash_form_is_split(city):
    make_facility("a", address="武蔵村山市緑が丘1460番地")
    make_facility("b", address="本町１－２－３")
    make_facility("c", address="東京都立川市泉町935番地")

    rows = {row["ID"]: row for row in rows_of("public_facility")}

    assert rows["a"]["所在地_連結表記"] == "東京都武蔵村山市緑が丘1460番地"
    assert (rows["a"]["所在地_町字"], rows["a"]["所在地_番地以下"]) == ("緑が丘", "1460番地")
    assert rows["b"]["所在地_連結表記"] == "東京都武蔵村山市本町1-2-3"
    assert (rows["b"]["所在地_町字"], rows["b"]["所在地_番地以下"]) == ("本町一丁目", "2-3")
    assert rows["c"]["所在地_連結表記"] == "東京都立川市泉町935番地"
    assert rows["c"]["所在地_市区町村"] == "" and rows["c"]["所在地_全国地方公共団体コード"] == ""


def published_course(room, *, sessions: int = 2, **overrides):
    operator = staff_in("bunka", "operator")
    now = timezone.now()
    course = course_services.create_course(
        operator,
        {
            "code": "smartphone-1",
            "kind": "ict",
            "title": "はじめてのスマートフォン教室",
            "title_en": "Smartphone basics",
            "description": "電話のかけ方、写真、LINEの基本。",
            "target": "市内在住の60歳以上の方",
            "minimum_age": 60,
            "residents_only": True,
            "capacity": 12,
            "fee": 1500,
            "materials": "お持ちのスマートフォン",
            "applications_open_at": now - datetime.timedelta(days=1),
            "applications_close_at": now + datetime.timedelta(days=2),
            **overrides,
        },
    )
    first_day = timezone.localdate() + datetime.timedelta(days=10)
    for number in range(1, sessions + 1):
        day = first_day + datetime.timedelta(days=7 * (number - 1))
        course_services.add_session(
            operator,
            course,
            number=number,
            starts_at=at(day, datetime.time(10)),
            ends_at=at(day, datetime.time(12)),
            room=room,
            topic=f"第{number}回のテーマ",
        )
    return course_services.publish_course(operator, course), first_day


def test_event_has_one_row_per_session(city):
    room = make_facility(
        "kominkan", name="中央公民館", address="東京都武蔵村山市本町一丁目1番地"
    ).rooms.get()
    course, first_day = published_course(room)

    rows = rows_of("event")

    assert [row["ID"] for row in rows] == ["smartphone-1-1", "smartphone-1-2"]
    first = rows[0]
    assert first["イベント名"] == "はじめてのスマートフォン教室 第1回"
    assert first["イベント名_英語"] == "Smartphone basics (session 1)"
    assert (first["開始日"], first["終了日"]) == (first_day.isoformat(), first_day.isoformat())
    assert (first["開始時間"], first["終了時間"]) == ("10:00", "12:00")
    assert first["開始日時特記事項"] == "全2回の第1回"
    assert (first["料金(基本)"], first["料金(詳細)"]) == ("1500", "受講料 1,500円（全2回分）")
    assert first["場所名称"] == "中央公民館 第1会議室"
    assert first["所在地_町字"] == "本町一丁目"
    assert first["定員"] == "12"
    assert first["連絡先名称"] == "武蔵村山市 文化振興課"
    assert first["主催者"] == "武蔵村山市"
    assert (
        first["参加申込終了日"]
        == timezone.localtime(course.applications_close_at).date().isoformat()
    )
    assert first["URL"].endswith("/facilities/courses/smartphone-1/")
    assert "対象: 市内在住の60歳以上の方" in first["備考"]
    assert rows[1]["開始日"] == (first_day + datetime.timedelta(days=7)).isoformat()
    assert_required_filled("event", rows)


def test_the_file_is_japanese_whatever_language_is_active(city):
    from django.utils import translation

    room = make_facility(
        "kominkan", name="中央公民館", address="東京都武蔵村山市本町一丁目1番地"
    ).rooms.get()
    published_course(room)
    with translation.override("en"):
        dataset = standard.ensure_standard_dataset("event")
        rows = rows_of("event")
    assert rows[0]["開始日時特記事項"] == "全2回の第1回"
    assert rows[0]["料金(詳細)"] == "受講料 1,500円（全2回分）"
    assert dataset.title == "イベント一覧"


def test_draft_courses_are_not_listed(city):
    room = make_facility(address="東京都武蔵村山市本町一丁目1番地").rooms.get()
    operator = staff_in("bunka", "operator")
    now = timezone.now()
    course_services.create_course(
        operator,
        {
            "code": "draft-1",
            "kind": "lifelong",
            "title": "準備中の講座",
            "description": "説明",
            "target": "どなたでも",
            "capacity": 5,
            "applications_open_at": now,
            "applications_close_at": now + datetime.timedelta(days=1),
        },
    )
    assert room and rows_of("event") == []


def test_evacuation_space_row(city, bosai_operator):
    add_evacuation_space(
        bosai_operator,
        identifier="E001",
        name="市民運動公園",
        address="本町一丁目1番地の1",
        flood=True,
        is_designated_shelter=True,
        neighbourhood_associations="本町一丁目自治会、本町二丁目自治会",
    )

    [row] = rows_of("evacuation_space")

    assert row["ID"] == "E001" and row["市区町村コード"] == "132233"
    assert row["所在地_連結表記"] == "東京都武蔵村山市本町一丁目1番地の1"
    assert [row[name] for name in columns.HAZARD_COLUMNS] == ["1", "", "", "1", "", "1", "", ""]
    assert row["指定避難所との重複"] == "1"
    assert row["想定収容人数"] == "1200"
    assert row["対象となる町会・自治会"] == "本町一丁目自治会;本町二丁目自治会"
    assert_required_filled("evacuation_space", [row])


def test_aed_row(city, bosai_operator):
    add_aed(
        bosai_operator,
        identifier="A001",
        building="本庁舎",
        available_days="月;火;水;木;金",
        opens_at=datetime.time(8, 30),
        closes_at=datetime.time(17, 15),
    )

    [row] = rows_of("aed")

    assert (row["ID"], row["設置位置"], row["建物名等(方書)"]) == (
        "A001",
        "1階 正面玄関横",
        "本庁舎",
    )
    assert (row["開始時間"], row["終了時間"], row["利用可能曜日"]) == (
        "08:30",
        "17:15",
        "月;火;水;木;金",
    )
    assert row["小児対応設備の有無"] == "有"
    assert_required_filled("aed", [row])


def test_population_rows_and_suppression(city):
    area = TownArea.objects.get(code="0004001")
    for index in range(12):
        PersonFactory(
            household=HouseholdFactory(town_area=area),
            birth_date=datetime.date(1980 + index % 2, 1, 1),
        )
    PersonFactory(
        household=HouseholdFactory(town_area=area),
        birth_date=datetime.date(1930, 1, 1),
        sex="female",
    )

    rows = rows_of("population")
    today = timezone.localdate()

    assert [row["地域名"] for row in rows] == ["武蔵村山市（全域）", "本町一丁目", "緑が丘"]
    city_row, honcho, midorigaoka = rows
    assert city_row["調査年月日"] == today.replace(day=1).isoformat()
    assert honcho["地域コード"] == "0004001" and honcho["総人口"] == "13"
    # The one woman aged 85+ is hidden, and so is a second cell of the same sum.
    assert honcho["85歳以上の女性"] == "X"
    assert honcho["女性"] == "X" and honcho["男性"] == "X"
    assert midorigaoka["総人口"] == "0" and midorigaoka["85歳以上の女性"] == "0"
    assert_required_filled("population", rows)
    assert current_city().code == "132233"
