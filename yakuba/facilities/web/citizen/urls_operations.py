"""Citizen URLs of the operations part (mounted under /facilities/)."""

urlpatterns: list = []
