"""Demo data of the certificates module (コンビニ交付), one stage of the demo loader.

Called by ``yakuba.demo.loader`` after the population, the My Numbers, the emulated cards
and the applications. What it makes, all through the module's services:

- staff (``DEMO_CERTIFICATES_STAFF``): a 市民課 所属管理者 (kiosks, maintenance windows, fee
  accounting), a 課税課 operator and a 会計課 viewer; the 市民課 operator of the loader
  (``shimin@``) flags the support measure. The loader enrols their TOTP and prints them;
- four kiosks (``DEMO_KIOSKS``) in stores of the city with coordinates inside it, and one
  device-enrolment link each (``issue_enrolment_token``, 30 days; the loader writes them to
  the demo-logins file next to ``/kiosk/demo/<code>/``);
- a maintenance window next month (``add_maintenance_window``);
- 印鑑登録 of about 40 % of the adults and of 村山 花子, each with a generated seal
  impression (:func:`seal_png`: a red ring and the family name in IPAex明朝), through
  ``register_seal`` (actor ``None``: a system job, no access record);
- 課税・所得 of the last three 年度 for every adult resident (:func:`assessment_row`: a plausible
  給与収入 and the 所得 / 控除 / 課税標準 / 所得割 6 % + 4 % / 均等割 3,000 + 1,000 derived from it),
  written as the tax system's CSV and imported with ``import_tax_assessments`` (actor
  ``None``: the import command; it records one access per person, named
  ``certificates_import_tax``);
- a 支援措置 on one card holder who is not of the 村山 household (``flag_support_measure`` by
  the 市民課 operator: the kiosk refuses that card, as it must);
- about thirty past issuances over the last four weeks at the four kiosks
  (``issue_certificate`` with ``now`` in the past, after a real card login of the holder's
  emulated card at load time), four of them by 村山 花子 so her マイページ lists them; then
  ``purge_documents`` empties the PDFs past the reprint window, as the timer would.

Deterministic for a seed (the issuance times are relative to the day of the load) and
idempotent: kiosks are found by code, staff by e-mail, the window by its start, seals and
support measures skipped when in force, the tax import is an upsert, and every issuance has
a request id derived from the seed, so a second run returns the existing rows.
:func:`clear_demo_certificates` removes the rows that point to people, for the loader's
``--reset`` (the register wipe cannot delete people those rows protect).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from yakuba.identity.permissions import departments_on, has_role
from yakuba.identity.services import assign_staff, create_staff_member
from yakuba.residents.queries import people_by_resident_code

from .models import (
    CertificateKind,
    Issuance,
    Kiosk,
    MaintenanceWindow,
    SealRegistration,
    SupportMeasure,
    TaxAssessment,
)

TOKYO = ZoneInfo("Asia/Tokyo")
SEAL_SHARE = 0.40
ADULT_AGE = 18
TAX_YEARS = 3
ISSUANCES = 30
HANAKO_ISSUANCES = 4
ISSUANCE_DAYS = 28
TOKEN_VALIDITY = datetime.timedelta(days=30)
CARD_AUTH_PIN = "1234"
#: The namespace of the demo issuances' request ids (uuid5 of the seed and the index).
REQUEST_NAMESPACE = uuid.UUID("6d1c1a52-33c3-4c61-9c64-7a8f9b1e2d01")
TAX_CSV_NAME = "demo-tax-assessments.csv"

# ----------------------------------------------------------------------------- staff


@dataclass(frozen=True)
class DemoCertificatesStaff:
    local_part: str
    display_name: str
    display_name_kana: str
    staff_number: str
    roles: tuple[tuple[str, str], ...]
    label: str


DEMO_CERTIFICATES_STAFF: tuple[DemoCertificatesStaff, ...] = (
    DemoCertificatesStaff(
        "shimin-admin",
        "清水 恵子",
        "シミズ ケイコ",
        "90020",
        (("shimin", "admin"),),
        "chief, 市民課 (所属管理者: コンビニ交付の端末・休止期間・手数料, 印鑑登録・支援措置)",
    ),
    DemoCertificatesStaff(
        "kazei",
        "斎藤 隆",
        "サイトウ タカシ",
        "90021",
        (("kazei", "operator"),),
        "staff, 課税課 (担当: 課税・所得の取込と訂正)",
    ),
    DemoCertificatesStaff(
        "kaikei",
        "森 由紀",
        "モリ ユキ",
        "90022",
        (("kaikei", "viewer"),),
        "staff, 会計課 (閲覧: コンビニ交付の手数料)",
    ),
)


def ensure_demo_staff(*, staff_domain: str, password: str, valid_from: datetime.date) -> list:
    """The certificates staff (created once, roles added when missing), as
    ``[(DemoCertificatesStaff, user)]`` for the loader to enrol TOTP and print."""
    user_model = get_user_model()
    units = {unit.code: unit for unit in departments_on(timezone.localdate())}
    accounts = []
    for staff in DEMO_CERTIFICATES_STAFF:
        email = f"{staff.local_part}@{staff_domain}"
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = create_staff_member(
                email=email,
                display_name=staff.display_name,
                display_name_kana=staff.display_name_kana,
                password=password,
                staff_number=staff.staff_number,
            )
        for code, role in staff.roles:
            if code in units and not has_role(user, [(code, role)]):
                assign_staff(user, units[code], role, valid_from=valid_from)
        accounts.append((staff, user))
    return accounts


# ----------------------------------------------------------------------------- kiosks


@dataclass(frozen=True)
class DemoKiosk:
    code: str
    name: str
    operator: str
    address: str
    latitude: str
    longitude: str


#: Plausible stores of the demo city (names and places as a resident would expect them;
#: not a list of real installations). Coordinates lie inside 武蔵村山市.
DEMO_KIOSKS: tuple[DemoKiosk, ...] = (
    DemoKiosk(
        "K0001",
        "セブン-イレブン 武蔵村山中央店",
        "株式会社セブン-イレブン・ジャパン",
        "東京都武蔵村山市中央二丁目5番地の3",
        "35.750120",
        "139.392810",
    ),
    DemoKiosk(
        "K0002",
        "ローソン 武蔵村山学園店",
        "株式会社ローソン",
        "東京都武蔵村山市学園四丁目10番地の1",
        "35.745230",
        "139.398740",
    ),
    DemoKiosk(
        "K0003",
        "ファミリーマート 武蔵村山大南店",
        "株式会社ファミリーマート",
        "東京都武蔵村山市大南二丁目32番地の7",
        "35.741860",
        "139.404950",
    ),
    DemoKiosk(
        "K0004",
        "武蔵村山市役所 1階ロビー",
        "武蔵村山市",
        "東京都武蔵村山市本町一丁目1番地の1",
        "35.754830",
        "139.387360",
    ),
)


@dataclass(frozen=True)
class KioskLink:
    """What the demo-logins file lists for a kiosk: its one-time enrolment link (path) and,
    in demo mode, the path that makes a browser that kiosk without a token."""

    code: str
    name: str
    enrolment_path: str
    demo_path: str


def ensure_kiosks() -> list[Kiosk]:
    from .services.kiosks import create_kiosk

    kiosks = []
    for item in DEMO_KIOSKS:
        kiosk = Kiosk.objects.filter(code=item.code).first()
        if kiosk is None:
            kiosk = create_kiosk(
                None,
                code=item.code,
                name=item.name,
                operator=item.operator,
                address=item.address,
                latitude=Decimal(item.latitude),
                longitude=Decimal(item.longitude),
            )
        kiosks.append(kiosk)
    return kiosks


def enrolment_links(kiosks: Sequence[Kiosk]) -> list[KioskLink]:
    """A fresh enrolment token per active kiosk (an older unused one is void; an enrolled
    device keeps working until the new link is used)."""
    from .services.kiosks import issue_enrolment_token

    links = []
    for kiosk in kiosks:
        if not kiosk.is_active:
            continue
        token = issue_enrolment_token(None, kiosk.pk, valid_for=TOKEN_VALIDITY)
        links.append(
            KioskLink(
                kiosk.code, kiosk.name, f"/kiosk/enrol/{token}/", f"/kiosk/demo/{kiosk.code}/"
            )
        )
    return links


def maintenance_start(today: datetime.date) -> datetime.datetime:
    """The second Sunday of next month, 06:30 Japan time (the service's opening)."""
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7)
    return datetime.datetime.combine(sunday, datetime.time(6, 30), tzinfo=TOKYO)


def ensure_maintenance_window(today: datetime.date) -> MaintenanceWindow:
    from .services.kiosks import add_maintenance_window

    starts_at = maintenance_start(today)
    existing = MaintenanceWindow.objects.filter(starts_at=starts_at).first()
    if existing is not None:
        return existing
    return add_maintenance_window(
        None,
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=12, minute=0),
        reason="証明書交付システムの保守点検",
        reason_en="maintenance of the certificate issuing system",
    )


# ----------------------------------------------------------------------------- seals


def seal_png(family_name: str, *, variant: int = 0) -> bytes:
    """A seal impression: a red ring with the family name read top to bottom (IPAex明朝,
    the shape of a 認印; a 篆書 font would be closer but none ships with Debian)."""
    from PIL import Image, ImageDraw, ImageFont

    from .pdf.fonts import FONT_FILES, MINCHO

    size = 240
    image = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    red = (196 - variant % 3 * 8, 28 + variant % 4 * 4, 36)
    ring = 10 + variant % 3
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=ring)
    name = family_name[:3] or "印"
    glyph = {1: 150, 2: 92, 3: 62}[len(name)]
    font = ImageFont.truetype(FONT_FILES[MINCHO], glyph)
    step = glyph * 0.98
    top = size / 2 - step * (len(name) - 1) / 2
    for index, character in enumerate(name):
        draw.text((size / 2, top + index * step), character, font=font, fill=red, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _age(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _seal_day(rng: random.Random, person: Any, today: datetime.date) -> datetime.date | None:
    """A registration day: after the person became a resident and turned 18, at least 60
    days ago (so the demo issuances of the last four weeks can print it)."""
    try:
        adult_on = person.birth_date.replace(year=person.birth_date.year + ADULT_AGE)
    except ValueError:  # 29 February
        adult_on = person.birth_date.replace(year=person.birth_date.year + ADULT_AGE, day=28)
    earliest = max(person.became_resident_on, adult_on)
    latest = today - datetime.timedelta(days=60)
    if earliest > latest:
        return None
    return earliest + datetime.timedelta(days=rng.randrange((latest - earliest).days + 1))


def register_seals(people: Sequence[Any], holder: Any | None, seed: int) -> int:
    """印鑑登録 of ~40 % of the adults (and of the holder persona); returns how many were made."""
    from .services.records import register_seal

    rng = random.Random(f"seals|{seed}")
    today = timezone.localdate()
    in_force = set(
        SealRegistration.objects.filter(abolished_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    chosen = [
        person
        for person in people
        if _age(person.birth_date, today) >= ADULT_AGE and rng.random() < SEAL_SHARE
    ]
    if holder is not None and holder not in chosen:
        chosen.insert(0, holder)
    images: dict[tuple[str, int], bytes] = {}
    made = 0
    for person in chosen:
        day = _seal_day(rng, person, today)
        variant = rng.randrange(6)
        if day is None or person.pk in in_force:
            continue
        key = (person.family_name, variant)
        if key not in images:
            images[key] = seal_png(person.family_name, variant=variant)
        register_seal(None, person.pk, image=images[key], registered_on=day, person=person)
        made += 1
    return made


# ----------------------------------------------------------------------------- taxes

#: 均等割 from 令和6年度 (市町村民税 3,000, 都民税 1,000; the 森林環境税 1,000 is national
#: and no column of the certificate); before it 3,500 and 1,500 (復興特別税 included).
PER_CAPITA = {True: (3_000, 1_000), False: (3_500, 1_500)}
BASIC_DEDUCTION = 430_000
DEPENDANT_DEDUCTION = 330_000
SOCIAL_INSURANCE_RATE = 0.15


def latest_fiscal_year(today: datetime.date) -> int:
    """The newest 年度 already assessed (the notices go out in June)."""
    return today.year if today.month >= 6 else today.year - 1


def salary_deduction(salary: int) -> int:
    """給与所得控除 (令和2年分以後)."""
    if salary <= 1_625_000:
        return min(salary, 550_000)
    if salary <= 1_800_000:
        return salary * 40 // 100 - 100_000
    if salary <= 3_600_000:
        return salary * 30 // 100 + 80_000
    if salary <= 6_600_000:
        return salary * 20 // 100 + 440_000
    if salary <= 8_500_000:
        return salary * 10 // 100 + 1_100_000
    return 1_950_000


def assessment_row(salary: int, dependants: int, fiscal_year: int) -> dict[str, int]:
    """The assessed amounts of one 給与収入, simply but consistently: 合計所得 = 給与所得;
    控除 = 基礎控除 430,000 + 社会保険料 15 % + 330,000 per dependant; 課税標準 rounded down to
    1,000 yen; 所得割 6 % (市) and 4 % (都) rounded down to 100 yen (調整控除 and 税額控除
    left out); 非課税 under the limits of a 1級地 (45万円, or 35万円 × (扶養 + 1) + 31万円 /
    32万円 with dependants)."""
    total_income = max(0, salary - salary_deduction(salary))
    deductions = (
        BASIC_DEDUCTION + int(salary * SOCIAL_INSURANCE_RATE) + DEPENDANT_DEDUCTION * dependants
    )
    taxable = max(0, total_income - deductions) // 1000 * 1000
    municipal_pc, prefectural_pc = PER_CAPITA[fiscal_year >= 2024]
    per_capita_limit = 450_000 if not dependants else 350_000 * (dependants + 1) + 310_000
    income_limit = 450_000 if not dependants else 350_000 * (dependants + 1) + 320_000
    if total_income <= per_capita_limit:
        municipal_pc = prefectural_pc = 0
    levied = total_income > income_limit
    return {
        "salary_income": salary,
        "total_income": total_income,
        "deductions_total": deductions,
        "taxable_income": taxable,
        "municipal_income_levy": taxable * 6 // 100 // 100 * 100 if levied else 0,
        "municipal_per_capita": municipal_pc,
        "prefectural_income_levy": taxable * 4 // 100 // 100 * 100 if levied else 0,
        "prefectural_per_capita": prefectural_pc,
        "dependants": dependants,
    }


def base_salary(rng: random.Random, age: int) -> int:
    """A plausible yearly 給与収入 for an age (0 = no salary: students, homemakers, pensioners)."""
    if age < 23:
        return 0 if rng.random() < 0.6 else rng.randrange(1_000, 2_500) * 1000
    if age < 65:
        if rng.random() < 0.12:
            return 0
        return int(min(15_000_000, max(1_000_000, rng.lognormvariate(15.25, 0.45)))) // 1000 * 1000
    if age < 75:
        return 0 if rng.random() < 0.55 else rng.randrange(800, 3_000) * 1000
    return 0 if rng.random() < 0.9 else rng.randrange(600, 1_500) * 1000


CSV_HEADER = (
    "住民票コード",
    "年度",
    "給与収入",
    "合計所得金額",
    "所得控除額合計",
    "課税標準額",
    "市民税所得割額",
    "市民税均等割額",
    "都民税所得割額",
    "都民税均等割額",
    "扶養人数",
)
CSV_FIELDS = (
    "salary_income",
    "total_income",
    "deductions_total",
    "taxable_income",
    "municipal_income_levy",
    "municipal_per_capita",
    "prefectural_income_levy",
    "prefectural_per_capita",
    "dependants",
)


def tax_csv(people: Sequence[Any], seed: int, today: datetime.date) -> tuple[bytes, int]:
    """The tax system's CSV (UTF-8 with BOM) of the last three 年度 of every adult resident,
    and its number of lines."""
    latest = latest_fiscal_year(today)
    years = list(range(latest - TAX_YEARS + 1, latest + 1))
    households: dict[int, list[Any]] = defaultdict(list)
    for person in people:
        households[person.household_id].append(person)
    rows: list[tuple[str, int, dict[str, int]]] = []
    for members in households.values():
        bases = {}
        for person in members:
            rng = random.Random(f"salary|{seed}|{person.resident_code}")
            bases[person.pk] = (base_salary(rng, _age(person.birth_date, today)), rng)
        for year in years:
            year_end = datetime.date(year - 1, 12, 31)
            salaries = {}
            for person in members:
                if _age(person.birth_date, year_end) < ADULT_AGE:
                    continue
                base, rng = bases[person.pk]
                growth = 1 + 0.015 * (year - latest) + rng.gauss(0, 0.03)
                salaries[person.pk] = int(base * growth) // 1000 * 1000 if base else 0
            earner = max(salaries, key=lambda pk: salaries[pk], default=None)
            for person in members:
                if person.pk not in salaries:
                    continue
                dependants = 0
                if person.pk == earner and salaries[earner]:
                    dependants = sum(
                        1
                        for other in members
                        if other.pk != earner
                        and _age(other.birth_date, year_end) >= 16
                        and salaries.get(other.pk, 0) == 0
                    )
                rows.append(
                    (
                        person.resident_code,
                        year,
                        assessment_row(salaries[person.pk], dependants, year),
                    )
                )
    rows.sort(key=lambda row: (row[1], row[0]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for code, year, values in rows:
        writer.writerow([code, f"令和{year - 2018}年度", *(values[key] for key in CSV_FIELDS)])
    return buffer.getvalue().encode("utf-8-sig"), len(rows)


def import_taxes(people: Sequence[Any], seed: int, csv_path: Path) -> Any:
    """Write the CSV to ``csv_path`` and import it with the real import service."""
    from .services.records import import_tax_assessments

    data, _rows = tax_csv(people, seed, timezone.localdate())
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_bytes(data)
    with open(csv_path, "rb") as handle:
        report = import_tax_assessments(None, handle)
    if report.errors:
        raise RuntimeError(f"demo tax CSV refused: {[str(error) for error in report.errors]}")
    return report


# ----------------------------------------------------------------------------- issuances


@dataclass(frozen=True)
class CardHolder:
    person_id: int
    household_id: int
    certificate_serial: str


def card_holders(people_by_id: dict[int, Any]) -> list[CardHolder]:
    """Every demo card, proven the way a kiosk proves it: challenge → the emulated card
    signs with the PIN → ``verify_login`` (which names the resident and the certificate)."""
    from yakuba.jpki.models import CertificateKind as CardCertificateKind
    from yakuba.jpki.readers.emulated import EmulatedReader
    from yakuba.jpki.services.login import issue_challenge, login_message, verify_login

    reader = EmulatedReader()
    holders = []
    for slot in reader.cards():
        certificate = reader.read_certificate(slot.handle, CardCertificateKind.AUTHENTICATION)
        challenge = issue_challenge()
        signature = reader.sign(
            slot.handle,
            CardCertificateKind.AUTHENTICATION,
            CARD_AUTH_PIN,
            login_message(challenge.nonce),
        )
        result = verify_login(challenge.nonce, signature, certificate)
        person = people_by_id.get(result.person_id)
        if person is not None and person.status == "resident":
            holders.append(CardHolder(person.pk, person.household_id, result.certificate_serial))
    return holders


@dataclass(frozen=True)
class PlannedIssuance:
    index: int
    holder: CardHolder
    kiosk: Kiosk
    kind: str
    options: dict[str, Any]
    copies: int
    at: datetime.datetime


def _moment(rng: random.Random, today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    minutes = rng.randrange(7 * 60 + 30, 21 * 60 + 30)
    return datetime.datetime.combine(
        day, datetime.time(minutes // 60, minutes % 60, rng.randrange(60)), tzinfo=TOKYO
    )


def _kind_for(
    rng: random.Random,
    holder: CardHolder,
    sealed: dict[int, datetime.date],
    taxed: set[int],
    at: datetime.datetime,
) -> tuple[str, dict[str, Any]]:
    roll = rng.random()
    if roll < 0.2 and holder.person_id in sealed and sealed[holder.person_id] < at.date():
        return CertificateKind.SEAL, {}
    if roll < 0.4 and holder.person_id in taxed:
        return CertificateKind.TAX, {}
    if roll < 0.5:
        return CertificateKind.RESIDENCE_ITEMS, {"scope": "self"}
    scope = "household" if rng.random() < 0.45 else "self"
    return CertificateKind.RESIDENCE, {"scope": scope}


def plan_issuances(
    holders: Sequence[CardHolder],
    kiosks: Sequence[Kiosk],
    hanako: CardHolder | None,
    seed: int,
    today: datetime.date,
) -> list[PlannedIssuance]:
    sealed = dict(
        SealRegistration.objects.filter(abolished_on__isnull=True).values_list(
            "person_id", "registered_on"
        )
    )
    taxed = set(TaxAssessment.objects.values_list("person_id", flat=True))
    rng = random.Random(f"issuances|{seed}")
    plans = []
    if hanako is not None:
        fixed = (
            (CertificateKind.RESIDENCE, {"scope": "household"}, 2, 26, 0),
            (CertificateKind.TAX, {}, 1, 19, 3),
            (CertificateKind.SEAL, {}, 1, 11, 0),
            (CertificateKind.RESIDENCE, {"scope": "self"}, 1, 4, 1),
        )
        for kind, options, copies, days_ago, kiosk_index in fixed[:HANAKO_ISSUANCES]:
            if kind == CertificateKind.SEAL and hanako.person_id not in sealed:
                continue
            if kind == CertificateKind.TAX and hanako.person_id not in taxed:
                continue
            plans.append(
                PlannedIssuance(
                    len(plans),
                    hanako,
                    kiosks[kiosk_index],
                    kind,
                    options,
                    copies,
                    _moment(rng, today, days_ago),
                )
            )
    others = [holder for holder in holders if hanako is None or holder != hanako]
    while others and len(plans) < ISSUANCES:
        holder = rng.choice(others)
        at = _moment(rng, today, rng.randrange(1, ISSUANCE_DAYS + 1))
        kind, options = _kind_for(rng, holder, sealed, taxed, at)
        kiosk = kiosks[min(int(rng.random() ** 1.5 * len(kiosks)), len(kiosks) - 1)]
        copies = 1 if rng.random() < 0.8 else 2
        plans.append(PlannedIssuance(len(plans), holder, kiosk, kind, options, copies, at))
    plans.sort(key=lambda plan: plan.at)
    return plans


def request_id(seed: int, index: int) -> uuid.UUID:
    return uuid.uuid5(REQUEST_NAMESPACE, f"{seed}|{index}")


def issue_planned(plans: Sequence[PlannedIssuance], seed: int) -> int:
    from .services.issuance import issue_certificate, purge_documents

    for plan in plans:
        issue_certificate(
            kiosk=plan.kiosk,
            person_id=plan.holder.person_id,
            card_certificate_serial=plan.holder.certificate_serial,
            kind=plan.kind,
            options=plan.options,
            copies=plan.copies,
            request_id=request_id(seed, plan.index),
            language="ja",
            now=plan.at,
        )
    purge_documents()
    return len(plans)


# ----------------------------------------------------------------------------- the stage


@dataclass
class DemoCertificatesResult:
    staff: list = field(default_factory=list)
    #: Filled by the loader (the staff's login lines).
    logins: list = field(default_factory=list)
    kiosks: int = 0
    kiosk_links: list[KioskLink] = field(default_factory=list)
    seals: int = 0
    tax_rows: int = 0
    support_person_id: int | None = None
    issuances: int = 0


def _support_target(holders: Sequence[CardHolder], hanako: CardHolder | None) -> CardHolder | None:
    """The last card holder outside the persona's household."""
    excluded = hanako.household_id if hanako is not None else None
    candidates = [holder for holder in holders if holder.household_id != excluded]
    return candidates[-1] if candidates else None


def flag_demo_support_measure(operator: Any, target: CardHolder) -> int:
    from .services.records import flag_support_measure, open_measures

    today = timezone.localdate()
    if not open_measures(target.person_id, today).exists():
        flag_support_measure(
            operator,
            target.person_id,
            starts_on=today - datetime.timedelta(days=90),
            ends_on=today + datetime.timedelta(days=365 - 90),
            note="DV等支援措置（デモ）。窓口で本人確認のうえ交付する。",
        )
    return target.person_id


def load_demo_certificates(
    *,
    resident_codes: Sequence[str],
    holder_code: str,
    staff_domain: str,
    password: str,
    valid_from: datetime.date,
    register_operator_email: str,
    seed: int,
    work_dir: Path,
) -> DemoCertificatesResult:
    """The certificates stage of the demo loader (see the module docstring)."""
    result = DemoCertificatesResult()
    result.staff = ensure_demo_staff(
        staff_domain=staff_domain, password=password, valid_from=valid_from
    )
    today = timezone.localdate()
    kiosks = ensure_kiosks()
    result.kiosks = len(kiosks)
    result.kiosk_links = enrolment_links(kiosks)
    ensure_maintenance_window(today)

    by_code = people_by_resident_code(list(resident_codes))
    people = sorted(
        (person for person in by_code.values() if person.status == "resident"),
        key=lambda person: person.resident_code,
    )
    holder = by_code.get(holder_code)
    holder = holder if holder is not None and holder.status == "resident" else None
    result.seals = register_seals(people, holder, seed)
    result.tax_rows = import_taxes(people, seed, work_dir / TAX_CSV_NAME).rows

    holders = card_holders({person.pk: person for person in people})
    hanako = next(
        (item for item in holders if holder is not None and item.person_id == holder.pk), None
    )
    target = _support_target(holders, hanako)
    if target is not None:
        operator = get_user_model().objects.get(email=register_operator_email)
        result.support_person_id = flag_demo_support_measure(operator, target)
        holders = [item for item in holders if item.household_id != target.household_id]
    plans = plan_issuances(holders, kiosks, hanako, seed, today)
    result.issuances = issue_planned(plans, seed)
    return result


def clear_demo_certificates() -> None:
    """Delete the rows that point to people (issuances, seals, assessments, support
    measures) before the loader's ``--reset`` wipes the register; kiosks and maintenance
    windows stay. Demo reset only."""
    Issuance.objects.all().delete()
    SealRegistration.objects.all().delete()
    TaxAssessment.objects.all().delete()
    SupportMeasure.objects.all().delete()
