from django.urls import path

from .web import citizen

app_name = "alerts"

urlpatterns = [
    path("manage/<str:token>/", citizen.manage, name="manage"),
    path("unsubscribe/<str:token>/", citizen.unsubscribe, name="unsubscribe"),
]
