"""Citizen pages, mounted at /card/ inside the "portal" namespace."""

from django.urls import path

from .views import citizen

urlpatterns = [
    path("login/", citizen.card_login, name="card_login"),
    path("link/", citizen.card_link, name="card_link"),
    path("crl.der", citizen.card_crl, name="card_crl"),
]
