"""Staff pages, mounted at /staff/residents/ inside the "console" namespace."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.resident_search, name="resident_search"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("", include("yakuba.residents.transfer.urls")),
]
