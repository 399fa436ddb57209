"""The kiosk app, mounted at /kiosk/ (namespace ``portal:kiosk``)."""

from django.urls import include, path

app_name = "kiosk"

urlpatterns = [
    path("", include("yakuba.certificates.web.kiosk.urls")),
]
