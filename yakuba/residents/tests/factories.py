"""factory-boy factories for town areas, households and people."""

from __future__ import annotations

import datetime

import factory

from yakuba.residents.models import Household, Person, TownArea


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

    household_number = factory.Sequence(lambda n: f"{n + 1:08d}")
    town_area = factory.SubFactory(TownAreaFactory)
    banchi = factory.Sequence(lambda n: f"{n % 40 + 1}番地の1")


class PersonFactory(factory.django.DjangoModelFactory):
    """A current resident; the first of a household should be ``relationship="head"``."""

    class Meta:
        model = Person

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
