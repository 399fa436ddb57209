"""Load the demo city: municipality profile, organisation, town areas, accounts, population.

Each stage runs in its own transaction and goes through the owning module's
services.  Exceptions, all for seeding only and listed in docs/modules/demo.md:
the demo citizen is created with Django's ``create_user`` (already verified,
no e-mail), and staff TOTP devices are written to django_otp's table with a key
derived from the seed, so a tester can add them to an authenticator app.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from yakuba.alerts.demo import load_demo_alerts, load_demo_subscribers
from yakuba.applications.demo import (
    DEMO_BUSINESS_EMAIL,
    DEMO_BUSINESS_LABEL,
    load_demo_applications,
)
from yakuba.certificates.demo import (
    KioskLink,
    clear_demo_certificates,
    load_demo_certificates,
)
from yakuba.core.services import get_municipality, save_municipality
from yakuba.facilities.demo import load_demo_facilities
from yakuba.identity.permissions import departments_on, has_role
from yakuba.identity.services import assign_staff, create_org_unit, create_staff_member
from yakuba.jpki.demo import issue_demo_cards
from yakuba.opendata.demo import load_demo_opendata
from yakuba.residents.queries import household_by_number, people_by_resident_code, town_areas
from yakuba.residents.services import (
    Address,
    NewHousehold,
    NewPerson,
    bulk_create_population,
    import_town_areas,
    link_citizen,
    read_town_area_csv,
    record_birth,
    record_death,
    record_move_out,
    record_move_within,
    wipe_register,
)
from yakuba.vault.demo import assign_demo_numbers

from .organisation import BUREAUS, INDEPENDENT_DIVISIONS, ORGANISATION_VALID_FROM
from .population import (
    SHOWCASE_RESIDENT_CODE,
    BirthEvent,
    DeathEvent,
    HistoryEvent,
    HouseholdData,
    MoveOutEvent,
    MoveWithinEvent,
    generate_history,
    generate_population,
)

DEMO_PASSWORD = "yakuba-demo-2026"
DEFAULT_RESIDENTS = 1000
DEFAULT_SEED = 2026
# Emulated My Number cards: the demo citizen plus this many adults, all with these PINs.
DEMO_CARDS = 20
DEMO_CARD_AUTH_PIN = "1234"
DEMO_CARD_SIGN_PIN = "ABC123"
STAFF_DOMAIN = "city.musashimurayama.example.lg.jp"

MUNICIPALITY = {
    "code": "132233",
    "name": "武蔵村山市",
    "name_kana": "むさしむらやまし",
    "name_en": "Musashimurayama City",
    "prefecture": "東京都",
    "postal_code": "208-8501",
    "address": "東京都武蔵村山市本町一丁目1番地の1",
    "phone": "042-565-1111",
    # A placeholder like "John Doe", not the real mayor: the demo is fictional.
    "mayor_name": "山田 太郎",
    "latitude": Decimal("35.754830"),
    "longitude": Decimal("139.387360"),
}


@dataclass(frozen=True)
class DemoStaff:
    key: str
    email: str
    display_name: str
    display_name_kana: str
    staff_number: str
    unit: str
    role: str
    label: str
    is_system_admin: bool = False


DEMO_STAFF = (
    DemoStaff(
        "shimin",
        f"shimin@{STAFF_DOMAIN}",
        "小林 直子",
        "コバヤシ ナオコ",
        "90001",
        "shimin",
        "operator",
        "staff, 市民課 (担当)",
    ),
    DemoStaff(
        "chief",
        f"chief@{STAFF_DOMAIN}",
        "山本 浩",
        "ヤマモト ヒロシ",
        "90002",
        "shimin",
        "approver",
        "chief, 市民課 (承認)",
    ),
    DemoStaff(
        "bosai",
        f"bosai@{STAFF_DOMAIN}",
        "中村 健太",
        "ナカムラ ケンタ",
        "90004",
        "bosai",
        "operator",
        "staff, 防災安全課 (担当: alerts compose)",
    ),
    DemoStaff(
        "bosai-chief",
        f"bosai-chief@{STAFF_DOMAIN}",
        "高橋 美咲",
        "タカハシ ミサキ",
        "90005",
        "bosai",
        "approver",
        "chief, 防災安全課 (承認: alerts approve)",
    ),
    DemoStaff(
        "bunka",
        f"bunka@{STAFF_DOMAIN}",
        "伊藤 由美",
        "イトウ ユミ",
        "90006",
        "bunka",
        "operator",
        "staff, 文化振興課 (担当: facilities counter bookings, registrations, courses)",
    ),
    DemoStaff(
        "bunka-chief",
        f"bunka-chief@{STAFF_DOMAIN}",
        "渡辺 誠",
        "ワタナベ マコト",
        "90007",
        "bunka",
        "admin",
        "chief, 文化振興課 (承認・所属管理者: facilities approvals, lottery draw, fees)",
    ),
    DemoStaff(
        "admin",
        f"admin@{STAFF_DOMAIN}",
        "佐藤 学",
        "サトウ マナブ",
        "90003",
        "shokuin",
        "admin",
        "administrator (システム管理者, 職員課 所属管理者)",
        True,
    ),
)
DEMO_CITIZEN = {
    "email": "hanako@example.jp",
    "display_name": "村山 花子",
    "display_name_kana": "ムラヤマ ハナコ",
}


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    url_path: str
    totp_secret: str = ""  # base32, for authenticator apps
    otpauth_uri: str = ""


@dataclass
class DemoLoadResult:
    already_loaded: bool = False
    households: int = 0
    people: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    logins_file: Path | None = None
    linked_citizen: bool = False
    movements: int = 0
    my_numbers: int = 0
    cards: int = 0
    alert_subscribers: int = 0
    alerts: int = 0
    facilities: int = 0
    facility_bookings: int = 0
    procedures: int = 0
    application_submissions: int = 0
    kiosks: int = 0
    kiosk_links: list[KioskLink] = field(default_factory=list)
    seal_registrations: int = 0
    tax_assessment_rows: int = 0
    certificate_issuances: int = 0
    opendata_datasets: int = 0
    opendata_standard_datasets: int = 0


#: Fictional e-mail subscribers of the alerts service (alert-00001@example.jp …).
DEMO_ALERT_SUBSCRIBERS = 300


def totp_key(seed: int, email: str) -> bytes:
    """The demo TOTP key of an account: 20 bytes derived from the seed (public by design)."""
    return hashlib.sha256(f"yakuba-demo-totp|{seed}|{email}".encode()).digest()[:20]


def _stage(
    result: DemoLoadResult, name: str, work: Callable[[], Any], report: Callable[[str], None]
) -> Any:
    started = time.perf_counter()
    with transaction.atomic():
        value = work()
    result.timings[name] = time.perf_counter() - started
    report(f"  {name}: {result.timings[name]:.1f} s")
    return value


def load_municipality() -> None:
    save_municipality(**MUNICIPALITY)


def load_organisation() -> int:
    """Create the 部 and 課 that do not exist yet (matched by code); returns how many were created."""
    existing = {unit.code: unit for unit in departments_on(ORGANISATION_VALID_FROM)}
    created = 0

    def ensure(code: str, name: str, name_en: str, kind: str, parent=None):
        nonlocal created
        if code in existing:
            return existing[code]
        unit = create_org_unit(
            code=code,
            name=name,
            name_en=name_en,
            kind=kind,
            parent=parent,
            valid_from=ORGANISATION_VALID_FROM,
        )
        existing[code] = unit
        created += 1
        return unit

    for code, name, name_en, divisions in BUREAUS:
        bureau = ensure(code, name, name_en, "bureau")
        for division in divisions:
            ensure(*division, "division", bureau)
    for division in INDEPENDENT_DIVISIONS:
        ensure(*division, "division")
    return created


def load_accounts(seed: int) -> list[DemoLogin]:
    """The demo citizen and staff accounts (existing ones are reused, not reset)."""
    user_model = get_user_model()
    units = {unit.code: unit for unit in departments_on(timezone.localdate())}
    logins = []
    citizen = user_model.objects.filter(email=DEMO_CITIZEN["email"]).first()
    if citizen is None:
        user_model.objects.create_user(
            DEMO_CITIZEN["email"],
            DEMO_PASSWORD,
            kind="citizen",
            display_name=DEMO_CITIZEN["display_name"],
            display_name_kana=DEMO_CITIZEN["display_name_kana"],
            email_verified_at=timezone.now(),
        )
    logins.append(
        DemoLogin(f"citizen ({DEMO_CITIZEN['display_name']})", DEMO_CITIZEN["email"], "/")
    )
    for staff in DEMO_STAFF:
        user = user_model.objects.filter(email=staff.email).first()
        if user is None:
            user = create_staff_member(
                email=staff.email,
                display_name=staff.display_name,
                display_name_kana=staff.display_name_kana,
                password=DEMO_PASSWORD,
                staff_number=staff.staff_number,
                is_system_admin=staff.is_system_admin,
            )
        if not has_role(user, [(staff.unit, staff.role)]):
            assign_staff(user, units[staff.unit], staff.role, valid_from=ORGANISATION_VALID_FROM)
        logins.append(staff_login(user, staff.label, seed))
    return logins


def staff_login(user, label: str, seed: int, *, with_uri: bool = True) -> DemoLogin:
    """Enrol the demo TOTP device of a staff account (key derived from the seed) and
    return its login line."""
    key = totp_key(seed, user.email)
    TOTPDevice.objects.filter(user=user).exclude(name="default").delete()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name="default", defaults={"key": key.hex(), "confirmed": True}
    )
    return DemoLogin(
        label,
        user.email,
        "/staff/",
        base64.b32encode(key).decode(),
        device.config_url if with_uri else "",
    )


def load_applications(seed: int) -> Any:
    """The online applications: standard procedures, their staff, demo applications."""
    applications = load_demo_applications(
        staff_domain=STAFF_DOMAIN,
        password=DEMO_PASSWORD,
        valid_from=ORGANISATION_VALID_FROM,
        citizen_email=DEMO_CITIZEN["email"],
        shimin_operator_email=f"shimin@{STAFF_DOMAIN}",
        shimin_approver_email=f"chief@{STAFF_DOMAIN}",
        extra_staff={
            "bosai": (f"bosai@{STAFF_DOMAIN}", f"bosai-chief@{STAFF_DOMAIN}"),
            "bunka": (f"bunka@{STAFF_DOMAIN}", f"bunka-chief@{STAFF_DOMAIN}"),
        },
        sign_pin=DEMO_CARD_SIGN_PIN,
    )
    # The applications staff sign in like the others (TOTP from the seed); their
    # otpauth URIs are left out of the file to keep it short (the secret is enough).
    applications.logins = [
        staff_login(user, staff.label, seed, with_uri=False) for staff, user in applications.staff
    ]
    applications.logins.append(
        DemoLogin(f"business citizen ({DEMO_BUSINESS_LABEL})", DEMO_BUSINESS_EMAIL, "/")
    )
    return applications


def load_certificates(seed: int, population: list[HouseholdData]) -> Any:
    """コンビニ交付: kiosks, seals, tax assessments, a support measure, past issuances."""
    certificates = load_demo_certificates(
        resident_codes=[m.resident_code for household in population for m in household.members],
        holder_code=SHOWCASE_RESIDENT_CODE,
        staff_domain=STAFF_DOMAIN,
        password=DEMO_PASSWORD,
        valid_from=ORGANISATION_VALID_FROM,
        register_operator_email=f"shimin@{STAFF_DOMAIN}",
        seed=seed,
        work_dir=Path(settings.VAR_DIR),
    )
    certificates.logins = [
        staff_login(user, staff.label, seed, with_uri=False) for staff, user in certificates.staff
    ]
    return certificates


def load_opendata(seed: int) -> Any:
    """オープンデータ: the catalogue's staff, publishers, categories, hand-written datasets
    with their files, and the standard datasets generated from the modules' data."""
    opendata = load_demo_opendata(
        staff_domain=STAFF_DOMAIN,
        password=DEMO_PASSWORD,
        valid_from=ORGANISATION_VALID_FROM,
        operator_emails=(f"bosai@{STAFF_DOMAIN}",),
    )
    opendata.logins = [
        staff_login(user, staff.label, seed, with_uri=False) for staff, user in opendata.staff
    ]
    return opendata


def _new_household(data: HouseholdData) -> NewHousehold:
    return NewHousehold(
        town_area_code=data.town_area_code,
        banchi=data.banchi,
        katagaki=data.katagaki,
        household_number=data.household_number,
        members=[NewPerson(**member.__dict__) for member in data.members],
    )


def load_population(
    residents: int, seed: int, population: list[HouseholdData] | None = None
) -> tuple[int, int]:
    data = population if population is not None else generate_population(residents, seed)
    counts = bulk_create_population([_new_household(item) for item in data], source="demo")
    return counts.households, counts.people


def _apply_event(event: HistoryEvent) -> None:
    common = {"source": "demo"}
    if isinstance(event, MoveWithinEvent):
        household = household_by_number(event.household_number)
        people = [
            person
            for person in people_by_resident_code(
                [m.resident_code for m in _members_of(household)]
            ).values()
            if person.status == "resident"
        ]
        area = next(area for area in town_areas() if area.code == event.town_area_code)
        record_move_within(
            None,
            people,
            effective_on=event.effective_on,
            notified_on=event.notified_on,
            address=Address(area, event.banchi, event.katagaki),
            **common,
        )
    elif isinstance(event, BirthEvent):
        record_birth(
            None,
            household_by_number(event.household_number),
            NewPerson(**event.child.__dict__),
            notified_on=event.notified_on,
            **common,
        )
    elif isinstance(event, MoveOutEvent):
        person = people_by_resident_code([event.resident_code])[event.resident_code]
        record_move_out(
            None,
            [person],
            effective_on=event.effective_on,
            notified_on=event.notified_on,
            destination=event.destination,
            **common,
        )
    elif isinstance(event, DeathEvent):
        person = people_by_resident_code([event.resident_code])[event.resident_code]
        record_death(
            None,
            person,
            effective_on=event.effective_on,
            notified_on=event.notified_on,
            **common,
        )


def _members_of(household) -> list:
    return list(household.members.all()) if household is not None else []


def load_history(population: list[HouseholdData]) -> list[HistoryEvent]:
    """Record the demo's 異動 (a 転居, a 出生, a 転出, a 死亡) through the residents services."""
    events = generate_history(population)
    for event in events:
        _apply_event(event)
    return events


def link_demo_citizen() -> bool:
    """Link hanako@example.jp to 村山 花子 (absent when the population is smaller than 2)."""
    user = get_user_model().objects.get(email=DEMO_CITIZEN["email"])
    try:
        link_citizen(user, SHOWCASE_RESIDENT_CODE, method="demo")
    except LookupError:
        return False
    return True


def load_demo_cards(population: list[HouseholdData]) -> int:
    """Emulated My Number cards for the demo citizen and the first adults of the register."""
    adult_born_by = timezone.localdate().replace(
        month=1, day=1, year=timezone.localdate().year - 20
    )
    adults = [
        member.resident_code
        for household in population
        for member in household.members
        if member.birth_date <= adult_born_by
    ]
    codes = list(dict.fromkeys([SHOWCASE_RESIDENT_CODE, *adults[:DEMO_CARDS]]))
    people = people_by_resident_code(codes)
    return issue_demo_cards(
        [person.pk for person in people.values()],
        auth_pin=DEMO_CARD_AUTH_PIN,
        sign_pin=DEMO_CARD_SIGN_PIN,
    )


def write_logins(
    logins: list[DemoLogin],
    path: Path,
    base_url: str = "http://127.0.0.1:8000",
    kiosk_links: list[KioskLink] | None = None,
) -> None:
    lines = [f"  Demo logins (password for all: {DEMO_PASSWORD})", ""]
    for login in logins:
        lines.append(f"    {login.label}")
        lines.append(f"      {login.email}   {base_url}{login.url_path}")
        if login.totp_secret:
            lines.append(f"      TOTP secret (base32): {login.totp_secret}")
            if login.otpauth_uri:
                lines.append(f"      {login.otpauth_uri}")
    if kiosk_links:
        lines += [
            "",
            "    Kiosks (コンビニ交付, /kiosk/): enrolment link (once, 30 days) / demo mode",
        ]
        for link in kiosk_links:
            lines.append(f"      {link.code} {link.name}")
            lines.append(f"        {base_url}{link.enrolment_path}")
            lines.append(f"        {base_url}{link.demo_path}")
    lines += [
        "",
        "    My Number card login (emulated cards, /card/login/)",
        f"      PIN (利用者証明用): {DEMO_CARD_AUTH_PIN}   PIN (署名用): {DEMO_CARD_SIGN_PIN}",
        "",
        "  Demo data only: these secrets are derived from the seed and are public.",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(path, 0o600)


def load_demo_city(
    *,
    residents: int = DEFAULT_RESIDENTS,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    report: Callable[[str], None] = lambda line: None,
    logins_path: Path | None = None,
) -> DemoLoadResult:
    """Load the demo city; idempotent: without ``reset`` an existing profile means "already loaded".

    With ``reset`` the population (people, households, citizen links) is wiped
    and generated again; the profile, organisation, town areas and accounts
    are brought up to date in place (accounts are never deleted: the access
    record refers to them).
    """
    if residents < 1:
        raise ValueError("residents must be at least 1")
    result = DemoLoadResult()
    if get_municipality() is not None and not reset:
        result.already_loaded = True
        return result
    _stage(result, "municipality profile", load_municipality, report)
    _stage(result, "organisation", load_organisation, report)
    _stage(result, "town areas", lambda: import_town_areas(read_town_area_csv()), report)
    result.logins = _stage(result, "accounts", lambda: load_accounts(seed), report)
    if reset:
        _stage(result, "wipe certificates", clear_demo_certificates, report)
        _stage(result, "wipe population", wipe_register, report)
    population = generate_population(residents, seed)
    result.households, result.people = _stage(
        result, "population", lambda: load_population(residents, seed, population), report
    )
    events = _stage(result, "history", lambda: load_history(population), report)
    result.movements = len(events)
    result.linked_citizen = _stage(result, "citizen link", link_demo_citizen, report)
    result.my_numbers = _stage(result, "my numbers", lambda: assign_demo_numbers(seed), report)
    result.cards = _stage(result, "my number cards", lambda: load_demo_cards(population), report)
    result.alert_subscribers = _stage(
        result,
        "alert subscribers",
        lambda: load_demo_subscribers(
            DEMO_ALERT_SUBSCRIBERS, [area.code for area in town_areas()], seed
        ),
        report,
    )
    result.alerts = _stage(
        result,
        "alerts",
        lambda: load_demo_alerts(f"bosai@{STAFF_DOMAIN}", f"bosai-chief@{STAFF_DOMAIN}"),
        report,
    )
    facilities = _stage(
        result,
        "facilities",
        lambda: load_demo_facilities(
            seed,
            operator_email=f"bunka@{STAFF_DOMAIN}",
            approver_email=f"bunka-chief@{STAFF_DOMAIN}",
            citizen_email=DEMO_CITIZEN["email"],
        ),
        report,
    )
    result.facilities, result.facility_bookings = facilities.facilities, facilities.bookings
    applications = _stage(result, "applications", lambda: load_applications(seed), report)
    result.procedures = applications.procedures
    result.application_submissions = applications.submissions
    result.logins += applications.logins
    certificates = _stage(
        result, "certificates", lambda: load_certificates(seed, population), report
    )
    result.kiosks, result.kiosk_links = certificates.kiosks, certificates.kiosk_links
    result.seal_registrations = certificates.seals
    result.tax_assessment_rows = certificates.tax_rows
    result.certificate_issuances = certificates.issuances
    result.logins += certificates.logins
    opendata = _stage(result, "open data", lambda: load_opendata(seed), report)
    result.opendata_datasets = opendata.datasets
    result.opendata_standard_datasets = opendata.standard_datasets
    result.logins += opendata.logins
    result.logins_file = logins_path or Path(settings.VAR_DIR) / "demo-logins.txt"
    write_logins(result.logins, result.logins_file, kiosk_links=result.kiosk_links)
    return result


__all__ = [
    "DEFAULT_RESIDENTS",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DemoLoadResult",
    "DemoLogin",
    "load_demo_city",
    "totp_key",
]
