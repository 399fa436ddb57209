"""The demo city's hand-written catalogue: publishers, categories and about fifteen
datasets (their files: :mod:`.files`), loaded by :mod:`yakuba.opendata.demo`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import files

PUBLISHERS: tuple[str, ...] = (
    "bunsho",
    "bosai",
    "kikaku",
    "shimin",
    "kankyo",
    "kosodate",
    "kenko",
    "koreifukushi",
    "bunka",
    "sangyo",
    "toshikeikaku",
    "kyoikusomu",
    "toshokan",
    "shokuin",
)

EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"

#: (name, title, English title, EU data theme): the categories, in display order.
CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    ("disaster-safety", "防災・安全", "Disaster prevention and safety", "JUST"),
    ("children-education", "子育て・教育", "Children and education", "EDUC"),
    ("health-welfare", "健康・福祉", "Health and welfare", "HEAL"),
    ("tourism-culture", "観光・文化", "Tourism and culture", "EDUC"),
    ("population-statistics", "人口・統計", "Population and statistics", "SOCI"),
    ("living-environment", "くらし・環境", "Living and environment", "ENVI"),
    ("administration-finance", "行政・財政", "Administration and finance", "GOVE"),
    ("town-transport", "まちづくり・交通", "Town planning and transport", "TRAN"),
)


@dataclass(frozen=True)
class DemoFile:
    stem: str
    name: str
    name_en: str
    content: bytes
    description: str = ""


@dataclass(frozen=True)
class DemoDataset:
    name: str
    title: str
    title_en: str
    notes: str
    notes_en: str
    publisher: str
    groups: tuple[str, ...]
    tags: tuple[str, ...]
    frequency: str
    files: tuple[DemoFile, ...] = ()
    temporal: tuple[datetime.date | None, datetime.date | None] = (None, None)
    license_id: str = "cc-by-4.0"
    private: bool = False
    #: A later version of the first file (uploaded after it: the demo keeps two versions).
    update: bytes = b""
    #: A live endpoint instead of (or besides) files: (name, name_en, path on the site, format).
    endpoint: tuple[str, str, str, str] | None = None
    extras: dict[str, str] = field(default_factory=dict)


def demo_datasets(city_code: str) -> tuple[DemoDataset, ...]:
    """The hand-written datasets (files named ``<city code>_<stem>.csv``)."""
    fiscal_2026 = (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    return (
        DemoDataset(
            "garbage-collection-schedule",
            "ごみ収集日程（地区別）",
            "Waste collection schedule by district",
            "町ごとのごみ・資源物の収集曜日です。祝日も収集します（年末年始を除く）。"
            "朝8時30分までに集積所に出してください。",
            "Collection days of waste and recyclables for each town. Put it out by 8:30.",
            "kankyo",
            ("living-environment",),
            ("ごみ", "収集日", "分別", "くらし"),
            "annual",
            (
                DemoFile(
                    "garbage_collection",
                    "ごみ収集日程",
                    "Collection schedule",
                    files.garbage_schedule(),
                ),
            ),
            fiscal_2026,
        ),
        DemoDataset(
            "bulky-waste-fees",
            "粗大ごみ品目別処理手数料",
            "Bulky waste fees by item",
            "粗大ごみの主な品目と処理手数料です。申込みは電話またはインターネットで受け付けます。",
            "Fees for collecting bulky waste, by item.",
            "kankyo",
            ("living-environment",),
            ("ごみ", "粗大ごみ", "手数料"),
            "irregular",
            (
                DemoFile(
                    "bulky_waste_fee", "粗大ごみ処理手数料", "Bulky waste fees", files.bulky_waste()
                ),
            ),
        ),
        DemoDataset(
            "budget-overview",
            "当初予算の概要（一般会計・令和8年度）",
            "General account budget overview (FY2026)",
            "一般会計当初予算の歳入・歳出を款別にまとめたものです（単位：千円）。",
            "Revenue and expenditure of the general account by item (thousand yen).",
            "kikaku",
            ("administration-finance",),
            ("予算", "財政", "一般会計"),
            "annual",
            (
                DemoFile(
                    "budget_2026", "令和8年度 一般会計当初予算", "FY2026 budget", files.budget()
                ),
            ),
            fiscal_2026,
            license_id="gov-std-2.0",
        ),
        DemoDataset(
            "population-trend",
            "人口・世帯数の推移（各年1月1日現在）",
            "Population and households (1 January of each year)",
            "住民基本台帳による各年1月1日現在の人口と世帯数です（外国人住民を含む）。",
            "Residents and households on 1 January of each year, from the resident register.",
            "shimin",
            ("population-statistics",),
            ("人口", "世帯", "統計", "住民基本台帳"),
            "annual",
            (
                DemoFile(
                    "population_trend",
                    "人口・世帯数の推移",
                    "Population trend",
                    files.population(2025),
                ),
            ),
            (datetime.date(2017, 1, 1), datetime.date(2026, 1, 1)),
            update=files.population(2026),
        ),
        DemoDataset(
            "vital-statistics",
            "人口動態（出生・死亡・転入・転出）",
            "Births, deaths and migration",
            "各年の出生・死亡・転入・転出の件数です。",
            "Births, deaths, people moving in and out, by year.",
            "shimin",
            ("population-statistics",),
            ("人口", "人口動態", "出生", "転入"),
            "annual",
            (
                DemoFile(
                    "vital_statistics", "人口動態", "Vital statistics", files.vital_statistics()
                ),
            ),
            (datetime.date(2016, 1, 1), datetime.date(2025, 12, 31)),
        ),
        DemoDataset(
            "parks",
            "公園一覧",
            "Parks",
            "市が管理する主な公園・緑道の所在地、面積、トイレと遊具の有無です。",
            "Parks and green paths managed by the city: location, area, toilets, play equipment.",
            "toshikeikaku",
            ("living-environment", "town-transport"),
            ("公園", "遊具", "トイレ", "位置情報"),
            "irregular",
            (DemoFile("park", "公園一覧", "Parks", files.parks(city_code)),),
        ),
        DemoDataset(
            "community-bus-stops",
            "市内循環バス 停留所一覧",
            "Community bus stops",
            "市内循環バスの停留所の名称と位置です。",
            "Names and positions of the community bus stops.",
            "toshikeikaku",
            ("town-transport",),
            ("バス", "交通", "停留所", "位置情報"),
            "irregular",
            (DemoFile("bus_stop", "停留所一覧", "Bus stops", files.bus_stops()),),
            license_id="cc-zero",
        ),
        DemoDataset(
            "nursery-schools",
            "保育所・幼稚園・認定こども園一覧",
            "Nurseries, kindergartens and centres for early childhood education",
            "市内の保育施設の種別、定員、受入年齢、一時預かりの有無です。",
            "Childcare facilities in the city: kind, capacity, ages, temporary care.",
            "kosodate",
            ("children-education",),
            ("子育て", "保育所", "幼稚園", "認定こども園"),
            "annual",
            (DemoFile("preschool", "保育施設一覧", "Childcare facilities", files.nurseries()),),
            fiscal_2026,
        ),
        DemoDataset(
            "schools",
            "市立小・中学校一覧",
            "Municipal elementary and junior high schools",
            "市立小学校・中学校の所在地、児童生徒数、学級数です（令和8年5月1日現在）。",
            "Municipal schools: address, pupils, classes (1 May 2026).",
            "kyoikusomu",
            ("children-education",),
            ("学校", "小学校", "中学校", "教育"),
            "annual",
            (DemoFile("school", "小・中学校一覧", "Schools", files.schools()),),
            (datetime.date(2026, 5, 1), datetime.date(2026, 5, 1)),
        ),
        DemoDataset(
            "library-loans",
            "図書館の貸出冊数（月別）",
            "Library loans by month",
            "市立図書館の月別の貸出冊数、貸出人数、新規登録者数です。",
            "Loans, borrowers and new members of the city libraries, by month.",
            "toshokan",
            ("tourism-culture", "children-education"),
            ("図書館", "読書", "統計"),
            "monthly",
            (
                DemoFile(
                    "library_loans", "貸出統計（令和7年度）", "Loans FY2025", files.library_loans()
                ),
            ),
            (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)),
        ),
        DemoDataset(
            "sightseeing",
            "観光スポット一覧",
            "Places to visit",
            "狭山丘陵の自然、寺社、まつりなど市内の見どころです。",
            "Sights of the city: the Sayama Hills, temples, the festival.",
            "sangyo",
            ("tourism-culture",),
            ("観光", "自然", "まつり", "位置情報"),
            "irregular",
            (DemoFile("tourism", "観光スポット", "Sights", files.sights()),),
        ),
        DemoDataset(
            "traffic-accidents",
            "交通事故発生件数（町別）",
            "Traffic accidents by town",
            "市内で発生した人身交通事故の件数と死傷者数です（警察署の統計より）。",
            "Road accidents with injuries in the city, by town (from police statistics).",
            "bosai",
            ("disaster-safety",),
            ("交通安全", "交通事故", "統計"),
            "annual",
            (
                DemoFile(
                    "traffic_accident",
                    "交通事故発生件数",
                    "Traffic accidents",
                    files.traffic_accidents(),
                ),
            ),
            (datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)),
        ),
        DemoDataset(
            "disaster-radio-speakers",
            "防災行政無線 屋外スピーカー設置場所",
            "Outdoor speakers of the disaster radio",
            "防災行政無線の屋外スピーカー（子局）の設置場所です。",
            "Where the outdoor loudspeakers of the disaster warning radio stand.",
            "bosai",
            ("disaster-safety",),
            ("防災", "防災行政無線", "位置情報"),
            "irregular",
            (
                DemoFile(
                    "disaster_radio",
                    "屋外スピーカー設置場所",
                    "Speakers",
                    files.radio_speakers(city_code),
                ),
            ),
        ),
        DemoDataset(
            "emergency-information-feed",
            "緊急情報・防災情報（配信フィード）",
            "Emergency and disaster information (feed)",
            "市が配信する緊急情報・防災情報の最新の一覧です（Atom 形式、随時更新）。",
            "The latest emergency and disaster information from the city (Atom, live).",
            "bosai",
            ("disaster-safety",),
            ("防災", "緊急情報", "リアルタイム"),
            "continuous",
            endpoint=(
                "緊急情報フィード（Atom）",
                "Alerts feed (Atom)",
                "/alerts/feed.atom",
                "ATOM",
            ),
        ),
        DemoDataset(
            "health-checkups",
            "特定健康診査・がん検診の受診率",
            "Health check-up and cancer screening rates",
            "市が実施する特定健康診査と各種がん検診の対象者数、受診者数、受診率です。",
            "Targets, participants and rates of the city's health check-ups and cancer screenings.",
            "kenko",
            ("health-welfare",),
            ("健康", "健診", "がん検診"),
            "annual",
            (DemoFile("health_checkup", "受診率", "Rates", files.checkups()),),
            (datetime.date(2023, 4, 1), datetime.date(2026, 3, 31)),
        ),
        DemoDataset(
            "care-certification",
            "要介護（要支援）認定者数",
            "People certified as needing long-term care",
            "介護保険の要介護度別の認定者数です（各年度末現在）。",
            "People certified for long-term care insurance, by care level (end of each year).",
            "koreifukushi",
            ("health-welfare",),
            ("介護", "高齢者", "介護保険"),
            "annual",
            (
                DemoFile(
                    "care_certification", "認定者数", "Certified people", files.care_certification()
                ),
            ),
            (datetime.date(2021, 4, 1), datetime.date(2025, 3, 31)),
        ),
        DemoDataset(
            "staff-by-department",
            "部別職員数（集計中）",
            "Staff by department (in preparation)",
            "部別の職員数です。集計が終わるまで非公開にしています。",
            "Staff by department; private until the count is complete.",
            "shokuin",
            ("administration-finance",),
            ("職員", "行政"),
            "annual",
            (DemoFile("staff", "部別職員数", "Staff", files.staff_counts()),),
            private=True,
        ),
    )
