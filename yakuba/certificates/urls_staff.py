"""Staff URLs, mounted at /staff/certificates/ (namespace ``console:certificates``)."""

from django.urls import include, path

app_name = "certificates"

urlpatterns = [
    path("records/", include("yakuba.certificates.web.staff.urls_records")),
    path("kiosks/", include("yakuba.certificates.web.staff.urls_kiosks")),
]
