"""Staff pages of the open data module, mounted at ``/staff/opendata/``: each part keeps its
own route list (catalogue editing, API tokens, the standard datasets' tables)."""

from django.urls import include, path

app_name = "opendata"

urlpatterns = [
    path("", include("yakuba.opendata.web.staff.urls_catalogue")),
    path("tokens/", include("yakuba.opendata.web.staff.urls_tokens")),
    path("standard/", include("yakuba.opendata.web.staff.urls_standard")),
]
