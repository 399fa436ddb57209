"""Citizen-tier URLs of the certificates module.

Mounted twice by ``yakuba.portal.urls``: the kiosk app at ``/kiosk/`` (namespace
``portal:kiosk``) and verification + マイページ at ``/certificates/`` (namespace
``portal:certificates``).
"""

from django.urls import include, path

app_name = "certificates"

urlpatterns = [
    path("verify/", include("yakuba.certificates.web.verify.urls")),
    path("mine/", include("yakuba.certificates.web.mine.urls")),
]
