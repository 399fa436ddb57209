"""支援措置: flag and lift; the rules, the policy, access records."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.certificates.models import SupportMeasure
from yakuba.certificates.services.records import flag_support_measure, lift_support_measure

from . import test_records_helpers as helpers

pytestmark = pytest.mark.django_db
person = helpers.person
viewer_a = helpers.viewer_a
TODAY = timezone.localdate


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {item.code for errors in error.error_dict.values() for item in errors}
    return {item.code for item in error.error_list}


def test_flags_and_lifts_with_access_records(person, clerk_a):
    measure = flag_support_measure(
        clerk_a,
        person.pk,
        starts_on=TODAY(),
        ends_on=TODAY() + datetime.timedelta(days=365),
        note="  加害者: 元配偶者  ",
    )
    assert (measure.note, measure.flagged_by, measure.lifted_at) == (
        "加害者: 元配偶者",
        clerk_a,
        None,
    )

    lift_support_measure(clerk_a, measure.pk)

    measure.refresh_from_db()
    assert measure.lifted_at is not None and measure.lifted_by == clerk_a
    assert list(
        AccessRecord.objects.filter(record_kind="certificates.support_measure")
        .order_by("sequence")
        .values_list("action", "purpose", "subject_id")
    ) == [
        ("create", "support_measure", str(person.pk)),
        ("update", "support_measure", str(person.pk)),
    ]


def test_a_second_open_measure_is_refused_but_a_new_one_after_lifting_is_not(person, clerk_a):
    first = flag_support_measure(clerk_a, person.pk, starts_on=TODAY())

    with pytest.raises(ValidationError) as raised:
        flag_support_measure(clerk_a, person.pk, starts_on=TODAY())
    assert _codes(raised.value) == {"already_flagged"}
    assert SupportMeasure.objects.count() == 1

    lift_support_measure(clerk_a, first.pk)
    flag_support_measure(clerk_a, person.pk, starts_on=TODAY())
    assert SupportMeasure.objects.count() == 2


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"starts_on": None}, "required"),
        (
            {"starts_on": datetime.date(2026, 5, 1), "ends_on": datetime.date(2026, 4, 1)},
            "dates_ordered",
        ),
        ({"starts_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2020, 12, 31)}, "ended"),
        ({"starts_on": datetime.date(2026, 1, 1), "note": "あ" * 2001}, "too_long"),
    ],
)
def test_flag_errors_change_nothing(person, clerk_a, options, code):
    records = AccessRecord.objects.count()

    with pytest.raises(ValidationError) as raised:
        flag_support_measure(clerk_a, person.pk, **options)

    assert _codes(raised.value) == {code}
    assert SupportMeasure.objects.count() == 0
    assert AccessRecord.objects.count() == records


def test_lifting_twice_is_refused(person, clerk_a):
    measure = flag_support_measure(clerk_a, person.pk, starts_on=TODAY())
    lift_support_measure(clerk_a, measure.pk)
    lifted_at = SupportMeasure.objects.get().lifted_at

    with pytest.raises(ValidationError) as raised:
        lift_support_measure(clerk_a, measure.pk)

    assert _codes(raised.value) == {"already_lifted"}
    assert SupportMeasure.objects.get().lifted_at == lifted_at


@pytest.mark.parametrize("who", ["viewer_a", "clerk_b", "system_admin"])
def test_only_shimin_operators_flag_and_lift(person, clerk_a, who, request):
    actor = request.getfixturevalue(who)
    measure = flag_support_measure(clerk_a, person.pk, starts_on=TODAY())
    records = AccessRecord.objects.count()

    with pytest.raises(PermissionDenied):
        flag_support_measure(actor, person.pk, starts_on=TODAY())
    with pytest.raises(PermissionDenied):
        lift_support_measure(actor, measure.pk)

    assert SupportMeasure.objects.filter(lifted_at__isnull=True).count() == 1
    assert AccessRecord.objects.count() == records
