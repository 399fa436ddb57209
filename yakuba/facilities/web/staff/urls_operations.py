"""Staff URLs of the operations part (mounted under /staff/facilities/, namespace
``console:facilities``): the 窓口 home, booking search and detail, counter booking,
recurring series, usage approval, the daily usage sheet, statistics and CSV export."""

import datetime

from django.urls import path, register_converter

from . import operations, operations_counter, operations_reports, operations_series


class IsoDateConverter:
    """``2026-12-04`` ↔ :class:`datetime.date` (an impossible date does not match: 404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value: datetime.date | str) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(IsoDateConverter, "operations_date")

urlpatterns = [
    path("", operations.operations_home, name="operations_home"),
    path("bookings-search/", operations.booking_search_staff, name="booking_search_staff"),
    path("booking/<int:pk>/", operations.booking_detail_staff, name="booking_detail_staff"),
    path("booking/<int:pk>/paid/", operations.booking_mark_paid, name="booking_mark_paid"),
    path("booking/<int:pk>/approve/", operations.booking_approve, name="booking_approve"),
    path("booking/<int:pk>/reject/", operations.booking_reject, name="booking_reject"),
    path("booking/<int:pk>/cancel/", operations.booking_cancel_staff, name="booking_cancel_staff"),
    path("counter/", operations_counter.counter_booking, name="counter_booking"),
    path("series/new/", operations_series.series_new, name="series_new"),
    path("series/<int:pk>/", operations_series.series_detail, name="series_detail"),
    path("series/<int:pk>/cancel/", operations_series.series_cancel, name="series_cancel"),
    path("approvals/", operations.approval_queue, name="approval_queue"),
    path("sheet/", operations.usage_sheet_pick, name="usage_sheet_pick"),
    path("sheet/print.css", operations_reports.usage_sheet_css, name="usage_sheet_css"),
    path(
        "sheet/<slug:facility_code>/<operations_date:day>/",
        operations_reports.usage_sheet,
        name="usage_sheet",
    ),
    path("statistics/", operations_reports.occupancy, name="occupancy"),
    path("export.csv", operations_reports.bookings_csv, name="bookings_csv"),
]
