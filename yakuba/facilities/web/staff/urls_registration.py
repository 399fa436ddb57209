"""Staff URLs of the registration part (mounted under /staff/facilities/registrations/)."""

from django.urls import path

from . import registration as views
from . import registration_groups as group_views

urlpatterns = [
    path("", views.registration_queue, name="registration_queue"),
    path("search/", views.registration_search, name="registration_search"),
    path("counter/", views.registration_counter, name="registration_counter"),
    path("users/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("users/<int:pk>/approve/", views.registration_approve, name="registration_approve"),
    path("users/<int:pk>/reject/", views.registration_reject, name="registration_reject"),
    path("users/<int:pk>/renew/", views.registration_renew_staff, name="registration_renew_staff"),
    path(
        "users/<int:pk>/withdraw/",
        views.registration_withdraw_staff,
        name="registration_withdraw_staff",
    ),
    path("groups/<int:pk>/", group_views.group_detail_staff, name="group_detail_staff"),
    path("groups/<int:pk>/approve/", group_views.group_approve, name="group_approve"),
    path("groups/<int:pk>/reject/", group_views.group_reject, name="group_reject"),
    path("groups/<int:pk>/renew/", group_views.group_renew_staff, name="group_renew_staff"),
]
