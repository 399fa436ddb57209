"""Two devices opening one enrolment link at once: exactly one becomes the kiosk."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from yakuba.certificates.models import Kiosk
from yakuba.certificates.services import kiosks as services
from yakuba.certificates.services.kiosks import EnrolmentError
from yakuba.certificates.tests.factories import KioskFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

DEVICES = 6


def test_one_token_enrols_exactly_one_of_several_racing_devices():
    kiosk = KioskFactory(code="K0001")
    token = services.issue_enrolment_token(None, kiosk.pk)
    barrier = threading.Barrier(DEVICES)
    won: list[int] = []
    refused: list[str] = []

    def device() -> None:
        try:
            barrier.wait()
            won.append(services.enrol_device(token)[1])
        except EnrolmentError as error:
            refused.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=device) for _ in range(DEVICES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert won == [1]
    assert refused == ["enrolment_invalid"] * (DEVICES - 1)
    assert Kiosk.objects.get(pk=kiosk.pk).device_generation == 1
