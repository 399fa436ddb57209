"""Citizen pages, mounted at /card/ inside the "portal" namespace."""

urlpatterns: list = []
