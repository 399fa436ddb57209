"""Citizen URLs, mounted at /apply/ (namespace ``portal:applications``)."""

from django.urls import include, path

app_name = "applications"

urlpatterns = [
    path("forms/", include("yakuba.applications.web.citizen.urls_filling")),
    path("mine/", include("yakuba.applications.web.citizen.urls_mine")),
    path("", include("yakuba.applications.web.citizen.urls_catalogue")),
]
