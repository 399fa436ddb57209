"""The kiosk app (コンビニ交付 on a copier's screen), mounted at /kiosk/ (``portal:kiosk``).

One URL per step, POST-redirect-GET: start → card → pin → kind → options → copies →
confirm → print → done.
"""

from django.urls import path

from . import views_card, views_choose, views_issue, views_start

urlpatterns = [
    path("", views_start.start, name="start"),
    path("reset/", views_start.reset, name="reset"),
    path("timeout/", views_start.timeout, name="timeout"),
    path("enrol/<str:token>/", views_start.enrol, name="enrol"),
    path("demo/<str:code>/", views_start.demo_enrol, name="demo_enrol"),
    path("card/", views_card.card, name="card"),
    path("pin/", views_card.pin, name="pin"),
    path("kind/", views_choose.kind, name="kind"),
    path("options/", views_choose.options, name="options"),
    path("copies/", views_choose.copies, name="copies"),
    path("confirm/", views_issue.confirm, name="confirm"),
    path("print/", views_issue.print_, name="print"),
    path("print/<int:issuance_id>/document.pdf", views_issue.document, name="document"),
    path("done/", views_issue.done, name="done"),
]
