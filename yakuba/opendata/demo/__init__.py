"""Demo data of the open data module, one stage of the demo loader.

Called by ``yakuba.demo.loader`` after the organisation, the accounts and the modules whose
data the standard datasets are generated from (facilities, alerts).  All through the
module's services:

- staff (:data:`DEMO_OPENDATA_STAFF`): ``opendata@`` 文書情報課 admin, who runs the
  catalogue (publishers, categories, every dataset, the standard datasets' tables); the
  loader's 防災安全課 operator ``bosai@`` publishes 防災安全課's datasets themselves (an operator
  of the publisher's department may);
- publishers (one per department in :data:`~.catalogue.PUBLISHERS`, named by the
  department code, titles from the demo organisation) and the categories
  (:data:`~.catalogue.CATEGORIES`, each with its EU data theme for DCAT);
- the hand-written datasets of :func:`~.catalogue.demo_datasets` with their CSV files
  (``<city code>_<stem>.csv``, uploaded through ``create_resource``, so size, SHA-256 and
  the content check are real), one of them with a second file version, one a live
  endpoint (the alerts' Atom feed) and one private;
- the national standard datasets (``services.standard.ensure_standard_datasets``), given
  categories, the staff-kept tables behind 指定緊急避難場所一覧 and AED設置箇所一覧 filled
  by 防災安全課 (:mod:`.places`, through ``services.places.save_place``), and every file
  generated from the modules' data (``regenerate_all``).

Idempotent: staff by e-mail, publishers and categories by name, datasets by name (an
existing one is left as it is, also when a person changed it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone

from yakuba.core.services import get_municipality
from yakuba.identity.permissions import departments_on, has_role
from yakuba.identity.services import assign_staff, create_staff_member

from .. import policies, queries
from ..models import Dataset
from ..services import catalogue as catalogue_services
from ..services import datasets as dataset_services
from ..services import resources as resource_services
from ..services import standard as standard_services
from ..standard.definitions import DATASETS as STANDARD_DATASETS
from .catalogue import CATEGORIES, EU_THEME, PUBLISHERS, DemoDataset, demo_datasets
from .places import load_demo_places

DEFAULT_CITY_CODE = "132233"
STANDARD_KEYS = tuple(definition.key for definition in STANDARD_DATASETS)
CITY_PHONE = "042-565-1111"


@dataclass(frozen=True)
class DemoOpendataStaff:
    local_part: str
    display_name: str
    display_name_kana: str
    staff_number: str
    roles: tuple[tuple[str, str], ...]
    label: str


DEMO_OPENDATA_STAFF: tuple[DemoOpendataStaff, ...] = (
    DemoOpendataStaff(
        "opendata",
        "山口 智子",
        "ヤマグチ トモコ",
        "90030",
        tuple((code, "admin") for code in policies.CATALOGUE_DEPARTMENTS),
        "staff, 文書情報課 (所属管理者: オープンデータカタログの運営 — 公開元・分類・全データセット・"
        "標準データセットの表, APIトークン)",
    ),
)


@dataclass
class DemoOpendataResult:
    publishers: int = 0
    categories: int = 0
    #: Hand-written datasets made by this call (0 on a second run).
    datasets: int = 0
    #: Standard datasets present after the call.
    standard_datasets: int = 0
    #: Evacuation spaces and AEDs added by this call.
    places: int = 0
    staff: list = field(default_factory=list)
    logins: list = field(default_factory=list)


def ensure_demo_staff(*, staff_domain: str, password: str, valid_from: datetime.date) -> list:
    """The open data staff (created once, roles added when missing), as
    ``[(DemoOpendataStaff, user)]`` for the loader to enrol TOTP and print."""
    user_model = get_user_model()
    units = {unit.code: unit for unit in departments_on(timezone.localdate())}
    accounts = []
    for staff in DEMO_OPENDATA_STAFF:
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


def ensure_publishers(staff_domain: str) -> dict[str, Any]:
    """One publisher per demo department, named by its code."""
    units = {unit.code: unit for unit in departments_on(timezone.localdate())}
    publishers = {}
    for code in PUBLISHERS:
        unit = units.get(code)
        if unit is None:
            continue
        publishers[code] = catalogue_services.ensure_organization(
            name=code,
            fields={
                "title": unit.name,
                "title_en": unit.name_en,
                "department_code": code,
                "email": f"{code}@{staff_domain}",
                "phone": CITY_PHONE,
            },
        )
    return publishers


def ensure_categories() -> dict[str, Any]:
    return {
        name: catalogue_services.ensure_group(
            name=name,
            fields={
                "title": title,
                "title_en": title_en,
                "theme_uri": EU_THEME + theme,
                "order": i,
            },
        )
        for i, (name, title, title_en, theme) in enumerate(CATEGORIES, start=1)
    }


def _actor_for(publisher, admin, operators: dict[str, Any]):
    operator = operators.get(publisher.department_code)
    if operator is not None and policies.may_edit(operator, publisher.department_code):
        return operator
    return admin


def create_demo_dataset(
    spec: DemoDataset, *, actor, publisher, categories: dict[str, Any], city: tuple[str, str]
) -> Dataset:
    """One hand-written dataset with its files (or endpoint), through the services."""
    city_name, city_code = city
    start, end = spec.temporal
    dataset = dataset_services.create_dataset(
        actor,
        fields={
            "name": spec.name,
            "title": spec.title,
            "title_en": spec.title_en,
            "notes": spec.notes,
            "notes_en": spec.notes_en,
            "organization": publisher,
            "groups": [categories[name] for name in spec.groups if name in categories],
            "tags": list(spec.tags),
            "license_id": spec.license_id,
            "frequency": spec.frequency,
            "spatial": city_name,
            "spatial_code": city_code,
            "temporal_start": start,
            "temporal_end": end,
            "contact_name": publisher.title,
            "contact_email": publisher.email,
            "contact_phone": publisher.phone,
            "private": spec.private,
            "extras": dict(spec.extras),
        },
    )
    for position, item in enumerate(spec.files):
        file_name = f"{city_code}_{item.stem}.csv"
        resource = resource_services.create_resource(
            actor,
            dataset,
            fields={
                "name": item.name,
                "name_en": item.name_en,
                "description": item.description,
                "format": "CSV",
                "position": position,
            },
            upload=ContentFile(item.content, name=file_name),
        )
        if position == 0 and spec.update:
            resource_services.update_resource(
                actor,
                resource,
                fields={"format": "CSV"},
                upload=ContentFile(spec.update, name=file_name),
                replace=False,
            )
    if spec.endpoint is not None:
        name, name_en, path, file_format = spec.endpoint
        resource_services.create_resource(
            actor,
            dataset,
            fields={
                "name": name,
                "name_en": name_en,
                "kind": "api",
                "url": settings.YAKUBA_SITE_URL + path,
                "format": file_format,
                "position": len(spec.files),
            },
        )
    return dataset


#: The categories of the standard datasets (they are made without any).
STANDARD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "public_facility": ("living-environment",),
    "event": ("tourism-culture",),
    "population": ("population-statistics",),
    "evacuation_space": ("disaster-safety",),
    "aed": ("disaster-safety", "health-welfare"),
}


def load_standard_datasets(admin, places_actor, categories: dict[str, Any]) -> tuple[int, int]:
    """The national standard datasets: made when missing, given their categories (when
    they have none), the staff-kept tables filled (:mod:`.places`), every file generated
    from the modules' data.  Returns (standard datasets, places added)."""
    standard_services.ensure_standard_datasets()
    for key, names in STANDARD_CATEGORIES.items():
        dataset = queries.dataset_by_standard_key(key)
        if dataset is None or dataset.groups.exists():
            continue
        dataset_services.patch_dataset(
            admin, dataset, fields={"groups": [categories[name] for name in names]}
        )
    places = load_demo_places(places_actor)
    standard_services.regenerate_all()
    return sum(1 for key in STANDARD_KEYS if queries.dataset_by_standard_key(key)), places


def load_demo_opendata(
    *,
    staff_domain: str,
    password: str,
    valid_from: datetime.date,
    operator_emails: tuple[str, ...] = (),
) -> DemoOpendataResult:
    """Staff, publishers, categories, the hand-written datasets and the standard ones.
    ``operator_emails``: staff of the publishing departments (the loader's ``bosai@``) who
    publish their department's datasets themselves."""
    result = DemoOpendataResult()
    result.staff = ensure_demo_staff(
        staff_domain=staff_domain, password=password, valid_from=valid_from
    )
    admin = result.staff[0][1]
    if not policies.may_run_catalogue(admin):
        raise PermissionDenied("the demo catalogue admin lacks 文書情報課 admin")
    users = get_user_model().objects
    operators = {}
    for email in operator_emails:
        user = users.filter(email=email).first()
        for code in policies.departments_for(user, "operator") if user else ():
            operators.setdefault(code, user)
    publishers = ensure_publishers(staff_domain)
    categories = ensure_categories()
    result.publishers, result.categories = len(publishers), len(categories)
    profile = get_municipality()
    city = (profile.name, profile.code) if profile else ("", DEFAULT_CITY_CODE)
    for spec in demo_datasets(city[1]):
        publisher = publishers.get(spec.publisher)
        if publisher is None:
            continue
        try:
            queries.get_dataset_to_edit(admin, spec.name)
            continue
        except Dataset.DoesNotExist:
            pass
        create_demo_dataset(
            spec,
            actor=_actor_for(publisher, admin, operators),
            publisher=publisher,
            categories=categories,
            city=city,
        )
        result.datasets += 1
    places_actor = operators.get("bosai", admin)
    result.standard_datasets, result.places = load_standard_datasets(
        admin, places_actor, categories
    )
    return result
