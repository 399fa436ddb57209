"""Web Push and LINE, mounted at /alerts/ under the portal (namespace ``portal:alert_push``)."""

from django.urls import path

from .web import push

app_name = "alert_push"

urlpatterns = [
    path("sw.js", push.service_worker, name="service_worker"),
    path("push/", push.push_page, name="page"),
    path("push/key.json", push.public_key, name="public_key"),
    path("push/subscribe/", push.subscribe, name="subscribe"),
    path("push/unsubscribe/", push.unsubscribe, name="unsubscribe"),
    path("line/webhook", push.line_webhook, name="line_webhook"),
]
