"""The CKAN-compatible Action API, mounted at ``/api/`` (``/api/action/<name>`` and
``/api/3/action/<name>``; see docs/modules/opendata-api.md)."""

from django.urls import path

from .web.api import views

app_name = "ckan"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("3", views.api_root, {"version": 3}, name="root_v3"),
    path("action/<str:name>", views.action, name="action"),
    path("3/action/<str:name>", views.action, name="action_v3"),
]
