"""Staff pages, mounted at /staff/alerts/national/ (namespace ``console:alerts_ingest``)."""

from django.urls import path

from . import views

app_name = "alerts_ingest"

urlpatterns = [
    path("", views.message_list, name="messages"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("cap/", views.cap_upload, name="cap_upload"),
]
