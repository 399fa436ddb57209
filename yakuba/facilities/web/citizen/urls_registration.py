"""Citizen URLs of the registration part (mounted under /facilities/register/)."""

from django.urls import path

from . import registration as views

urlpatterns = [
    path("", views.registration_apply, name="registration_apply"),
    path("status/", views.registration_status, name="registration_status"),
    path("renew/", views.registration_renew, name="registration_renew"),
    path("withdraw/", views.registration_withdraw, name="registration_withdraw"),
    path("groups/new/", views.group_apply, name="group_apply"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/members/", views.group_members_edit, name="group_members_edit"),
    path("groups/<int:pk>/renew/", views.group_renew, name="group_renew"),
    path("groups/<int:pk>/withdraw/", views.group_withdraw, name="group_withdraw"),
]
