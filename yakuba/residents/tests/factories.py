"""factory-boy factories for town areas, households and people."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from yakuba.residents.models import Household, Movement, Person, TownArea

#: Factory households' address holds from this day on (their history starts here).
HOUSEHOLD_HISTORY_START = datetime.date(1900, 1, 1)


def _initial_movement() -> Movement:
    return Movement.objects.create(
        kind="initial", effective_on=timezone.localdate(), source="import", reason="factory"
    )


class TownAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownArea
        django_get_or_create = ("code",)

    code = "0004001"
    town_name = "本町"
    chome = 1
    name = "本町一丁目"
    name_kana = "ホンマチイッチョウメ"
    postal_code = "208-0004"
    valid_from = datetime.date(1970, 11, 3)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    household_number = factory.Sequence(lambda n: f"{n + 1:08d}")
    town_area = factory.SubFactory(TownAreaFactory)
    banchi = factory.Sequence(lambda n: f"{n % 40 + 1}番地の1")

    @factory.post_generation
    def history(household, create, extracted, **kwargs):
        """The household's first address version, as the services would write it."""
        if not create:
            return
        from yakuba.residents.services.recorder import household_snapshot

        movement = _initial_movement()
        household_snapshot(household, movement, HOUSEHOLD_HISTORY_START).save()


class PersonFactory(factory.django.DjangoModelFactory):
    """A current resident; the first of a household should be ``relationship="head"``."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    resident_code = factory.Sequence(lambda n: f"{n + 20000000000:011d}")
    family_name = "山田"
    given_name = "太郎"
    family_name_kana = "ヤマダ"
    given_name_kana = "タロウ"
    birth_date = datetime.date(1970, 3, 1)
    sex = "male"
    household = factory.SubFactory(HouseholdFactory)
    relationship = "head"
    became_resident_on = factory.LazyAttribute(lambda person: person.birth_date)
    address_set_on = factory.LazyAttribute(lambda person: person.became_resident_on)

    @factory.post_generation
    def history(person, create, extracted, **kwargs):
        """The person's initial versions (resident from ``became_resident_on``; a 除票 also from
        ``removed_on``), as ``bulk_create_population`` writes them."""
        if not create:
            return
        from yakuba.residents.services.people import _initial_versions

        movement = _initial_movement()
        for version in _initial_versions(person, movement, person.household):
            version.save()
