"""Citizen URLs, mounted at /facilities/ (namespace ``portal:facilities``).

Fixed prefixes first; the catalogue last, since its facility pages are ``<code>/``.
"""

from django.urls import include, path

app_name = "facilities"

urlpatterns = [
    path("register/", include("yakuba.facilities.web.citizen.urls_registration")),
    path("book/", include("yakuba.facilities.web.citizen.urls_booking")),
    path("lottery/", include("yakuba.facilities.web.citizen.urls_lottery")),
    path("courses/", include("yakuba.facilities.web.citizen.urls_courses")),
    path("", include("yakuba.facilities.web.citizen.urls_waitlist")),
    path("", include("yakuba.facilities.web.citizen.urls_operations")),
    path("", include("yakuba.facilities.web.citizen.urls_catalogue")),
]
