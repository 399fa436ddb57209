"""Builders for the open data tests: publishers, categories, staff of a department and
datasets made through the services (the code under test always goes through them).

Parts add their own builders in ``tests/factories_<part>.py``.
"""

from __future__ import annotations

import itertools
from typing import Any

from yakuba.identity.models import OrgUnit
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory, StaffFactory
from yakuba.opendata.models import Dataset, Group, Organization
from yakuba.opendata.services import datasets as dataset_services
from yakuba.opendata.services import resources as resource_services

_numbers = itertools.count(1)


def department(code: str = "bosai", name: str = "防災安全課") -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    return unit or OrgUnitFactory(code=code, name=name, name_en=f"{code} division")


def staff_in(code: str = "bosai", role: str = "operator", **fields: Any):
    """A staff member with ``role`` in department ``code``."""
    user = StaffFactory(**fields)
    AssignmentFactory(user=user, org_unit=department(code), role=role)
    return user


def catalogue_admin(**fields: Any):
    """A 文書情報課 admin: runs publishers, categories and every dataset."""
    return staff_in("bunsho", "admin", **fields)


def make_organization(name: str = "", department_code: str = "bosai", **fields: Any):
    name = name or f"org-{next(_numbers)}"
    department(department_code)
    return Organization.objects.create(
        name=name,
        title=fields.pop("title", f"公開元 {name}"),
        title_en=fields.pop("title_en", f"Publisher {name}"),
        department_code=department_code,
        **fields,
    )


def make_group(name: str = "", **fields: Any) -> Group:
    name = name or f"group-{next(_numbers)}"
    return Group.objects.create(
        name=name,
        title=fields.pop("title", f"分類 {name}"),
        title_en=fields.pop("title_en", f"Category {name}"),
        **fields,
    )


def make_dataset(actor=None, organization: Organization | None = None, **fields: Any) -> Dataset:
    """A dataset created through ``create_dataset`` by ``actor`` (default: an operator of
    the publisher's department)."""
    organization = organization or make_organization()
    actor = actor or staff_in(organization.department_code)
    number = next(_numbers)
    data: dict[str, Any] = {
        "name": f"dataset-{number}",
        "title": f"データセット {number}",
        "organization": organization,
        **fields,
    }
    return dataset_services.create_dataset(actor, fields=data)


def add_csv(actor, dataset: Dataset, content: bytes = b"a,b\n1,2\n", name: str = "data.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return resource_services.create_resource(
        actor,
        dataset,
        fields={"name": name, "format": "CSV"},
        upload=SimpleUploadedFile(name, content, content_type="text/csv"),
    )
