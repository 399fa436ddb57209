"""The standard datasets yakuba publishes, generated from the modules' data: what each is
called, who publishes it, how often it changes, its columns and its generator.

File names follow ``{6-digit 全国地方公共団体コード}_{stem}.csv`` (STANDARDS.md 1.3;
武蔵村山市: ``132233_public_facility.csv``).  The stem of 地域・年齢別人口 is not confirmed
by the sources (STANDARDS.md 1.2, A-04): ``population`` is used until it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Frequency
from . import event, places, population, public_facility
from .columns import (
    AED_COLUMNS,
    EVACUATION_SPACE_COLUMNS,
    EVENT_COLUMNS,
    POPULATION_COLUMNS,
    PUBLIC_FACILITY_COLUMNS,
    Column,
)
from .table import Table
from .values import City

#: The publishing departments (identity ``OrgUnit`` codes) and their names.
PUBLISHERS: dict[str, tuple[str, str]] = {
    "bunka": ("文化振興課", "Culture Promotion Division"),
    "shimin": ("市民課", "Citizens Division"),
    "bosai": ("防災安全課", "Disaster Prevention and Safety Division"),
}
STANDARD_TAG = "自治体標準オープンデータセット"


@dataclass(frozen=True)
class StandardDataset:
    key: str  # Dataset.standard_key
    stem: str  # file-name stem
    number: str  # 定義書A numbering
    title: str
    title_en: str
    notes: str
    notes_en: str
    department: str
    frequency: str
    columns: tuple[Column, ...]
    tags: tuple[str, ...]
    build: Callable[[City], Table]
    #: Whether staff keep the rows by hand (the evacuation and AED tables).
    staff_kept: bool = False

    def file_name(self, city_code: str) -> str:
        return standard_file_name(city_code, self.stem)

    def dataset_name(self, city_code: str) -> str:
        """The CKAN name of the dataset: the file name without ``.csv``."""
        return f"{city_code}_{self.stem}"


def standard_file_name(city_code: str, stem: str) -> str:
    """``132233_public_facility.csv``."""
    if len(city_code) != 6 or not city_code.isdigit():
        raise ValueError(f"not a 6-digit local government code: {city_code!r}")
    return f"{city_code}_{stem}.csv"


_GENERATED = _(
    "このデータは市の業務システムのデータから自動で作成され、元のデータが変わるたびに"
    "更新されます。列の定義は自治体標準オープンデータセット（デジタル庁）に従います。"
)
_GENERATED_EN = (
    "Generated automatically from the city's systems and updated whenever the source data "
    "changes.  Columns follow the Digital Agency's standard open dataset for local "
    "governments."
)

DATASETS: tuple[StandardDataset, ...] = (
    StandardDataset(
        key="public_facility",
        stem="public_facility",
        number="A-01",
        title=_("公共施設一覧"),
        title_en="Public facilities",
        notes=format_lazy(
            "{}{}",
            _(
                "市の公共施設（公民館、体育館、市民会館など）の所在地、開館時間、"
                "バリアフリー情報です。"
            ),
            _GENERATED,
        ),
        notes_en="The city's public facilities: address, opening hours, accessibility. "
        + _GENERATED_EN,
        department="bunka",
        frequency=Frequency.DAILY,
        columns=PUBLIC_FACILITY_COLUMNS,
        tags=("公共施設", STANDARD_TAG),
        build=public_facility.build,
    ),
    StandardDataset(
        key="event",
        stem="event",
        number="A-12",
        title=_("イベント一覧"),
        title_en="Events",
        notes=format_lazy(
            "{}{}",
            _(
                "市が開く講座・教室（生涯学習講座、スマートフォン教室など）の日程です。"
                "複数回の講座は1回ごとに1行です。"
            ),
            _GENERATED,
        ),
        notes_en="Courses and classes run by the city, one row per session. " + _GENERATED_EN,
        department="bunka",
        frequency=Frequency.DAILY,
        columns=EVENT_COLUMNS,
        tags=("イベント", "講座", STANDARD_TAG),
        build=event.build,
    ),
    StandardDataset(
        key="population",
        stem="population",
        number="A-04",
        title=_("地域・年齢別人口"),
        title_en="Population by area and age",
        notes=format_lazy(
            "{}{}",
            _(
                "住民基本台帳による町丁目別・男女別・5歳階級別の人口と世帯数（毎月1日現在）です。"
                "個人が特定されないよう、1〜2人の値などを「X」（秘匿）としています。"
            ),
            _GENERATED,
        ),
        notes_en="Residents by town area, sex and 5-year age band, and households, on the "
        "first day of each month (basic resident register).  Small counts are shown as "
        "'X' so that no resident can be identified. " + _GENERATED_EN,
        department="shimin",
        frequency=Frequency.MONTHLY,
        columns=POPULATION_COLUMNS,
        tags=("人口", "統計", STANDARD_TAG),
        build=population.build,
    ),
    StandardDataset(
        key="evacuation_space",
        stem="evacuation_space",
        number="A-03",
        title=_("指定緊急避難場所一覧"),
        title_en="Designated emergency evacuation sites",
        notes=format_lazy(
            "{}{}",
            _("災害対策基本法に基づき市が指定した緊急避難場所と、対象となる災害の種別です。"),
            _GENERATED,
        ),
        notes_en="Emergency evacuation sites designated by the city and the hazards each "
        "is designated for. " + _GENERATED_EN,
        department="bosai",
        frequency=Frequency.IRREGULAR,
        columns=EVACUATION_SPACE_COLUMNS,
        tags=("防災", "避難場所", STANDARD_TAG),
        build=places.build_evacuation_spaces,
        staff_kept=True,
    ),
    StandardDataset(
        key="aed",
        stem="aed",
        number="A-08",
        title=_("AED設置箇所一覧"),
        title_en="AED locations",
        notes=format_lazy(
            "{}{}", _("市内のAED（自動体外式除細動器）の設置場所と利用できる時間です。"), _GENERATED
        ),
        notes_en="Where AEDs (automated external defibrillators) are and when they can be "
        "reached. " + _GENERATED_EN,
        department="bosai",
        frequency=Frequency.IRREGULAR,
        columns=AED_COLUMNS,
        tags=("AED", "防災", "救命", STANDARD_TAG),
        build=places.build_aeds,
        staff_kept=True,
    ),
)

BY_KEY: dict[str, StandardDataset] = {definition.key: definition for definition in DATASETS}


def get_definition(key: str) -> StandardDataset:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"no standard dataset {key!r}") from None
