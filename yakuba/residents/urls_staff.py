"""Staff pages, mounted at /staff/residents/ inside the "console" namespace."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.resident_search, name="resident_search"),
    path("move-in/", views.move_in, name="residents_move_in"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/move-within/", views.move_within, name="residents_move_within"),
    path("<int:pk>/move-out/", views.move_out, name="residents_move_out"),
    path("<int:pk>/birth/", views.birth, name="residents_birth"),
    path("<int:pk>/death/", views.death, name="residents_death"),
    path("<int:pk>/household-change/", views.household_change, name="residents_household_change"),
    path("<int:pk>/name-change/", views.name_change, name="residents_name_change"),
    path("<int:pk>/correction/", views.correction, name="residents_correction"),
    path(
        "<int:pk>/address-correction/",
        views.address_correction,
        name="residents_address_correction",
    ),
    path("", include("yakuba.residents.transfer.urls")),
]
