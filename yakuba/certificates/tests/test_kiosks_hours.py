"""service_status: service hours in Japan time (06:30 open, 23:00 closed), maintenance
windows, when the service reopens, and the message in each language."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from yakuba.certificates.models import MaintenanceWindow
from yakuba.certificates.services import kiosks as services

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


@pytest.mark.parametrize(
    ("hour", "minute", "is_open"),
    [(0, 0, False), (6, 29, False), (6, 30, True), (12, 0, True), (22, 59, True), (23, 0, False)],
)
def test_service_hours_boundaries(hour, minute, is_open):
    status = services.service_status(local(DAY, hour, minute))
    assert status.is_open is is_open
    assert status.reason == (None if is_open else "hours")


def test_boundaries_are_japan_time_whatever_the_server_zone():
    # 21:29 UTC = 06:29 in Tokyo; 21:30 UTC = 06:30.
    utc = datetime.UTC
    assert not services.service_status(datetime.datetime(2026, 11, 30, 21, 29, tzinfo=utc)).is_open
    assert services.service_status(datetime.datetime(2026, 11, 30, 21, 30, tzinfo=utc)).is_open


def test_before_opening_the_service_reopens_the_same_morning():
    status = services.service_status(local(DAY, 6, 29))
    assert status.reopens_at == local(DAY, 6, 30)
    assert str(status.message) == (
        "証明書の交付は06:30〜23:00です。ただいまは交付時間外です。06:30からご利用いただけます。"
    )


def test_after_closing_the_service_reopens_the_next_morning():
    status = services.service_status(local(DAY, 23, 0))
    assert status.reopens_at == local(DAY + datetime.timedelta(days=1), 6, 30)
    assert "12月2日 06:30から" in str(status.message)


def test_the_message_follows_the_language_it_is_shown_in():
    status = services.service_status(local(DAY, 23, 30))
    with translation.override("en"):
        english = str(status.message)
    assert english != str(status.message)
    assert "December 2, 06:30" in english


def test_hours_come_from_the_setting(settings):
    settings.YAKUBA_KIOSK_SERVICE_HOURS = "09:00-17:00"
    assert not services.service_status(local(DAY, 8, 59)).is_open
    assert services.service_status(local(DAY, 16, 59)).is_open
    assert not services.service_status(local(DAY, 17, 0)).is_open
    settings.YAKUBA_KIOSK_SERVICE_HOURS = "00:00-24:00"
    assert services.service_status(local(DAY, 23, 59)).is_open
    assert services.service_status(local(DAY, 0, 0)).is_open


def _window(starts, ends, reason="システムの保守点検", reason_en=""):
    return MaintenanceWindow.objects.create(
        starts_at=starts, ends_at=ends, reason=reason, reason_en=reason_en
    )


def test_a_maintenance_window_closes_the_service_until_it_ends():
    window = _window(local(DAY, 10), local(DAY, 12), reason_en="system maintenance")
    assert services.service_status(local(DAY, 9, 59)).is_open
    status = services.service_status(local(DAY, 10))
    assert (status.is_open, status.reason, status.window) == (False, "maintenance", window)
    assert status.reopens_at == local(DAY, 12)
    assert str(status.message) == (
        "ただいまシステムの保守点検のため、証明書の交付を休止しています。12:00からご利用いただけます。"
    )
    with translation.override("en"):
        assert "system maintenance" in str(status.message)
    assert services.service_status(local(DAY, 12)).is_open


def test_back_to_back_windows_and_closed_hours_give_the_real_reopening():
    # 年末年始: 12/29 00:00 – 1/3 24:00, then the next opening is 1/4 06:30.
    _window(local(datetime.date(2026, 12, 29), 0), local(datetime.date(2027, 1, 1), 0))
    _window(local(datetime.date(2027, 1, 1), 0), local(datetime.date(2027, 1, 4), 0), "年末年始")
    status = services.service_status(local(datetime.date(2026, 12, 30), 12))
    assert status.reason == "maintenance"
    assert status.reopens_at == local(datetime.date(2027, 1, 4), 6, 30)


def test_a_window_is_added_with_checked_dates_and_removed_idempotently(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    admin = AssignmentFactory(org_unit=unit_a, role="admin").user
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as caught:
        services.add_maintenance_window(
            admin, starts_at=local(future, 12), ends_at=local(future, 11), reason="点検"
        )
    assert caught.value.message_dict["ends_at"] == ["終了日時は開始日時より後にしてください。"]
    with pytest.raises(ValidationError) as caught:
        services.add_maintenance_window(
            admin, starts_at=local(DAY, 1), ends_at=local(DAY, 2), reason=""
        )
    assert set(caught.value.message_dict) == {"ends_at", "reason"}
    window = services.add_maintenance_window(
        admin, starts_at=local(future, 1), ends_at=local(future, 2), reason=" 点検 "
    )
    assert (window.reason, window.created_by) == ("点検", admin)
    assert services.remove_maintenance_window(admin, window.pk) is True
    assert services.remove_maintenance_window(admin, window.pk) is False
    assert MaintenanceWindow.objects.count() == 0
