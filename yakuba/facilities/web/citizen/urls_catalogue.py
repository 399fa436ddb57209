"""Citizen URLs of the catalogue part (mounted under /facilities/)."""

from django.urls import path

from . import catalogue

urlpatterns = [
    path("", catalogue.facility_list, name="facility_list"),
    path("<slug:code>/", catalogue.facility_detail, name="facility_detail"),
]
