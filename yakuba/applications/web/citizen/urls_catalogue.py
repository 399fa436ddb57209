"""Citizen URLs of the catalogue part (mounted under /apply/, namespace
``portal:applications``)."""

from django.urls import path

from . import catalogue, catalogue_life_events, catalogue_procedure

urlpatterns = [
    path("", catalogue.procedure_list, name="procedure_list"),
    path("categories/<slug:code>/", catalogue.category_detail, name="category_detail"),
    path("life-events/", catalogue_life_events.life_event_list, name="life_event_list"),
    path(
        "life-events/<slug:code>/",
        catalogue_life_events.life_event_detail,
        name="life_event_detail",
    ),
    path(
        "procedures/<slug:code>/",
        catalogue_procedure.procedure_detail,
        name="procedure_detail",
    ),
]
