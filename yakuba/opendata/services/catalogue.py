"""Publishers (organizations) and categories (groups): run by the catalogue's admins."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import policies
from ..models import Group, Organization

ORGANIZATION_FIELDS = (
    "name",
    "title",
    "title_en",
    "description",
    "description_en",
    "department_code",
    "email",
    "phone",
    "image_url",
)
GROUP_FIELDS = ("name", "title", "title_en", "description", "description_en", "theme_uri", "order")


def _require(actor: Any) -> None:
    if not policies.may_run_catalogue(actor):
        raise PermissionDenied


def _save(instance, fields: dict[str, Any], allowed: tuple[str, ...]):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_organization(
    actor: Any, organization: Organization | None = None, *, fields: dict[str, Any]
) -> Organization:
    _require(actor)
    return _save(organization or Organization(), fields, ORGANIZATION_FIELDS)


@transaction.atomic
def save_group(actor: Any, group: Group | None = None, *, fields: dict[str, Any]) -> Group:
    _require(actor)
    return _save(group or Group(), fields, GROUP_FIELDS)


def ensure_organization(*, name: str, fields: dict[str, Any]) -> Organization:
    """The publisher ``name``, made with ``fields`` when missing (set-up and demo loaders;
    no actor check)."""
    organization, _created = Organization.objects.get_or_create(name=name, defaults=fields)
    return organization


def ensure_group(*, name: str, fields: dict[str, Any]) -> Group:
    group, _created = Group.objects.get_or_create(name=name, defaults=fields)
    return group
