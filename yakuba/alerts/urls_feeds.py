"""Public alert outputs, mounted at ``/alerts/`` under the portal (namespace ``portal:alert_feeds``)."""

from django.urls import path

from .web import feeds, public

app_name = "alert_feeds"

urlpatterns = [
    path("", public.alert_list, name="list"),
    path("<int:pk>/", public.alert_detail, name="alert"),
    path("<int:pk>.cap", feeds.cap_document, name="cap"),
    path("cap.atom", feeds.cap_feed, name="cap_feed"),
    path("feed.atom", feeds.atom_feed, name="feed"),
    path("api/alerts.json", feeds.api_alerts, name="api_alerts"),
    path("api/alerts/<int:pk>.json", feeds.api_alert, name="api_alert"),
]
