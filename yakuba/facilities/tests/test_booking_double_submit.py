"""A double click: two submits of the same confirmation at the same moment, on separate
connections, make one booking; both answers lead to it."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yakuba.core.testing import demo_municipality
from yakuba.facilities.models import Booking
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_submits_make_one_booking():
    with demo_municipality():
        facility = make_facility()
        publish_schedule()
        room = facility.rooms.get()
        user = CitizenFactory()
        approved_registration(user)
        signed_in = login_citizen(Client(), user)
        cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        day = timezone.localdate() + datetime.timedelta(days=10)
        url = reverse("portal:facilities:booking_confirm", args=[room.pk, day.isoformat()])
        form = {"frames": ["am", "pm"], "purpose": "会議", "attendees": "5", "token": "same"}
        start = threading.Barrier(2)
        answers: list = []

        def submit() -> None:
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = cookie
            start.wait()
            try:
                answers.append(client.post(url, {**form, "action": "reserve"}))
            finally:
                connection.close()

        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        booking = Booking.objects.get()
        assert [answer.status_code for answer in answers] == [302, 302]
        assert {answer.url for answer in answers} == {
            reverse("portal:facilities:booking_detail", args=[booking.pk])
        }
