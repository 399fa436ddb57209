from django.urls import include, path

from . import views

app_name = "console"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("privacy-register/", views.privacy_register, name="privacy_register"),
    path("privacy-register.csv", views.privacy_register_csv, name="privacy_register_csv"),
    path("account/", include("yakuba.identity.urls_staff")),
    path("audit/", include("yakuba.audit.urls_staff")),
    path("residents/", include("yakuba.residents.urls_staff")),
    path("mynumber/", include("yakuba.vault.urls_staff")),
    path("cards/", include("yakuba.jpki.urls_staff")),
    path("alerts/national/", include("yakuba.alerts.ingest.urls_staff")),
    path("alerts/", include("yakuba.alerts.urls_staff")),
    path("facilities/", include("yakuba.facilities.urls_staff")),
    path("applications/", include("yakuba.applications.urls_staff")),
    path("certificates/", include("yakuba.certificates.urls_staff")),
    path("opendata/", include("yakuba.opendata.urls_staff")),
]
