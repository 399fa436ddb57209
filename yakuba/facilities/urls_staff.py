"""Staff URLs, mounted at /staff/facilities/ (namespace ``console:facilities``)."""

from django.urls import include, path

app_name = "facilities"

urlpatterns = [
    path("setup/", include("yakuba.facilities.web.staff.urls_catalogue")),
    path("registrations/", include("yakuba.facilities.web.staff.urls_registration")),
    path("bookings/", include("yakuba.facilities.web.staff.urls_booking")),
    path("lottery/", include("yakuba.facilities.web.staff.urls_lottery")),
    path("courses/", include("yakuba.facilities.web.staff.urls_courses")),
    path("", include("yakuba.facilities.web.staff.urls_operations")),
]
