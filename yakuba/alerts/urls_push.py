from django.urls import path  # noqa: F401

app_name = "alert_push"

urlpatterns: list = []
