"""The public verification pages, at /certificates/verify/ (namespace ``portal:certificates``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.verify, name="verify"),
    path("upload/", views.verify_upload, name="verify_upload"),
    path("root.pem", views.trust_root, name="trust_root"),
    path("root.cer", views.trust_root_der, name="trust_root_der"),
    path("<str:serial>/", views.verify_serial, name="verify_serial"),
]
