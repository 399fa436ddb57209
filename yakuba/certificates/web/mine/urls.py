"""マイページ 「コンビニ交付の履歴」 at /certificates/mine/ (namespace ``portal:certificates``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="mine"),
]
