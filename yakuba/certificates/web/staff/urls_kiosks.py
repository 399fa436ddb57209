"""Staff URLs of the issuance part, mounted at /staff/certificates/kiosks/ (namespace
``console:certificates``): kiosks, device enrolment links, maintenance windows (市民課
admin) and fee accounting (会計課 viewer, 市民課 admin)."""

from django.urls import path

from . import accounting_pages, kiosks_maintenance, kiosks_pages

urlpatterns = [
    path("", kiosks_pages.kiosk_list, name="kiosk_list"),
    path("new/", kiosks_pages.kiosk_new, name="kiosk_new"),
    path("<int:pk>/", kiosks_pages.kiosk_detail, name="kiosk_detail"),
    path("<int:pk>/edit/", kiosks_pages.kiosk_edit, name="kiosk_edit"),
    path("<int:pk>/status/", kiosks_pages.kiosk_status, name="kiosk_status"),
    path("<int:pk>/enrolment/", kiosks_pages.kiosk_enrolment, name="kiosk_enrolment"),
    path("maintenance/", kiosks_maintenance.maintenance_list, name="maintenance_list"),
    path("maintenance/new/", kiosks_maintenance.maintenance_new, name="maintenance_new"),
    path(
        "maintenance/<int:pk>/remove/",
        kiosks_maintenance.maintenance_remove,
        name="maintenance_remove",
    ),
    path("accounting/", accounting_pages.accounting, name="accounting"),
    path("accounting.csv", accounting_pages.accounting_csv, name="accounting_csv"),
]
