"""Demo data for the facilities module: the kinds of facilities the demo city 武蔵村山市
really has (plausible, not official data), their fees, registrations, bookings and courses.

Called by the demo loader (``yakuba.demo.loader``) as one stage, after the accounts and
the citizen link.  What it makes:

- 市民会館（さくらホール）, 中央公民館, three 地区会館, 総合体育館, 野山北公園運動場 and
  大南公園テニスコート, with rooms or courts, time frames (午前/午後/夜間, hourly or
  2-hourly), lendable equipment, weekly closing days, monthly closing days and
  年末年始 as closures;
- the published fee schedule valid from 2024-04-01 (every room × frame × user class,
  市外 1.5×, 営利 2–3× of the 市内 amount), its equipment fees and reductions, and a
  draft schedule for 2027-04-01;
- the demo citizen's user registration, applied for online (市内 from the registry) and
  approved by the chief; her choir (合唱サークル) as an approved group; counter
  registrations of residents without an account, their groups, and one group waiting
  for approval;
- about 200 bookings over the next six weeks, made through
  :func:`yakuba.facilities.services.reserve` (so fees, states and the no-overlap
  guarantee are the real ones), most 使用許可 granted and about two thirds paid at the
  counter (approval and payment services);
- an ICT class for people aged 60 and over and a lifelong-learning course, made,
  scheduled (their sessions booking rooms) and published through the course services,
  with three phone applications.

Written with the ORM, for seeding only (listed in docs/modules/facilities-demo.md):
facilities, rooms, frames, equipment and closures (bulk: the catalogue services check an
administrator row by row and the demo must load in seconds) and the fee schedule in
force since 2024-04-01 (the publishing service, rightly, publishes only schedules that
take effect from today on).  Registrations, groups, the draft schedule, bookings,
approvals, payments and courses go through their services.
Idempotent: when the demo facilities exist already, nothing is added.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import (
    Approval,
    Booking,
    BookingKind,
    Closure,
    ClosureKind,
    CourseKind,
    Equipment,
    EquipmentFee,
    Facility,
    FacilityKind,
    FeeRate,
    FeeSchedule,
    Group,
    LotteryRound,
    Reduction,
    Room,
    RoundState,
    TimeFrame,
    UserClass,
    UserRegistration,
)
from .services import reserve
from .services.approval import approve_usage
from .services.courses import add_session, apply_to_course, create_course, publish_course
from .services.fee_schedules import create_schedule, set_rates
from .services.lottery_rounds import apply_to_lottery, ensure_rounds
from .services.payments import mark_paid
from .services.registration import (
    apply_for_group,
    apply_for_registration,
    approve_group,
    approve_registration,
    register_at_counter,
)
from .services.slots import at

CITY = "東京都武蔵村山市"
#: The fee schedule in force, and the draft of the next revision.
SCHEDULE_VALID_FROM = datetime.date(2024, 4, 1)
DRAFT_VALID_FROM = datetime.date(2027, 4, 1)
#: How many random bookings, over how many days from tomorrow.
DEMO_BOOKINGS = 200
BOOKING_DAYS = 42

# ------------------------------------------------------------------ frames

Frame = tuple[str, str, str, datetime.time, datetime.time]


def _t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


#: 午前 9–12, 午後 13–17, 夜間 18–21:30: halls and community centres.
THREE_FRAMES: tuple[Frame, ...] = (
    ("am", "午前", "Morning", _t(9), _t(12)),
    ("pm", "午後", "Afternoon", _t(13), _t(17)),
    ("night", "夜間", "Evening", _t(18), _t(21, 30)),
)
#: One hour each, 9:00–21:00: the gymnasium.
HOURLY_FRAMES: tuple[Frame, ...] = tuple(
    (f"h{hour:02d}", f"{hour}時〜{hour + 1}時", f"{hour}:00–{hour + 1}:00", _t(hour), _t(hour + 1))
    for hour in range(9, 21)
)
#: Two hours each in daylight, 8:00–18:00: the sports ground (no floodlights).
GROUND_FRAMES: tuple[Frame, ...] = tuple(
    (f"d{hour:02d}", f"{hour}時〜{hour + 2}時", f"{hour}:00–{hour + 2}:00", _t(hour), _t(hour + 2))
    for hour in range(8, 18, 2)
)
#: Two hours each, 9:00–19:00 (the courts have lights until 19:00).
TENNIS_FRAMES: tuple[Frame, ...] = tuple(
    (f"d{hour:02d}", f"{hour}時〜{hour + 2}時", f"{hour}:00–{hour + 2}:00", _t(hour), _t(hour + 2))
    for hour in range(9, 19, 2)
)

# ------------------------------------------------------------------ facilities


@dataclass(frozen=True)
class DemoRoom:
    code: str
    name: str
    name_en: str
    capacity: int
    floor_area: str
    equipment: tuple[str, ...]
    #: 市内 yen per frame (one amount, or one per frame in the facility's frame order).
    rates: tuple[int, ...]
    lottery_only: bool = False
    #: 営利 as a multiple of the 市内 amount.
    commercial_factor: int = 2


@dataclass(frozen=True)
class DemoEquipment:
    code: str
    name: str
    name_en: str
    quantity: int
    fee: int


@dataclass(frozen=True)
class DemoFacility:
    code: str
    name: str
    name_kana: str
    name_en: str
    kind: str
    description: str
    postal_code: str
    address: str
    phone: str
    latitude: str
    longitude: str
    accessibility: str
    frames: tuple[Frame, ...]
    rooms: tuple[DemoRoom, ...]
    equipment: tuple[DemoEquipment, ...] = ()
    opens_at: datetime.time = _t(9)
    closes_at: datetime.time = _t(21, 30)
    closed_weekdays: tuple[int, ...] = ()
    #: Monthly closing days as (nth, ISO weekday): (2, 2) is the 2nd Tuesday.
    monthly_closed: tuple[tuple[int, int], ...] = ()
    monthly_closed_label: str = ""
    requires_approval: bool = False
    lottery_enabled: bool = False
    booking_horizon_months: int = 2
    purposes: tuple[str, ...] = ()


def _district_centre(
    code: str, name: str, kana: str, name_en: str, postal: str, address: str, phone: str,
    latitude: str, longitude: str, accessibility: str,
) -> DemoFacility:  # fmt: skip
    return DemoFacility(
        code=code,
        name=name,
        name_kana=kana,
        name_en=name_en,
        kind=FacilityKind.COMMUNITY_CENTRE,
        description=(
            "地域の集会や趣味の活動に使える地区会館です。会議室・和室・調理室があります。"
        ),
        postal_code=postal,
        address=address,
        phone=phone,
        latitude=latitude,
        longitude=longitude,
        accessibility=accessibility,
        frames=THREE_FRAMES,
        rooms=(
            DemoRoom(
                "kaigi",
                "会議室",
                "Meeting room",
                30,
                "54.0",
                ("長机10台", "いす30脚", "ホワイトボード"),
                (500, 700, 700),
            ),
            DemoRoom(
                "washitsu",
                "和室",
                "Japanese-style room",
                20,
                "33.0",
                ("座卓6台", "座布団20枚"),
                (400, 500, 500),
            ),
            DemoRoom(
                "chori",
                "調理室",
                "Cooking room",
                16,
                "45.0",
                ("調理台4台", "ガスコンロ8口", "冷蔵庫", "食器一式"),
                (700, 900, 900),
            ),
        ),  # fmt: skip
        equipment=(DemoEquipment("projector", "プロジェクター", "Projector", 1, 300),),
        closed_weekdays=(1,),
        lottery_enabled=False,
        booking_horizon_months=3,
        purposes=(
            "自治会の役員会",
            "健康体操",
            "書道教室",
            "料理教室",
            "囲碁の会",
            "子ども会の集まり",
        ),
    )


FACILITIES: tuple[DemoFacility, ...] = (
    DemoFacility(
        code="sakura-hall",
        name="市民会館（さくらホール）",
        name_kana="シミンカイカン（サクラホール）",
        name_en="Civic Hall (Sakura Hall)",
        kind=FacilityKind.HALL,
        description=(
            "大ホール（約1,000席）と小ホール（約300席）のある市民会館です。"
            "コンサート、演劇、講演会、発表会などに使えます。大ホールは抽選のみで、"
            "使用には許可が必要です。"
        ),
        postal_code="208-0004",
        address=f"{CITY}本町一丁目17番地の1",
        phone="042-565-0123",
        latitude="35.754200",
        longitude="139.386900",
        accessibility=(
            "車いす用の客席（大ホール8席、小ホール4席）、多機能トイレ（各階）、"
            "エレベーター、補助犬の同伴可。大ホールに磁気ループ（ヒアリングループ）があります。"
            "障害者用の駐車区画が正面入口の近くに4台分あります。"
        ),
        frames=THREE_FRAMES,
        rooms=(
            DemoRoom(
                "dai-hall",
                "大ホール",
                "Main hall",
                1002,
                "1250.0",
                ("ステージ", "楽屋4室", "親子室", "オーケストラピット"),
                (30000, 45000, 50000),
                lottery_only=True,
                commercial_factor=3,
            ),
            DemoRoom(
                "sho-hall",
                "小ホール",
                "Small hall",
                300,
                "420.0",
                ("ステージ", "楽屋2室", "可動席"),
                (8000, 12000, 13000),
                commercial_factor=3,
            ),
            DemoRoom(
                "kaigi-1",
                "第1会議室",
                "Meeting room 1",
                36,
                "72.0",
                ("長机12台", "いす36脚", "ホワイトボード"),
                (1200, 1600, 1600),
            ),
            DemoRoom(
                "kaigi-2",
                "第2会議室",
                "Meeting room 2",
                24,
                "48.0",
                ("長机8台", "いす24脚", "ホワイトボード"),
                (800, 1100, 1100),
            ),
            DemoRoom(
                "washitsu",
                "和室（茶室付き）",
                "Japanese-style room with tea room",
                20,
                "40.0",
                ("座卓6台", "炉", "水屋"),
                (900, 1200, 1200),
            ),
        ),  # fmt: skip
        equipment=(
            DemoEquipment("grand-piano", "グランドピアノ", "Grand piano", 1, 3000),
            DemoEquipment("projector", "プロジェクター", "Projector", 2, 500),
            DemoEquipment("sound", "音響セット", "Sound system", 1, 1000),
            DemoEquipment("lighting", "舞台照明", "Stage lighting", 1, 2000),
            DemoEquipment("microphone", "ワイヤレスマイク", "Wireless microphone", 4, 300),
        ),
        monthly_closed=((2, 2), (4, 2)),
        monthly_closed_label="休館日（第2・第4火曜日）",
        requires_approval=True,
        lottery_enabled=True,
        purposes=("ピアノ発表会", "講演会", "会議", "研修会", "茶道の稽古", "コーラスの練習"),
    ),
    DemoFacility(
        code="chuo-kominkan",
        name="中央公民館",
        name_kana="チュウオウコウミンカン",
        name_en="Central Community Centre",
        kind=FacilityKind.COMMUNITY_CENTRE,
        description=("講座やサークル活動の拠点です。ホール、学習室、和室、調理実習室があります。"),
        postal_code="208-0011",
        address=f"{CITY}学園四丁目5番地の1",
        phone="042-564-5421",
        latitude="35.750600",
        longitude="139.392300",
        accessibility=(
            "スロープとエレベーター、多機能トイレ（1階・2階）、車いすの貸出し（2台）。"
            "障害者用の駐車区画2台分。受付に筆談ボードがあります。"
        ),
        frames=THREE_FRAMES,
        rooms=(
            DemoRoom(
                "hall",
                "ホール",
                "Hall",
                150,
                "230.0",
                ("ステージ", "いす150脚", "アップライトピアノ"),
                (3000, 4000, 4000),
            ),
            DemoRoom(
                "gakushu-1",
                "第1学習室",
                "Study room 1",
                30,
                "60.0",
                ("長机10台", "いす30脚", "ホワイトボード", "Wi-Fi"),
                (600, 800, 800),
            ),
            DemoRoom(
                "gakushu-2",
                "第2学習室",
                "Study room 2",
                30,
                "60.0",
                ("長机10台", "いす30脚", "ホワイトボード"),
                (600, 800, 800),
            ),
            DemoRoom(
                "washitsu",
                "和室",
                "Japanese-style room",
                24,
                "45.0",
                ("座卓8台", "座布団24枚"),
                (500, 700, 700),
            ),
            DemoRoom(
                "chori",
                "調理実習室",
                "Cooking room",
                24,
                "80.0",
                ("調理台6台", "ガスコンロ12口", "冷蔵庫", "食器一式"),
                (900, 1200, 1200),
            ),
        ),  # fmt: skip
        equipment=(
            DemoEquipment("projector", "プロジェクター", "Projector", 2, 500),
            DemoEquipment("sound", "音響セット", "Sound system", 1, 1000),
        ),
        closed_weekdays=(1,),
        lottery_enabled=False,
        booking_horizon_months=3,
        purposes=("合唱の練習", "手芸サークル", "英会話サークル", "料理教室", "講演会", "会議"),
    ),
    _district_centre(
        "nakato-chiku-kaikan",
        "中藤地区会館",
        "ナカトウチクカイカン",
        "Nakato District Hall",
        "208-0001",
        f"{CITY}中藤三丁目12番地の4",
        "042-560-3301",
        "35.758900",
        "139.396100",
        "1階のみの建物で段差はありません。多機能トイレがあります。駐車場は3台分です。",
    ),  # fmt: skip
    _district_centre(
        "mitsugi-chiku-kaikan",
        "三ツ木地区会館",
        "ミツギチクカイカン",
        "Mitsugi District Hall",
        "208-0032",
        f"{CITY}三ツ木二丁目21番地の2",
        "042-560-3302",
        "35.761300",
        "139.371800",
        "入口にスロープがあります。会議室は2階で、エレベーターはありません（和室・調理室は1階）。",
    ),  # fmt: skip
    _district_centre(
        "midorigaoka-fureai",
        "緑が丘ふれあいセンター",
        "ミドリガオカフレアイセンター",
        "Midorigaoka Community Centre",
        "208-0012",
        f"{CITY}緑が丘1460番地",
        "042-590-1188",
        "35.748100",
        "139.404700",
        "エレベーター、多機能トイレ、点字ブロックがあります。都営住宅の敷地内で駐車場はありません。",
    ),  # fmt: skip
    DemoFacility(
        code="sogo-taiikukan",
        name="総合体育館",
        name_kana="ソウゴウタイイクカン",
        name_en="General Gymnasium",
        kind=FacilityKind.GYMNASIUM,
        description=(
            "主競技場（A面・B面に分けて利用できます）、武道場、トレーニング室のある体育館です。"
            "1時間単位で予約できます。"
        ),
        postal_code="208-0023",
        address=f"{CITY}伊奈平二丁目37番地の1",
        phone="042-560-6620",
        latitude="35.744800",
        longitude="139.382400",
        accessibility=(
            "車いすで主競技場の観覧席まで行けます（エレベーター）。多機能トイレ、"
            "車いす用の更衣室とシャワー。障害者用の駐車区画5台分。"
        ),
        frames=HOURLY_FRAMES,
        rooms=(
            DemoRoom(
                "main-a",
                "主競技場A面",
                "Main arena, court A",
                150,
                "864.0",
                ("バスケットボール1面", "バレーボール1面", "バドミントン3面"),
                (1500,) * 9 + (2000,) * 3,
            ),
            DemoRoom(
                "main-b",
                "主競技場B面",
                "Main arena, court B",
                150,
                "864.0",
                ("バスケットボール1面", "バレーボール1面", "バドミントン3面"),
                (1500,) * 9 + (2000,) * 3,
            ),
            DemoRoom(
                "budojo",
                "武道場",
                "Martial arts hall",
                60,
                "450.0",
                ("柔道畳", "剣道場（床）"),
                (800,) * 9 + (1000,) * 3,
            ),
            DemoRoom(
                "training",
                "トレーニング室",
                "Training room",
                30,
                "200.0",
                ("ランニングマシン6台", "エアロバイク6台", "筋力トレーニング機器"),
                (300,),
            ),
        ),  # fmt: skip
        equipment=(
            DemoEquipment("scoreboard", "得点板", "Scoreboard", 4, 200),
            DemoEquipment("table-tennis", "卓球台", "Table-tennis table", 12, 100),
            DemoEquipment("sound", "放送設備", "Public address system", 1, 1000),
        ),
        opens_at=_t(9),
        closes_at=_t(21),
        monthly_closed=((3, 1),),
        monthly_closed_label="休館日（第3月曜日）",
        lottery_enabled=True,
        purposes=(
            "バスケットボールの練習",
            "バレーボールの練習",
            "バドミントン",
            "卓球",
            "剣道の稽古",
            "柔道の稽古",
            "体力づくり",
        ),  # fmt: skip
    ),
    DemoFacility(
        code="noyamakita-ground",
        name="野山北公園運動場",
        name_kana="ノヤマキタコウエンウンドウジョウ",
        name_en="Noyamakita Park Sports Ground",
        kind=FacilityKind.SPORTS_GROUND,
        description=(
            "狭山丘陵のふもとの運動場です。野球場と多目的広場（サッカー・グラウンドゴルフ）が"
            "あります。照明はないため、日中のみ2時間単位で予約できます。"
        ),
        postal_code="208-0004",
        address=f"{CITY}本町五丁目37番地の3",
        phone="042-560-6620",
        latitude="35.765400",
        longitude="139.380200",
        accessibility=(
            "駐車場から運動場まで舗装された通路があります。管理棟に多機能トイレがあります。"
            "観覧席は階段式です。"
        ),
        frames=GROUND_FRAMES,
        rooms=(
            DemoRoom(
                "baseball",
                "野球場",
                "Baseball field",
                100,
                "9800.0",
                ("ダッグアウト", "バックネット", "スコアボード"),
                (2000,),
            ),
            DemoRoom(
                "tamokuteki",
                "多目的広場",
                "Multi-purpose field",
                200,
                "12000.0",
                ("サッカーゴール2基",),
                (1500,),
            ),
        ),  # fmt: skip
        opens_at=_t(8),
        closes_at=_t(18),
        lottery_enabled=True,
        purposes=("少年野球の練習", "草野球の試合", "サッカーの練習", "グラウンドゴルフ"),
    ),
    DemoFacility(
        code="ominami-tennis",
        name="大南公園テニスコート",
        name_kana="オオミナミコウエンテニスコート",
        name_en="Ominami Park Tennis Courts",
        kind=FacilityKind.TENNIS,
        description="砂入り人工芝のテニスコートが4面あります。2時間単位で予約できます。",
        postal_code="208-0013",
        address=f"{CITY}大南四丁目62番地",
        phone="042-560-6620",
        latitude="35.741900",
        longitude="139.401300",
        accessibility=(
            "コートの入口は段差なし。車いすテニスに使えます。公園の管理棟に多機能トイレがあります。"
        ),
        frames=TENNIS_FRAMES,
        rooms=tuple(
            DemoRoom(
                f"court-{number}",
                f"{number}番コート",
                f"Court {number}",
                8,
                "670.0",
                ("砂入り人工芝",),
                (1000,),
            )
            for number in range(1, 5)
        ),  # fmt: skip
        opens_at=_t(9),
        closes_at=_t(19),
        lottery_enabled=True,
        purposes=("テニス", "テニスの練習", "ソフトテニス"),
    ),
)

#: Reductions (減免), all applied by staff after checking documents.
REDUCTIONS = (
    ("city", "市・教育委員会の主催・共催", "Organised by the city or board of education", 100),
    ("school", "市内の学校の教育活動", "Activities of schools in the city", 100),
    ("disability", "障害者団体の活動", "Activities of groups of persons with disabilities", 50),
    ("jichikai", "自治会の活動", "Activities of neighbourhood associations", 50),
)

# ------------------------------------------------------------------ people


@dataclass(frozen=True)
class CounterPerson:
    name: str
    kana: str
    address: str
    phone: str
    is_resident: bool = True


COUNTER_PEOPLE = (
    CounterPerson("田中 正男", "タナカ マサオ", "中藤三丁目8番地の2", "042-560-1101"),
    CounterPerson("鈴木 和子", "スズキ カズコ", "学園二丁目14番地", "042-560-1102"),
    CounterPerson("高橋 清", "タカハシ キヨシ", "三ツ木一丁目3番地の5", "042-560-1103"),
    CounterPerson("伊藤 洋子", "イトウ ヨウコ", "大南一丁目22番地", "042-560-1104"),
    CounterPerson("小林 茂", "コバヤシ シゲル", "緑が丘1460番地 1-304", "042-560-1105"),
    CounterPerson("加藤 悦子", "カトウ エツコ", "本町四丁目9番地の1", "042-560-1106"),
    CounterPerson("吉田 修", "ヨシダ オサム", "神明二丁目30番地", "042-560-1107"),
    CounterPerson(
        "山口 恵", "ヤマグチ メグミ", "東京都東大和市中央三丁目1番地", "042-561-2201", False
    ),
)

#: Groups represented by counter registrants: (name, kana, activity, representative index).
COUNTER_GROUPS = (
    ("村山太極拳の会", "ムラヤマタイキョクケンノカイ", "太極拳の練習（毎週）", 1),
    ("大南ミニバスケットボールクラブ", "オオミナミミニバスケットボールクラブ", "小学生のバスケットボール", 3),
    ("中藤自治会", "ナカトウジチカイ", "自治会の役員会・行事", 0),
)  # fmt: skip


@dataclass
class DemoFacilities:
    """What :func:`load_demo_facilities` made (all zero when they existed already)."""

    facilities: int = 0
    rooms: int = 0
    rates: int = 0
    registrations: int = 0
    groups: int = 0
    bookings: int = 0
    courses: int = 0
    lottery_entries: int = 0
    timings: dict[str, float] = field(default_factory=dict)


# ------------------------------------------------------------------ loading


def load_demo_facilities(
    seed: int,
    *,
    operator_email: str,
    approver_email: str,
    citizen_email: str,
    bookings: int = DEMO_BOOKINGS,
) -> DemoFacilities:
    """Load the demo facilities, fees, registrations, bookings and courses; idempotent."""
    result = DemoFacilities()
    if Facility.objects.filter(code=FACILITIES[0].code).exists():
        return result
    users = get_user_model().objects
    operator = users.get(email=operator_email)
    approver = users.get(email=approver_email)
    citizen = users.filter(email=citizen_email).first()
    today = timezone.localdate()
    now = timezone.now()
    rng = random.Random(seed)

    clock = _Clock(result.timings)
    facilities = [_create_facility(spec) for spec in FACILITIES]
    result.facilities = len(facilities)
    result.rooms = Room.objects.filter(facility__in=facilities).count()
    _create_closures(facilities, today)
    clock.lap("facilities")
    result.rates = _create_schedules(facilities, approver, today, now)
    clock.lap("fee schedules")

    registrations = _create_registrations(citizen, operator, approver)
    hanako = registrations[0] if citizen is not None else None
    groups = _create_groups(rng, hanako, registrations, approver)
    result.registrations = UserRegistration.objects.count()
    result.groups = Group.objects.count()
    clock.lap("registrations")

    result.courses = _create_courses(operator, today, now)
    clock.lap("courses")
    made = _group_bookings(hanako, groups, today)
    made += _random_bookings(rng, registrations, groups, operator, today, bookings - len(made))
    clock.lap("bookings")
    _settle(rng, made, operator, approver, now)
    clock.lap("approvals and payments")
    result.lottery_entries = _open_lottery(hanako, groups, now)
    clock.lap("lottery")
    result.bookings = len(made)
    return result


class _Clock:
    """Wall-clock seconds of each step, into ``timings``."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now


def _create_facility(spec: DemoFacility) -> Facility:
    facility = Facility.objects.create(
        code=spec.code,
        name=spec.name,
        name_kana=spec.name_kana,
        name_en=spec.name_en,
        kind=spec.kind,
        description=spec.description,
        postal_code=spec.postal_code,
        address=spec.address,
        phone=spec.phone,
        accessibility=spec.accessibility,
        latitude=Decimal(spec.latitude),
        longitude=Decimal(spec.longitude),
        opens_at=spec.opens_at,
        closes_at=spec.closes_at,
        closed_weekdays=list(spec.closed_weekdays),
        requires_approval=spec.requires_approval,
        department="bunka",
        booking_horizon_months=spec.booking_horizon_months,
        lottery_enabled=spec.lottery_enabled,
    )
    TimeFrame.objects.bulk_create(
        TimeFrame(
            facility=facility, code=code, label=label, label_en=label_en, starts=starts, ends=ends
        )
        for code, label, label_en, starts, ends in spec.frames
    )
    Room.objects.bulk_create(
        Room(
            facility=facility,
            code=room.code,
            name=room.name,
            name_en=room.name_en,
            capacity=room.capacity,
            floor_area=Decimal(room.floor_area),
            equipment=list(room.equipment),
            lottery_only=room.lottery_only,
        )
        for room in spec.rooms
    )
    Equipment.objects.bulk_create(
        Equipment(
            facility=facility,
            code=item.code,
            name=item.name,
            name_en=item.name_en,
            quantity=item.quantity,
        )
        for item in spec.equipment
    )
    return facility


def nth_weekday(month: datetime.date, nth: int, weekday: int) -> datetime.date:
    """The ``nth`` ISO ``weekday`` of ``month`` (e.g. the 2nd Tuesday: 2, 2)."""
    first = month.replace(day=1)
    offset = (weekday - first.isoweekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def _months(first: datetime.date, count: int) -> list[datetime.date]:
    index = first.year * 12 + first.month - 1
    return [datetime.date((index + n) // 12, (index + n) % 12 + 1, 1) for n in range(count)]


def _create_closures(facilities: Sequence[Facility], today: datetime.date) -> None:
    closures = []
    specs = {spec.code: spec for spec in FACILITIES}
    for facility in facilities:
        for year in (today.year - 1, today.year, today.year + 1):
            closures.append(
                Closure(
                    facility=facility,
                    kind=ClosureKind.HOLIDAY,
                    first_day=datetime.date(year, 12, 29),
                    last_day=datetime.date(year + 1, 1, 3),
                    reason="年末年始の休館",
                    reason_en="New Year holidays",
                )
            )
        spec = specs[facility.code]
        for month in _months(today.replace(day=1), 14):
            for nth, weekday in spec.monthly_closed:
                day = nth_weekday(month, nth, weekday)
                closures.append(
                    Closure(
                        facility=facility,
                        kind=ClosureKind.HOLIDAY,
                        first_day=day,
                        last_day=day,
                        reason=spec.monthly_closed_label,
                        reason_en="Monthly closing day",
                    )
                )
    gym = next(f for f in facilities if f.code == "sogo-taiikukan")
    inspection = datetime.date(today.year, 12, 10)
    if inspection < today:
        inspection = inspection.replace(year=today.year + 1)
    closures.append(
        Closure(
            facility=gym,
            kind=ClosureKind.MAINTENANCE,
            first_day=inspection,
            last_day=inspection,
            reason="設備点検のための臨時休館",
            reason_en="Closed for an inspection",
        )
    )
    training = gym.rooms.get(code="training")
    closures.append(
        Closure(
            facility=gym,
            room=training,
            kind=ClosureKind.MAINTENANCE,
            first_day=today + datetime.timedelta(days=20),
            last_day=today + datetime.timedelta(days=22),
            reason="トレーニング機器の入替え工事",
            reason_en="New training machines being installed",
        )
    )
    Closure.objects.bulk_create(closures)


def _round10(amount: float) -> int:
    return int(round(amount / 10.0)) * 10


def class_amounts(resident: int, commercial_factor: int) -> dict[str, int]:
    """The amounts of the five user classes from the 市内 amount: 市内 individuals and
    groups pay it, 市外 1.5 times it, 営利 ``commercial_factor`` times it."""
    return {
        UserClass.RESIDENT: resident,
        UserClass.RESIDENT_GROUP: resident,
        UserClass.NONRESIDENT: _round10(resident * 1.5),
        UserClass.NONRESIDENT_GROUP: _round10(resident * 1.5),
        UserClass.COMMERCIAL: resident * commercial_factor,
    }


def draft_valid_from(today: datetime.date) -> datetime.date:
    """1 April 2027, or the next 1 April when the demo is loaded later than that."""
    if today < DRAFT_VALID_FROM:
        return DRAFT_VALID_FROM
    return datetime.date(today.year + (1 if today >= datetime.date(today.year, 4, 1) else 0), 4, 1)


def _create_schedules(
    facilities: Sequence[Facility], approver: Any, today: datetime.date, now: datetime.datetime
) -> int:
    """The schedule in force since 2024-04-01 (written directly: the publishing service
    accepts only schedules taking effect from today on), then the draft revision through
    the fee-schedule services: a copy with the 市民会館 and tennis fees about a tenth
    higher."""
    published = FeeSchedule.objects.create(
        title="公共施設使用料（令和6年4月1日改定）",
        valid_from=SCHEDULE_VALID_FROM,
        note="武蔵村山市公共施設条例 別表（デモ用の架空の金額です）",
        published_at=now,
        published_by=approver,
    )
    specs = {spec.code: spec for spec in FACILITIES}
    rates = []
    equipment_fees = []
    for facility in facilities:
        spec = specs[facility.code]
        frames = list(facility.frames.all())
        rooms = {room.code: room for room in facility.rooms.all()}
        items = {item.code: item for item in facility.lendables.all()}
        for room_spec in spec.rooms:
            for frame, base in zip(frames, _per_frame(room_spec, frames), strict=True):
                for user_class, amount in class_amounts(base, room_spec.commercial_factor).items():
                    rates.append(
                        FeeRate(
                            schedule=published,
                            room=rooms[room_spec.code],
                            frame=frame,
                            user_class=user_class,
                            amount=amount,
                        )
                    )
        for item_spec in spec.equipment:
            equipment_fees.append(
                EquipmentFee(
                    schedule=published, equipment=items[item_spec.code], amount=item_spec.fee
                )
            )
    FeeRate.objects.bulk_create(rates)
    EquipmentFee.objects.bulk_create(equipment_fees)
    Reduction.objects.bulk_create(
        Reduction(
            schedule=published,
            code=code,
            reason=reason,
            reason_en=reason_en,
            percent=percent,
            staff_only=True,
        )
        for code, reason, reason_en, percent in REDUCTIONS
    )
    draft = create_schedule(
        approver,
        title="公共施設使用料（令和9年4月1日改定案）",
        valid_from=draft_valid_from(today),
        note="改定案：市民会館とテニスコートの使用料を約1割引き上げ。審議中のため未公開です。",
        copy_from=published,
    )
    for facility in facilities:
        if facility.code not in REVISED:
            continue
        spec = specs[facility.code]
        frames = list(facility.frames.all())
        rooms = {room.code: room for room in facility.rooms.all()}
        amounts = {}
        for room_spec in spec.rooms:
            for frame, base in zip(frames, _per_frame(room_spec, frames), strict=True):
                revised = class_amounts(_round10(base * 1.1), room_spec.commercial_factor)
                for user_class, amount in revised.items():
                    amounts[(rooms[room_spec.code].pk, frame.pk, user_class)] = amount
        set_rates(approver, draft, facility, amounts)
    return len(rates)


#: Facilities whose fees the draft revision raises.
REVISED = ("sakura-hall", "ominami-tennis")


def _per_frame(room: DemoRoom, frames: Sequence[TimeFrame]) -> list[int]:
    return [
        room.rates[index] if len(room.rates) > 1 else room.rates[0] for index in range(len(frames))
    ]


FAMILY_NAMES = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
    ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("松本", "マツモト"), ("井上", "イノウエ"),
    ("木村", "キムラ"), ("清水", "シミズ"), ("石井", "イシイ"), ("荒井", "アライ"),
)  # fmt: skip
GIVEN_NAMES = (
    ("和子", "カズコ"), ("幸子", "サチコ"), ("恵子", "ケイコ"), ("陽子", "ヨウコ"),
    ("美穂", "ミホ"), ("直美", "ナオミ"), ("真由美", "マユミ"), ("京子", "キョウコ"),
    ("博", "ヒロシ"), ("誠", "マコト"), ("健一", "ケンイチ"), ("隆", "タカシ"),
    ("翔太", "ショウタ"), ("大輔", "ダイスケ"), ("悠真", "ユウマ"), ("蓮", "レン"),
)  # fmt: skip


def _members(rng: random.Random, count: int, *, women: bool = False) -> list[tuple[str, str, bool]]:
    """``count`` fictional members (name, kana, 市内), about four in five living in the city."""
    given = GIVEN_NAMES[:8] if women else GIVEN_NAMES
    members = []
    for index in range(count):
        family, family_kana = rng.choice(FAMILY_NAMES)
        first, first_kana = rng.choice(given)
        members.append((f"{family} {first}", f"{family_kana} {first_kana}", index % 5 != 4))
    return members


def _create_registrations(citizen: Any, operator: Any, approver: Any) -> list[UserRegistration]:
    """The demo citizen's registration (first, when she exists: applied online, 市内 from
    the registry, approved by the chief), then the counter registrations."""
    registrations = []
    if citizen is not None:
        applied = apply_for_registration(
            citizen,
            {
                "name": citizen.display_name,
                "name_kana": citizen.display_name_kana,
                "postal_code": "208-0004",
                "address": f"{CITY}本町二丁目12番地の3",
                "phone": "042-565-7788",
                "email": citizen.email,
            },
        )
        registrations.append(approve_registration(approver, applied))
    for person in COUNTER_PEOPLE:
        address = (
            person.address if person.address.startswith("東京都") else f"{CITY}{person.address}"
        )
        registrations.append(
            register_at_counter(
                operator,
                {
                    "name": person.name,
                    "name_kana": person.kana,
                    "address": address,
                    "phone": person.phone,
                    "is_resident": person.is_resident,
                },
            )
        )
    return registrations


def _create_groups(
    rng: random.Random,
    hanako: UserRegistration | None,
    registrations: Sequence[UserRegistration],
    approver: Any,
) -> dict[str, Group]:
    """Her choir and three groups of counter registrants, approved; one group waiting."""
    counter = [r for r in registrations if r.user_id is None]
    groups: dict[str, Group] = {}
    wanted = []
    if hanako is not None:
        wanted.append(
            (
                "choir",
                hanako,
                "さくら合唱サークル",
                "サクラガッショウサークル",
                "女声合唱。毎週水曜の夜に中央公民館で練習し、年に1回さくらホールで発表会を開きます。",
                _members(rng, 11, women=True),
            )
        )
    for name, kana, activity, index in COUNTER_GROUPS:
        wanted.append((kana, counter[index], name, kana, activity, _members(rng, 9)))
    for key, representative, name, kana, activity, members in wanted:
        group = apply_for_group(
            representative,
            name=name,
            name_kana=kana,
            activity=activity,
            phone=representative.phone,
            members=members,
        )
        groups[key] = approve_group(approver, group)
    apply_for_group(
        counter[5],
        name="ひまわり手芸クラブ",
        name_kana="ヒマワリシュゲイクラブ",
        activity="編み物・刺しゅう・パッチワーク",
        phone=counter[5].phone,
        members=_members(rng, 6, women=True),
    )
    return groups


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.isoweekday()) % 7)


def _is_closed(facility: Facility, day: datetime.date) -> bool:
    return (
        day.isoweekday() in (facility.closed_weekdays or [])
        or facility.closures.filter(
            room__isnull=True, first_day__lte=day, last_day__gte=day
        ).exists()
    )


def _open_weekdays(facility: Facility, first: datetime.date, weekday: int, count: int):
    """``count`` days on ``weekday`` from ``first`` on which ``facility`` is open."""
    day = _next_weekday(first, weekday)
    days = []
    while len(days) < count:
        if not _is_closed(facility, day):
            days.append(day)
        day += datetime.timedelta(days=7)
    return days


def _create_courses(operator: Any, today: datetime.date, now: datetime.datetime) -> int:
    """An ICT class for people aged 60 and over and a lifelong-learning course, open for
    applications now, through the course services: their sessions are booked (kind
    ``course``) in the 中央公民館, and three older residents applied by phone."""
    centre = Facility.objects.get(code="chuo-kominkan")
    rooms = {room.code: room for room in centre.rooms.all()}
    frames = {frame.code: frame for frame in centre.frames.all()}
    common = {
        "applications_open_at": now - datetime.timedelta(days=3),
        "applications_close_at": at(today + datetime.timedelta(days=10), datetime.time(17)),
        "residents_only": True,
    }
    plans = (
        (
            {
                "code": f"ict-smartphone-{today:%Y%m}",
                "kind": CourseKind.ICT,
                "title": "はじめてのスマートフォン教室",
                "title_en": "Smartphones for beginners",
                "description": (
                    "電源の入れ方、電話とメール、写真、LINEの使い方、詐欺メールの見分け方を、"
                    "少人数でゆっくり学びます。講師のほかにサポーターが2人つきます。"
                ),
                "description_en": (
                    "Calls, e-mail, photos, messaging and spotting fraud messages, slowly "
                    "and in a small group, with two helpers besides the teacher."
                ),
                "target": "市内在住の60歳以上の方",
                "minimum_age": 60,
                "capacity": 12,
                "fee": 0,
                "materials": "お持ちのスマートフォン（お持ちでない方には貸出機があります）",
            },
            "gakushu-1",
            "am",
            4,
            ("基本操作と電話", "写真とメール・LINE", "安全な使い方（詐欺メール・パスワード）"),
        ),
        (
            {
                "code": f"lifelong-sayama-{today:%Y%m}",
                "kind": CourseKind.LIFELONG,
                "title": "狭山丘陵の自然と村山の歴史",
                "title_en": "Nature of the Sayama Hills and local history",
                "description": (
                    "市の学芸員と一緒に、狭山丘陵の自然、村山大島紬、村山かてうどんなど"
                    "地域の歴史と文化を学ぶ全4回の講座です。"
                ),
                "description_en": "Four sessions on the hills, the local silk and food history.",
                "target": "市内在住・在勤・在学の方",
                "minimum_age": None,
                "capacity": 40,
                "fee": 500,
                "materials": "筆記用具",
            },
            "hall",
            "pm",
            6,
            ("狭山丘陵の自然", "村山大島紬", "村山の食文化", "まとめと野外観察の報告"),
        ),
    )
    courses = []
    for data, room_code, frame_code, weekday, topics in plans:
        course = create_course(operator, {**common, **data})
        frame = frames[frame_code]
        days = _open_weekdays(centre, today + datetime.timedelta(days=17), weekday, len(topics))
        for number, (day, topic) in enumerate(zip(days, topics, strict=True), start=1):
            add_session(
                operator,
                course,
                number=number,
                starts_at=at(day, frame.starts),
                ends_at=at(day, frame.ends),
                room=rooms[room_code],
                topic=topic,
            )
        courses.append(publish_course(operator, course))
    for name, kana, birth, phone, needs in (
        ("田中 正男", "タナカ マサオ", datetime.date(1950, 5, 3), "042-560-1101", ""),
        ("鈴木 和子", "スズキ カズコ", datetime.date(1953, 11, 20), "042-560-1102", "スマートフォンを持っていません"),
        ("小林 茂", "コバヤシ シゲル", datetime.date(1948, 2, 14), "042-560-1105", "耳が遠いので前の席を希望します"),
    ):  # fmt: skip
        apply_to_course(
            courses[0],
            data={
                "name": name,
                "name_kana": kana,
                "phone": phone,
                "birth_date": birth,
                "is_resident": True,
                "needs": needs,
            },
            entered_by=operator,
        )
    return len(courses)


def _group_bookings(
    hanako: UserRegistration | None, groups: dict[str, Group], today: datetime.date
) -> list[Booking]:
    """The choir's Wednesday evening practice in the 中央公民館 hall for the next weeks."""
    if hanako is None or "choir" not in groups:
        return []
    centre = Facility.objects.get(code="chuo-kominkan")
    hall = centre.rooms.get(code="hall")
    made = []
    for day in _open_weekdays(centre, today + datetime.timedelta(days=1), 3, 5):
        if day > today + datetime.timedelta(days=BOOKING_DAYS):
            break
        try:
            made.append(
                reserve(
                    registration=hanako,
                    room=hall,
                    day=day,
                    frame_codes=["night"],
                    purpose="合唱の練習",
                    attendees=12,
                    group=groups["choir"],
                )
            )
        except ValidationError:
            continue  # not open for booking yet, or taken
    return made


def _random_bookings(
    rng: random.Random,
    registrations: Sequence[UserRegistration],
    groups: dict[str, Group],
    operator: Any,
    today: datetime.date,
    wanted: int,
) -> list[Booking]:
    """``wanted`` first-come bookings at random through ``reserve``: online for the demo
    citizen, at the counter for the others; refused tries (closed, taken, not yet open)
    are simply tried elsewhere, as a resident would."""
    specs = {spec.code: spec for spec in FACILITIES}
    rooms = [
        room
        for room in Room.objects.select_related("facility").filter(
            facility__code__in=specs, lottery_only=False, is_active=True
        )
    ]
    frames = {
        facility.pk: [frame.code for frame in facility.frames.all()]
        for facility in {room.facility for room in rooms}
    }
    equipment = {
        facility_id: list(Equipment.objects.filter(facility_id=facility_id))
        for facility_id in frames
    }
    by_representative: dict[int, Group] = {}
    for group in groups.values():
        by_representative.setdefault(group.representative_id, group)
    made: list[Booking] = []
    tries = 0
    while len(made) < wanted and tries < wanted * 6:
        tries += 1
        room = rng.choice(rooms)
        spec = specs[room.facility.code]
        day = today + datetime.timedelta(days=rng.randint(1, BOOKING_DAYS))
        codes = frames[room.facility_id]
        length = rng.choice((1, 1, 1, 2)) if len(codes) <= 5 else rng.choice((1, 2, 2, 3))
        first = rng.randrange(0, len(codes) - length + 1)
        registration = rng.choice(registrations)
        group = by_representative.get(registration.pk) if rng.random() < 0.5 else None
        online = registration.user_id is not None
        # At the counter: the 自治会 gets its reduction (documents checked), and now and
        # then a paid class is booked at the commercial (営利) rate.
        reduction = "jichikai" if group is not None and group.name.endswith("自治会") else ""
        commercial = not online and group is None and rng.random() < 0.06
        purpose = "有料の教室（営利）" if commercial else rng.choice(spec.purposes)
        lendables = {}
        if equipment[room.facility_id] and rng.random() < 0.25:
            item = rng.choice(equipment[room.facility_id])
            lendables[item] = 1
        try:
            booking = reserve(
                registration=registration,
                room=room,
                day=day,
                frame_codes=codes[first : first + length],
                purpose=purpose,
                attendees=max(1, min(room.capacity, rng.randint(2, 40))),
                group=group,
                commercial=commercial,
                reduction_code=reduction,
                equipment=lendables,
                kind=BookingKind.ONLINE if online else BookingKind.COUNTER,
                booked_by=None if online else operator,
            )
        except ValidationError:
            continue
        made.append(booking)
    return made


def _settle(
    rng: random.Random,
    bookings: Sequence[Booking],
    operator: Any,
    approver: Any,
    now: datetime.datetime,
) -> None:
    """Most usage approvals granted by the chief, about two thirds of the fees paid at the
    counter (through the approval and payment services, so states follow their rules)."""
    for number, booking in enumerate(bookings, start=1):
        if booking.approval == Approval.PENDING and rng.random() < 0.7:
            booking = approve_usage(approver, booking)
        if booking.fee and rng.random() < 0.65:
            mark_paid(operator, booking, reference=f"R{now:%y%m%d}-{number:04d}")


def _open_lottery(
    hanako: UserRegistration | None, groups: dict[str, Group], now: datetime.datetime
) -> int:
    """The lottery rounds of the month after next (the lottery part's periodic job, run
    now rather than at the worker's first tick) and, while the 市民会館's round takes
    applications (the 1st to the 10th), the choir's application for its concert in the
    大ホール on three weekend afternoons."""
    ensure_rounds(now)
    if hanako is None or "choir" not in groups:
        return 0
    lottery_round = LotteryRound.objects.filter(
        facility__code="sakura-hall", state=RoundState.OPEN
    ).first()
    if lottery_round is None:
        return 0
    hall = Room.objects.select_related("facility").get(
        facility__code="sakura-hall", code="dai-hall"
    )
    month = lottery_round.month
    days = [
        day
        for day in (month + datetime.timedelta(days=offset) for offset in range(28))
        if day.isoweekday() in (6, 7) and not _is_closed(hall.facility, day)
    ]
    try:
        apply_to_lottery(
            hanako,
            lottery_round,
            wishes=[(hall, day, "pm") for day in days[1:6:2]],
            purpose="さくら合唱サークル 定期演奏会",
            attendees=400,
            group=groups["choir"],
            now=now,
        )
    except ValidationError:
        return 0
    return 1
