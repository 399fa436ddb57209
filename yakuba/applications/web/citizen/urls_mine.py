"""URLs of the マイページ part, mounted at /apply/mine/ (namespace ``portal:applications``)."""

from django.urls import path

from . import mine, mine_correct, mine_sign

urlpatterns = [
    path("", mine.mine_list, name="mine_list"),
    path("sign/<str:draft_key>/", mine_sign.mine_sign, name="mine_sign"),
    path("<str:reference>/", mine.mine_detail, name="mine_detail"),
    path(
        "<str:reference>/correct/<slug:page_key>/",
        mine_correct.mine_correct,
        name="mine_correct",
    ),
    path("<str:reference>/resubmit/", mine_correct.mine_resubmit, name="mine_resubmit"),
    path("<str:reference>/withdraw/", mine_correct.mine_withdraw, name="mine_withdraw"),
]
