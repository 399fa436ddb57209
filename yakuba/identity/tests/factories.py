"""factory-boy factories for accounts and the organisation."""

from __future__ import annotations

import datetime

import factory

from yakuba.identity.models import Assignment, OrgUnit, User

PASSWORD = "correct-horse-battery-9"


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citizen{n}@example.jp")
    kind = User.Kind.CITIZEN
    display_name = factory.Sequence(lambda n: f"市民 {n}")
    email_verified_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class StaffFactory(CitizenFactory):
    email = factory.Sequence(lambda n: f"staff{n}@city.example.lg.jp")
    kind = User.Kind.STAFF
    display_name = factory.Sequence(lambda n: f"職員 {n}")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit{n}")
    kind = OrgUnit.Kind.DIVISION
    name = factory.Sequence(lambda n: f"第{n}課")
    name_en = factory.Sequence(lambda n: f"Division {n}")
    valid_from = datetime.date(2020, 4, 1)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(StaffFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)
    role = "operator"
    valid_from = datetime.date(2020, 4, 1)
