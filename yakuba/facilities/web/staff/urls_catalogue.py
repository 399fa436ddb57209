"""Staff URLs of the catalogue part (mounted under /staff/facilities/setup/)."""

from django.urls import path
from django.views.generic import RedirectView

from . import setup, setup_fees

# Facilities and fee schedules under separate prefixes, so that the staff menu marks only
# the right entry as the current page.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="console:facilities:setup_facility_list")),
    path("facilities/", setup.facility_list, name="setup_facility_list"),
    path("facilities/new/", setup.facility_new, name="setup_facility_new"),
    path("facilities/<int:facility_id>/", setup.facility_detail, name="setup_facility_detail"),
    path("facilities/<int:facility_id>/edit/", setup.facility_edit, name="setup_facility_edit"),
    path("facilities/<int:facility_id>/rooms/new/", setup.room_new, name="setup_room_new"),
    path("facilities/<int:facility_id>/rooms/<int:pk>/", setup.room_edit, name="setup_room_edit"),
    path("facilities/<int:facility_id>/frames/new/", setup.frame_new, name="setup_frame_new"),
    path(
        "facilities/<int:facility_id>/frames/<int:pk>/", setup.frame_edit, name="setup_frame_edit"
    ),
    path(
        "facilities/<int:facility_id>/equipment/new/",
        setup.equipment_new,
        name="setup_equipment_new",
    ),
    path(
        "facilities/<int:facility_id>/equipment/<int:pk>/",
        setup.equipment_edit,
        name="setup_equipment_edit",
    ),
    path("facilities/<int:facility_id>/closures/new/", setup.closure_new, name="setup_closure_new"),
    path(
        "facilities/<int:facility_id>/closures/<int:pk>/",
        setup.closure_detail,
        name="setup_closure_detail",
    ),
    path("fees/", setup_fees.schedule_list, name="setup_schedule_list"),
    path("fees/new/", setup_fees.schedule_new, name="setup_schedule_new"),
    path("fees/<int:pk>/", setup_fees.schedule_detail, name="setup_schedule_detail"),
    path("fees/<int:pk>/edit/", setup_fees.schedule_edit, name="setup_schedule_edit"),
    path(
        "fees/<int:pk>/facilities/<int:facility_id>/",
        setup_fees.schedule_rates,
        name="setup_schedule_rates",
    ),
    path("fees/<int:pk>/reductions/new/", setup_fees.reduction_new, name="setup_reduction_new"),
    path(
        "fees/<int:pk>/reductions/<int:reduction_id>/",
        setup_fees.reduction_edit,
        name="setup_reduction_edit",
    ),
    path("fees/<int:pk>/publish/", setup_fees.schedule_publish, name="setup_schedule_publish"),
    path("fees/<int:pk>/delete/", setup_fees.schedule_delete, name="setup_schedule_delete"),
]
