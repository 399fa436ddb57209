"""Citizen URLs of the lottery part (mounted at /facilities/lottery/, ``portal:facilities``)."""

from django.urls import path

from . import lottery, lottery_results

urlpatterns = [
    path("", lottery.lottery_rounds, name="lottery_rounds"),
    path("<int:round_id>/apply/", lottery.lottery_apply, name="lottery_apply"),
    path("mine/", lottery.lottery_my_entries, name="lottery_my_entries"),
    path("mine/<str:receipt_number>/edit/", lottery.lottery_entry_edit, name="lottery_entry_edit"),
    path(
        "mine/<str:receipt_number>/withdraw/",
        lottery.lottery_entry_withdraw,
        name="lottery_entry_withdraw",
    ),
    path("results/<int:round_id>/", lottery_results.lottery_result, name="lottery_result"),
    path(
        "results/<int:round_id>.json",
        lottery_results.lottery_result_json,
        name="lottery_result_json",
    ),
]
