"""A deterministic fictional population for the real 町丁目 of the demo city.

:func:`generate_population` is a pure function: the same ``residents`` and
``seed`` give the same households, names, dates, addresses and codes (for a
given Faker version, whose name tables it uses).  Nothing here touches the
database; :mod:`yakuba.demo.loader` writes the result through the residents
services.

Names are Faker ``ja_JP`` kanji/katakana *pairs* (``last_name_pair()``,
``first_name_male_pair()``, ``first_name_female_pair()``), so a reading always
belongs to its kanji.  Ages follow a rough pyramid of a Tama suburb with many
residents aged 65 and over; household types and sizes follow the census
pattern of small households (about 2.3 people on average).  All dates are
relative to :data:`REFERENCE_DATE`, not to today, so output does not drift.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass

from faker import Faker

from yakuba.residents.services import TownAreaRow, read_town_area_csv

REFERENCE_DATE = datetime.date(2026, 4, 1)
CITY_PREFIX = "東京都武蔵村山市"

# Rough share of the population by town (not the real figures; see docs/modules/demo.md).
# Areas with no housing (forest, the air base) get none.
TOWN_WEIGHTS = {
    "中藤": 6.0,
    "神明": 5.0,
    "中央": 6.0,
    "本町": 8.0,
    "学園": 6.0,
    "緑が丘": 8.0,
    "大南": 9.0,
    "三ツ藤": 5.0,
    "榎": 3.0,
    "伊奈平": 5.0,
    "岸": 3.0,
    "三ツ木": 5.0,
    "大字三ツ木": 0.3,
    "残堀": 5.0,
    "中原": 5.0,
}
UNINHABITED = {"三ツ木四丁目", "岸四丁目"}

# Places for 本籍 and previous addresses of people who moved in (fictional 番地).
OTHER_PLACES = (
    "東京都立川市",
    "東京都東大和市",
    "東京都福生市",
    "東京都昭島市",
    "東京都八王子市",
    "東京都新宿区",
    "東京都世田谷区",
    "埼玉県所沢市",
    "埼玉県入間市",
    "神奈川県相模原市中央区",
    "山形県村山市",
    "長野県松本市",
    "新潟県新潟市中央区",
    "北海道札幌市中央区",
    "福岡県福岡市博多区",
    "沖縄県那覇市",
)
BUILDING_NAMES = ("メゾン", "コーポ", "ハイツ", "グリーンハイツ", "サンハイム", "パークサイド")

# (kind, weight by number of households)
HOUSEHOLD_KINDS = (
    ("single", 36),
    ("couple", 25),
    ("family", 21),
    ("single_parent", 7),
    ("three_generations", 5),
    ("elderly_with_child", 6),
)


@dataclass(frozen=True)
class PersonData:
    """One generated person (values as the residents services expect them)."""

    resident_code: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: datetime.date
    sex: str  # "male" | "female"
    relationship: str  # residents Relationship value
    became_resident_on: datetime.date
    address_set_on: datetime.date
    previous_address: str = ""
    registered_domicile: str = ""
    domicile_head: str = ""
    former_family_name: str = ""


@dataclass(frozen=True)
class HouseholdData:
    """One generated household at a real town area; ``members[0]`` is the head."""

    household_number: str
    town_area_code: str
    banchi: str
    katagaki: str
    members: tuple[PersonData, ...]


@dataclass(frozen=True)
class _Member:
    """A member before dates and codes are drawn."""

    family: tuple[str, str]
    given: tuple[str, str]
    sex: str
    relationship: str
    age: int
    former_family_name: str = ""


# The demo persona: the citizen account hanako@example.jp is linked to 村山 花子
# (born 昭和45年3月1日 = 1970-03-01).  Always the first household.
SHOWCASE_RESIDENT_CODE = "10000000001"
SHOWCASE_TOWN_AREA_CODE = "0004002"  # 本町二丁目


def _showcase_household() -> HouseholdData:
    moved_in = datetime.date(1998, 10, 1)
    family = ("村山", "ムラヤマ")
    domicile = f"{CITY_PREFIX}本町二丁目12番地"

    def person(code, given, kana, birth, sex, relationship, became, previous=""):
        return PersonData(
            resident_code=code,
            family_name=family[0],
            given_name=given,
            family_name_kana=family[1],
            given_name_kana=kana,
            birth_date=birth,
            sex=sex,
            relationship=relationship,
            became_resident_on=became,
            address_set_on=became,
            previous_address=previous,
            registered_domicile=domicile,
            domicile_head="村山 太郎",
        )

    previous = "東京都立川市柴崎町三丁目8番地の2"
    return HouseholdData(
        household_number="00000001",
        town_area_code=SHOWCASE_TOWN_AREA_CODE,
        banchi="12番地の3",
        katagaki="",
        members=(
            person(
                "10000000002",
                "太郎",
                "タロウ",
                datetime.date(1968, 7, 20),
                "male",
                "head",
                moved_in,
                previous,
            ),
            person(
                SHOWCASE_RESIDENT_CODE,
                "花子",
                "ハナコ",
                datetime.date(1970, 3, 1),
                "female",
                "wife",
                moved_in,
                previous,
            ),
            person(
                "10000000003",
                "翔太",
                "ショウタ",
                datetime.date(2001, 5, 12),
                "male",
                "child",
                datetime.date(2001, 5, 12),
            ),
        ),
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Generator:
    def __init__(self, seed: int, town_areas: list[TownAreaRow]) -> None:
        self.random = random.Random(seed)
        self.fake = Faker("ja_JP")
        self.fake.seed_instance(seed)
        self.areas = [area for area in town_areas if area.name not in UNINHABITED]
        self.area_cumulative = list(
            itertools.accumulate(self._area_weight(area, town_areas) for area in self.areas)
        )
        self.used_codes = {SHOWCASE_RESIDENT_CODE, "10000000002", "10000000003"}

    @staticmethod
    def _area_weight(area: TownAreaRow, all_areas: list[TownAreaRow]) -> float:
        siblings = sum(
            1
            for other in all_areas
            if other.town_name == area.town_name and other.name not in UNINHABITED
        )
        return TOWN_WEIGHTS.get(area.town_name, 1.0) / max(siblings, 1)

    # --- names -----------------------------------------------------------------

    def family_name(self) -> tuple[str, str]:
        kanji, kana, _romaji = self.fake.last_name_pair()
        return kanji, kana

    def given_name(self, sex: str) -> tuple[str, str]:
        pair = (
            self.fake.first_name_male_pair()
            if sex == "male"
            else self.fake.first_name_female_pair()
        )
        return pair[0], pair[1]

    def member(self, family, sex, relationship, age, former_family_name="") -> _Member:
        return _Member(family, self.given_name(sex), sex, relationship, age, former_family_name)

    # --- ages ------------------------------------------------------------------

    def age_between(self, low: int, high: int) -> int:
        return self.random.randint(low, max(low, high))

    def adult_age(self, bands: tuple[tuple[int, int, int], ...]) -> int:
        low, high, _weight = self.random.choices(bands, weights=[band[2] for band in bands])[0]
        return self.age_between(low, high)

    def children(self, family, youngest_parent_age: int, count: int) -> list[_Member]:
        oldest = min(youngest_parent_age - 22, 32)
        if oldest < 0:
            return []
        return [
            self.member(family, sex, "child", self.age_between(0, oldest))
            for sex in (self.random.choice(("male", "female")) for _ in range(count))
        ]

    def spouse(self, family, head: _Member) -> _Member:
        sex = "female" if head.sex == "male" else "male"
        age = max(20, head.age + self.random.randint(-6, 4) * (1 if head.sex == "male" else -1))
        relationship = "wife" if sex == "female" else "husband"
        former = ""
        if sex == "female" and self.random.random() < 0.03:
            former = self.family_name()[0]
            if former == family[0]:
                former = ""
        return self.member(family, sex, relationship, age, former)

    def head(self, family, ages) -> _Member:
        sex = "male" if self.random.random() < 0.6 else "female"
        return self.member(family, sex, "head", self.adult_age(ages))

    # --- households ------------------------------------------------------------

    def members(self, kind: str) -> list[_Member]:
        family = self.family_name()
        rnd = self.random
        if kind == "single":
            return [self.head(family, ((20, 39, 25), (40, 64, 30), (65, 95, 45)))]
        if kind == "couple":
            head = self.member(
                family,
                "male" if rnd.random() < 0.9 else "female",
                "head",
                self.adult_age(((25, 39, 20), (40, 64, 25), (65, 92, 55))),
            )
            return [head, self.spouse(family, head)]
        if kind == "family":
            head = self.member(
                family, "male" if rnd.random() < 0.9 else "female", "head", self.age_between(30, 60)
            )
            spouse = self.spouse(family, head)
            count = rnd.choices((1, 2, 3), weights=(45, 42, 13))[0]
            return [head, spouse, *self.children(family, min(head.age, spouse.age), count)]
        if kind == "single_parent":
            sex = "female" if rnd.random() < 0.85 else "male"
            head = self.member(family, sex, "head", self.age_between(28, 58))
            return [
                head,
                *self.children(family, head.age, rnd.choices((1, 2), weights=(60, 40))[0]),
            ]
        if kind == "three_generations":
            head = self.member(family, "male", "head", self.age_between(40, 62))
            spouse = self.spouse(family, head)
            parents = [
                self.member(family, "female", "mother", min(100, head.age + rnd.randint(25, 35)))
            ]
            if rnd.random() < 0.5:
                parents.insert(
                    0,
                    self.member(family, "male", "father", min(100, head.age + rnd.randint(27, 37))),
                )
            children = self.children(
                family, min(head.age, spouse.age), rnd.choices((1, 2), weights=(50, 50))[0]
            )
            return [head, spouse, *children, *parents]
        # elderly couple with an adult child
        head = self.member(family, "male", "head", self.age_between(65, 90))
        spouse = self.spouse(family, head)
        child_age = self.age_between(25, min(head.age, spouse.age) - 25)
        return [
            head,
            spouse,
            self.member(family, rnd.choice(("male", "female")), "child", child_age),
        ]

    # --- dates, codes, addresses ------------------------------------------------

    def birth_date(self, age: int) -> datetime.date:
        return REFERENCE_DATE - datetime.timedelta(
            days=int(age * 365.25) + self.random.randint(0, 364)
        )

    def resident_code(self) -> str:
        while True:
            code = f"{self.random.randrange(10**11):011d}"
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def address(self, area: TownAreaRow) -> tuple[str, str]:
        rnd = self.random
        if area.town_name == "緑が丘":  # the 都営村山団地: one lot number, building and room
            return (
                "1460番地",
                f"{rnd.randint(1, 60)}号棟{rnd.randint(1, 5)}0{rnd.randint(1, 8)}号室",
            )
        if area.chome is None:
            return f"{rnd.randint(1000, 3200)}番地", ""
        lot = rnd.randint(1, 45)
        banchi = f"{lot}番地の{rnd.randint(1, 30)}" if rnd.random() < 0.7 else f"{lot}番地"
        if rnd.random() < 0.25:
            building = f"{rnd.choice(BUILDING_NAMES)}{area.town_name}"
            return banchi, f"{building} {rnd.randint(1, 4)}0{rnd.randint(1, 6)}号室"
        return banchi, ""

    def other_place(self) -> str:
        return f"{self.random.choice(OTHER_PLACES)}{self.random.randint(1, 30)}番地"

    def household(self, number: int, members: list[_Member]) -> HouseholdData:
        rnd = self.random
        area = rnd.choices(self.areas, cum_weights=self.area_cumulative)[0]
        banchi, katagaki = self.address(area)
        head = members[0]
        head_birth = self.birth_date(head.age)
        earliest = max(_add_years(head_birth, 18), datetime.date(1966, 4, 1))
        span = max((REFERENCE_DATE - earliest).days, 0)
        moved_in = earliest + datetime.timedelta(days=rnd.randint(0, span))
        born_here = rnd.random() < 0.2  # the head grew up in the city and moved within it
        previous = (
            f"{CITY_PREFIX}{rnd.choice(self.areas).name}{rnd.randint(1, 45)}番地"
            if born_here
            else self.other_place()
        )
        domicile = (
            f"{CITY_PREFIX}{area.name}{banchi.split('番地')[0]}番地"
            if rnd.random() < 0.5
            else self.other_place()
        )
        head_name = f"{head.family[0]} {head.given[0]}"
        people = []
        for member in members:
            birth = head_birth if member is head else self.birth_date(member.age)
            if birth >= moved_in:
                became = set_on = birth
                previous_address = ""
            elif born_here:
                became = max(birth, earliest - datetime.timedelta(days=rnd.randint(0, 3650)))
                set_on = max(became, moved_in)
                previous_address = previous
            else:
                became = set_on = moved_in
                previous_address = previous
            people.append(
                PersonData(
                    resident_code=self.resident_code(),
                    family_name=member.family[0],
                    given_name=member.given[0],
                    family_name_kana=member.family[1],
                    given_name_kana=member.given[1],
                    birth_date=birth,
                    sex=member.sex,
                    relationship=member.relationship,
                    became_resident_on=became,
                    address_set_on=set_on,
                    previous_address=previous_address,
                    registered_domicile=domicile,
                    domicile_head=head_name,
                    former_family_name=member.former_family_name,
                )
            )
        return HouseholdData(f"{number:08d}", area.code, banchi, katagaki, tuple(people))


# ------------------------------------------------------------------- a realistic past


@dataclass(frozen=True)
class MoveWithinEvent:
    """転居: the whole household ``household_number`` moves to another address in the city."""

    household_number: str
    effective_on: datetime.date
    notified_on: datetime.date
    town_area_code: str
    banchi: str
    katagaki: str = ""


@dataclass(frozen=True)
class BirthEvent:
    """出生: a child born into household ``household_number``."""

    household_number: str
    child: PersonData
    notified_on: datetime.date


@dataclass(frozen=True)
class MoveOutEvent:
    """転出: the person leaves the city (their record becomes a 除票)."""

    resident_code: str
    effective_on: datetime.date
    notified_on: datetime.date
    destination: str


@dataclass(frozen=True)
class DeathEvent:
    """死亡: the person dies (a 除票; a one-person household is dissolved)."""

    resident_code: str
    effective_on: datetime.date
    notified_on: datetime.date


HistoryEvent = MoveWithinEvent | BirthEvent | MoveOutEvent | DeathEvent

MOVE_WITHIN_ON = datetime.date(2025, 10, 15)
BIRTH_ON = datetime.date(2026, 2, 14)
MOVE_OUT_ON = datetime.date(2026, 3, 20)
DEATH_ON = datetime.date(2026, 1, 8)


def _age_on(person: PersonData, day: datetime.date) -> int:
    return (
        day.year
        - person.birth_date.year
        - ((day.month, day.day) < (person.birth_date.month, person.birth_date.day))
    )


def _settled_before(household: HouseholdData, day: datetime.date) -> bool:
    return all(member.address_set_on < day for member in household.members)


def generate_history(households: list[HouseholdData]) -> list[HistoryEvent]:
    """A few 異動 for the generated city, so that some residents have a past.

    Deterministic (a scan, no randomness): the first suitable household (never
    the demo persona's) gets a 転居 in 2025, a family with a mother of
    childbearing age a 出生 in 2026, a young person living alone a 転出 (除票)
    and a very old person living alone a 死亡.  Events whose household cannot
    be found in a small population are left out.  The loader records them
    through the residents services after the bulk load, in date order.
    """
    used: set[str] = {households[0].household_number} if households else set()
    events: list[HistoryEvent] = []

    def pick(condition) -> HouseholdData | None:
        for household in households:
            if household.household_number not in used and condition(household):
                used.add(household.household_number)
                return household
        return None

    moving = pick(lambda h: len(h.members) >= 2 and _settled_before(h, MOVE_WITHIN_ON))
    if moving is not None:
        target = (
            SHOWCASE_TOWN_AREA_CODE
            if moving.town_area_code != SHOWCASE_TOWN_AREA_CODE
            else "0004001"
        )
        events.append(
            MoveWithinEvent(
                moving.household_number,
                MOVE_WITHIN_ON,
                MOVE_WITHIN_ON + datetime.timedelta(days=4),
                target,
                "21番地の5",
                "グリーンハイツ本町 102号室",
            )
        )
    parents = pick(
        lambda h: (
            _settled_before(h, BIRTH_ON)
            and any(
                m.relationship == "wife" and 24 <= _age_on(m, BIRTH_ON) <= 40 for m in h.members
            )
        )
    )
    if parents is not None:
        head = parents.members[0]
        events.append(
            BirthEvent(
                parents.household_number,
                PersonData(
                    resident_code="",
                    family_name=head.family_name,
                    given_name="陽菜",
                    family_name_kana=head.family_name_kana,
                    given_name_kana="ヒナ",
                    birth_date=BIRTH_ON,
                    sex="female",
                    relationship="child",
                    became_resident_on=BIRTH_ON,
                    address_set_on=BIRTH_ON,
                    registered_domicile=head.registered_domicile,
                    domicile_head=head.domicile_head,
                ),
                BIRTH_ON + datetime.timedelta(days=7),
            )
        )
    leaving = pick(
        lambda h: (
            len(h.members) == 1
            and 20 <= _age_on(h.members[0], MOVE_OUT_ON) <= 39
            and _settled_before(h, MOVE_OUT_ON)
        )
    )
    if leaving is not None:
        events.append(
            MoveOutEvent(
                leaving.members[0].resident_code,
                MOVE_OUT_ON,
                MOVE_OUT_ON - datetime.timedelta(days=10),
                "神奈川県相模原市中央区中央三丁目12番3号",
            )
        )
    departed = pick(
        lambda h: (
            len(h.members) == 1
            and _age_on(h.members[0], DEATH_ON) >= 80
            and _settled_before(h, DEATH_ON)
        )
    )
    if departed is not None:
        events.append(
            DeathEvent(
                departed.members[0].resident_code, DEATH_ON, DEATH_ON + datetime.timedelta(days=2)
            )
        )
    return sorted(events, key=_event_date)


def _event_date(event: HistoryEvent) -> datetime.date:
    return event.child.birth_date if isinstance(event, BirthEvent) else event.effective_on


def generate_population(
    residents: int, seed: int, *, town_areas: list[TownAreaRow] | None = None
) -> list[HouseholdData]:
    """Households holding exactly ``residents`` people, deterministic for ``seed``.

    The first household is always the demo persona's (村山 太郎・花子・翔太 in
    本町二丁目); the rest are drawn from ``seed``.  With ``residents`` smaller
    than the persona's household, that household is cut to size.
    """
    if residents < 1:
        raise ValueError("residents must be at least 1")
    showcase = _showcase_household()
    if residents <= len(showcase.members):
        return [HouseholdData(**{**showcase.__dict__, "members": showcase.members[:residents]})]
    generator = _Generator(seed, town_areas or read_town_area_csv())
    households = [showcase]
    remaining = residents - len(showcase.members)
    kinds = [kind for kind, _weight in HOUSEHOLD_KINDS]
    weights = [weight for _kind, weight in HOUSEHOLD_KINDS]
    while remaining > 0:
        kind = generator.random.choices(kinds, weights=weights)[0]
        members = generator.members(kind)[:remaining]
        households.append(generator.household(len(households) + 1, members))
        remaining -= len(members)
    return households
