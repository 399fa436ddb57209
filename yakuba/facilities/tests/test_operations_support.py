"""Builders shared by the operations tests (no tests here): 文化振興課 staff of each
role, and a counter registration (a resident without an account)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yakuba.facilities.tests.factories import approved_registration


def bunka_unit():
    from yakuba.identity.models import OrgUnit
    from yakuba.identity.tests.factories import OrgUnitFactory

    return OrgUnit.objects.filter(code="bunka").first() or OrgUnitFactory(
        code="bunka", name="文化振興課", name_en="Culture Promotion"
    )


def bunka_staff(role: str, email: str = ""):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=bunka_unit(), role=role, user__email=email or f"{role}.bunka@city.example.lg.jp"
    ).user


def counter_registration(**fields):
    """A resident registered at the counter: no account, an e-mail address optional."""
    return approved_registration(
        None,
        name=fields.pop("name", "村山 トメ"),
        name_kana=fields.pop("name_kana", "ムラヤマ トメ"),
        phone=fields.pop("phone", "042-565-1234"),
        email=fields.pop("email", "tome@example.jp"),
        **fields,
    )


def days_ahead(count: int = 10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=count)
