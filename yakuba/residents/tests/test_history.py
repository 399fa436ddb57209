"""History: reconstruction as of a date, corrections of past values, append-only rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from yakuba.residents import history
from yakuba.residents.models import HouseholdVersion, Movement, Person, PersonVersion
from yakuba.residents.services import (
    Address,
    correct_household_address,
    correct_person,
    record_move_within,
    record_name_change,
    wipe_register,
)

from .factories import PersonFactory, TownAreaFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _code(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    error = caught.value
    if hasattr(error, "error_dict"):
        return next(item.code for items in error.error_dict.values() for item in items)
    return error.code


@pytest.fixture
def honcho2(db):
    return TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )


def test_reconstruction_follows_each_change(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    record_move_within(
        clerk_a, [head, wife, child], effective_on=D(2020, 4, 1), address=Address(honcho2, "5番地")
    )
    record_name_change(
        clerk_a,
        Person.objects.get(pk=wife.pk),
        effective_on=D(2022, 1, 1),
        family_name="佐藤",
        given_name="花子",
        family_name_kana="サトウ",
        given_name_kana="ハナコ",
    )

    def state(day):
        version = history.version_as_of(wife.pk, day)
        return None if version is None else (version.family_name, version.town_area.name)

    assert state(D(2000, 3, 31)) is None
    assert state(D(2000, 4, 1)) == ("山田", "本町一丁目")
    assert state(D(2020, 3, 31)) == ("山田", "本町一丁目")
    assert state(D(2020, 4, 1)) == ("山田", "本町二丁目")
    assert state(D(2022, 1, 1)) == ("佐藤", "本町二丁目")
    assert [v.valid_from for v in history.timeline(wife.pk)] == [
        D(2000, 4, 1),
        D(2020, 4, 1),
        D(2022, 1, 1),
    ]


def test_correcting_a_past_name_keeps_the_old_rows(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    record_move_within(
        clerk_a, [head, wife, child], effective_on=D(2020, 4, 1), address=Address(honcho2, "5番地")
    )
    before_correction = timezone.now()
    rows_before = PersonVersion.objects.filter(person=head).count()

    movement = correct_person(
        clerk_a,
        head,
        effective_on=D(2010, 1, 1),
        changes={"given_name": "太朗"},
        reason="戸籍照合により誤記を訂正",
    )

    assert movement.kind == "correction" and movement.reason == "戸籍照合により誤記を訂正"
    # As of dates after the correction date: the corrected value, address history intact.
    assert history.version_as_of(head.pk, D(2009, 12, 31)).given_name == "太郎"
    corrected = history.version_as_of(head.pk, D(2015, 1, 1))
    assert (corrected.given_name, corrected.town_area.name) == ("太朗", "本町一丁目")
    later = history.version_as_of(head.pk, D(2021, 1, 1))
    assert (later.given_name, later.town_area.name) == ("太朗", "本町二丁目")
    # As known before the correction: the old value everywhere.
    assert (
        history.version_as_of(head.pk, D(2021, 1, 1), known_at=before_correction).given_name
        == "太郎"
    )
    # Nothing overwritten: two rows appended (from 2010-01-01, and the copy of 2020-04-01).
    assert PersonVersion.objects.filter(person=head).count() == rows_before + 2
    current = Person.objects.get(pk=head.pk)
    assert (current.given_name, current.name_search_key) == ("太朗", "山田太朗|ヤマダタロウ")


def test_a_correction_stops_where_the_value_really_changed(clerk_a, yamada_family):
    head, wife, child = yamada_family
    record_name_change(
        clerk_a,
        wife,
        effective_on=D(2022, 1, 1),
        family_name="佐藤",
        given_name="花子",
        family_name_kana="サトウ",
        given_name_kana="ハナコ",
    )

    correct_person(
        clerk_a,
        Person.objects.get(pk=wife.pk),
        effective_on=D(2000, 4, 1),
        changes={"family_name": "山𠮷"},
        reason="字体の誤り",
    )

    assert history.version_as_of(wife.pk, D(2010, 1, 1)).family_name == "山𠮷"
    assert history.version_as_of(wife.pk, D(2023, 1, 1)).family_name == "佐藤"
    assert Person.objects.get(pk=wife.pk).family_name == "佐藤"


def test_correcting_a_household_address_corrects_its_members(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    record_move_within(
        clerk_a, [head, wife, child], effective_on=D(2020, 4, 1), address=Address(honcho2, "5番地")
    )
    household = head.household

    correct_household_address(
        clerk_a,
        household,
        effective_on=D(2020, 4, 1),
        address=Address(honcho2, "5番地の2"),
        reason="番地の誤記",
    )

    household.refresh_from_db()
    assert household.banchi == "5番地の2"
    assert history.version_as_of(child.pk, D(2021, 1, 1)).banchi == "5番地の2"
    assert history.version_as_of(child.pk, D(2019, 1, 1)).town_area.name == "本町一丁目"
    assert history.household_version_as_of(household.pk, D(2021, 1, 1)).banchi == "5番地の2"


@pytest.mark.parametrize(
    ("changes", "reason", "effective_on", "code"),
    [
        ({"given_name": "太朗"}, "", D(2010, 1, 1), "required"),
        ({"given_name": "太郎"}, "確認", D(2010, 1, 1), "no_change"),
        ({"status": "removed"}, "確認", D(2010, 1, 1), "not_correctable"),
        ({"birth_date": D(2001, 1, 1)}, "確認", D(2010, 1, 1), "dates_ordered"),
        ({"birth_date": D(2099, 1, 1)}, "確認", D(2010, 1, 1), "future_date"),
        ({"relationship": "child"}, "確認", D(2010, 1, 1), "use_household_change"),
        ({"given_name": "太朗"}, "確認", D(1999, 1, 1), "not_recorded_on_date"),
        ({"given_name": "太朗"}, "確認", D(2099, 1, 1), "future_effective_date"),
        ({"family_name_kana": "yamada"}, "確認", D(2010, 1, 1), "not_kana"),
    ],
)
def test_correction_rules(clerk_a, yamada_family, changes, reason, effective_on, code):
    head = yamada_family[0]
    before = (Movement.objects.count(), PersonVersion.objects.count())

    assert (
        _code(
            correct_person, clerk_a, head, effective_on=effective_on, changes=changes, reason=reason
        )
        == code
    )
    assert (Movement.objects.count(), PersonVersion.objects.count()) == before


def test_a_removed_record_can_be_corrected(clerk_a):
    gone = PersonFactory(status="removed", removed_on=D(2020, 1, 1))

    correct_person(
        clerk_a, gone, effective_on=D(2020, 1, 1), changes={"given_name": "太朗"}, reason="誤記"
    )

    assert Person.objects.get(pk=gone.pk).given_name == "太朗"
    assert history.version_as_of(gone.pk, D(2019, 1, 1)).given_name == "太郎"


# ------------------------------------------------------------------------- append-only


@pytest.mark.db_guarantees
@pytest.mark.parametrize("model", [PersonVersion, HouseholdVersion, Movement])
def test_history_rows_cannot_be_updated_or_deleted(model, yamada_family):
    row = model.objects.first()

    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(created=timezone.now())
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=row.pk).delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.db_guarantees
def test_only_a_register_wipe_deletes_the_history(yamada_family):
    counts = wipe_register()

    assert (counts.people, PersonVersion.objects.count(), Movement.objects.count()) == (3, 0, 0)
    from yakuba.residents.models import RegisterWipe

    assert not RegisterWipe.objects.exists()


@pytest.mark.db_guarantees
def test_a_person_with_history_cannot_be_deleted_alone(yamada_family):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        Person.objects.filter(pk=yamada_family[2].pk).delete()
