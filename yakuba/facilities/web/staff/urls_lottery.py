"""Staff URLs of the lottery part (mounted at /staff/facilities/lottery/, ``console:facilities``)."""

from django.urls import path

from . import lottery

urlpatterns = [
    path("", lottery.lottery_round_list, name="lottery_round_list"),
    path("<int:round_id>/", lottery.lottery_round_detail, name="lottery_round_detail"),
    path("<int:round_id>/draw/", lottery.lottery_draw, name="lottery_draw"),
    path("<int:round_id>/edit/", lottery.lottery_round_edit, name="lottery_round_edit"),
    path("<int:round_id>/counter/", lottery.lottery_counter_entry, name="lottery_counter_entry"),
]
