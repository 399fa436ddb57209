from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("mypage/", views.mypage, name="mypage"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/files/", views.privacy_files, name="privacy_files"),
    path("account/", include("yakuba.identity.urls_citizen")),
    path("mypage/access-record/", include("yakuba.audit.urls_citizen")),
    path("card/", include("yakuba.jpki.urls_citizen")),
    path("alerts/", include("yakuba.alerts.urls_citizen")),
    path("alerts/", include("yakuba.alerts.urls_feeds")),
    path("alerts/", include("yakuba.alerts.urls_push")),
    path("facilities/", include("yakuba.facilities.urls_citizen")),
    path("apply/", include("yakuba.applications.urls_citizen")),
    path("certificates/", include("yakuba.certificates.urls_citizen")),
    path("kiosk/", include("yakuba.certificates.urls_kiosk")),
    path("opendata/", include("yakuba.opendata.urls_citizen")),
    path("opendata/", include("yakuba.opendata.urls_dcat")),
    path("api/", include("yakuba.opendata.urls_api")),
]
