"""Staff URLs, mounted at /staff/applications/ (namespace ``console:applications``)."""

from django.urls import include, path

app_name = "applications"

urlpatterns = [
    path("builder/", include("yakuba.applications.web.staff.urls_builder")),
    path("", include("yakuba.applications.web.staff.urls_inbox")),
]
