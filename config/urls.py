"""URL tree: the citizen site at / and the staff console at /staff/.

``YAKUBA_SITE_TIER`` decides which trees this process serves, so the staff
console can run as a separate deployment on the closed administrative network
(三層分離) while the citizen site runs on the internet-facing one.
"""

from django.conf import settings
from django.urls import include, path

from yakuba.core.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("ping", health.ping, name="ping"),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.YAKUBA_SITE_TIER in ("staff", "both"):
    urlpatterns += [path("staff/", include("yakuba.console.urls"))]
if settings.YAKUBA_SITE_TIER in ("citizen", "both"):
    urlpatterns += [path("", include("yakuba.portal.urls"))]

handler400 = "yakuba.core.views.errors.bad_request"
handler403 = "yakuba.core.views.errors.permission_denied"
handler404 = "yakuba.core.views.errors.page_not_found"
handler500 = "yakuba.core.views.errors.server_error"
