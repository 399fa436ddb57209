"""Staff pages, mounted at /staff/mynumber/ inside the "console" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("lookup/", views.mynumber_lookup, name="mynumber_lookup"),
    path("<int:person_id>/", views.mynumber_detail, name="mynumber_detail"),
    path("<int:person_id>/reveal/", views.mynumber_reveal, name="mynumber_reveal"),
    path("<int:person_id>/register/", views.mynumber_register, name="mynumber_register"),
]
