"""Staff pages of the alerts module, mounted at /staff/alerts/ (namespace ``console:alerts``)."""

from django.urls import path

from .web.staff import composing, dashboard, listing, preview, review, settings

app_name = "alerts"

urlpatterns = [
    path("", listing.alert_list, name="list"),
    path("new/", composing.alert_new, name="new"),
    path("<int:pk>/", dashboard.alert_detail, name="detail"),
    path("<int:pk>/progress.json", dashboard.alert_progress_json, name="progress_json"),
    path("<int:pk>/retry/", dashboard.alert_retry, name="retry"),
    path("<int:pk>/edit/", composing.alert_edit, name="edit"),
    path("<int:pk>/update/", composing.alert_update, name="update"),
    path("<int:pk>/cancel/", composing.alert_cancel, name="cancel"),
    path("<int:pk>/submit/", review.alert_submit, name="submit"),
    path("<int:pk>/review/", review.alert_review, name="review"),
    path("<int:pk>/withdraw/", review.alert_withdraw, name="withdraw"),
    path("<int:pk>/preview/", preview.alert_preview, name="preview"),
    path("<int:pk>/preview/email.html", preview.alert_preview_email, name="preview_email"),
    path("settings/", settings.settings_home, name="settings"),
    path("settings/templates/new/", settings.template_new, name="template_new"),
    path("settings/templates/<int:pk>/", settings.template_edit, name="template_edit"),
]
