from django.urls import path  # noqa: F401

app_name = "alert_feeds"

urlpatterns: list = []
