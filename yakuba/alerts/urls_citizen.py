"""Citizen subscription pages, mounted at ``/alerts/`` under the portal (namespace ``portal:alerts``).

``manage`` and ``unsubscribe`` (with a ``token``) are the names the e-mails link to
(:mod:`yakuba.alerts.links`).
"""

from django.urls import path

from .web import citizen

app_name = "alerts"

urlpatterns = [
    path("subscribe/", citizen.subscribe, name="subscribe"),
    path("subscribe/sent/", citizen.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", citizen.confirm, name="confirm"),
    path("manage/", citizen.manage_request, name="manage_request"),
    path("manage/sent/", citizen.manage_request_sent, name="manage_request_sent"),
    path("manage/<str:token>/", citizen.manage, name="manage"),
    path("unsubscribe/<str:token>/", citizen.unsubscribe, name="unsubscribe"),
]
