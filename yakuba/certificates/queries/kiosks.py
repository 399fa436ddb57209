"""Reads of kiosks and maintenance windows for the staff pages (市民課 admin).

No personal data: kiosks are stores, windows are periods. Today's counts per kiosk are
the issuances of the current day in the city's time zone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ..models import Kiosk, MaintenanceWindow
from ..policies import may_manage_kiosks


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """``[start, end)`` of a local day as aware datetimes."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def _require_manager(user: Any) -> None:
    if not may_manage_kiosks(user):
        raise PermissionDenied


def kiosks_for(user: Any, *, day: datetime.date | None = None) -> QuerySet[Kiosk]:
    """Every kiosk (active first, then by code) with ``day_issuances``, ``day_copies`` and
    ``day_fees`` of ``day`` (default today). One query."""
    _require_manager(user)
    start, end = day_bounds(day or timezone.localdate())
    today = Q(issuances__issued_at__gte=start, issuances__issued_at__lt=end)
    return Kiosk.objects.annotate(
        day_issuances=Count("issuances", filter=today),
        day_copies=Coalesce(Sum("issuances__copies", filter=today), 0),
        day_fees=Coalesce(Sum("issuances__total_fee", filter=today), 0),
    ).order_by("-is_active", "code")


def get_kiosk_for(user: Any, pk: int) -> Kiosk:
    _require_manager(user)
    kiosk = Kiosk.objects.filter(pk=pk).first()
    if kiosk is None:
        raise Http404
    return kiosk


def maintenance_windows_for(
    user: Any, *, include_past: bool = False, now: datetime.datetime | None = None
) -> QuerySet[MaintenanceWindow]:
    """Windows not yet over (all of them with ``include_past``), by start."""
    _require_manager(user)
    windows = MaintenanceWindow.objects.select_related("created_by").order_by("starts_at")
    if not include_past:
        windows = windows.filter(ends_at__gt=now or timezone.now())
    return windows


def get_maintenance_window_for(user: Any, pk: int) -> MaintenanceWindow:
    _require_manager(user)
    window = MaintenanceWindow.objects.filter(pk=pk).first()
    if window is None:
        raise Http404
    return window
