"""Citizen URLs of the waitlist, iCalendar and reminder part (mounted under /facilities/)."""

from django.urls import path

from . import calendar_feeds, waitlist

urlpatterns = [
    path("waitlist/", waitlist.waitlist_list, name="waitlist_list"),
    path("waitlist/join/", waitlist.waitlist_join, name="waitlist_join"),
    path("waitlist/<int:pk>/offer/", waitlist.waitlist_offer, name="waitlist_offer"),
    path("waitlist/<int:pk>/withdraw/", waitlist.waitlist_withdraw, name="waitlist_withdraw"),
    path("calendar/", calendar_feeds.calendar_page, name="calendar_page"),
    path("calendar/u/<str:token>.ics", calendar_feeds.calendar_user, name="calendar_user"),
    path("calendar/f/<slug:code>.ics", calendar_feeds.calendar_facility, name="calendar_facility"),
]
