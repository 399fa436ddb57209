"""Staff pages, mounted at /staff/cards/ inside the "console" namespace."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.card_list, name="card_list"),
    path("person/<int:person_id>/", staff.card_person, name="card_person"),
    path("person/<int:person_id>/issue/", staff.card_issue, name="card_issue"),
    path("<int:card_id>/revoke/", staff.card_revoke, name="card_revoke"),
    path("certificate/<int:certificate_id>/pin/", staff.card_pin_reset, name="card_pin_reset"),
]
