# ruff: noqa: F811  (fixtures imported from test_registration_support)
"""利用者番号 under concurrency: approvals at the same moment never share a number."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from yakuba.facilities.models import RegistrationState, UserRegistration
from yakuba.facilities.services.registration import apply_for_registration, approve_registration

from .test_registration_support import APPLICATION, bunka, facility_approver  # noqa: F401

APPROVALS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_get_distinct_sequential_numbers(facility_approver):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs concurrent transactions")
    from yakuba.identity.tests.factories import CitizenFactory

    registrations = [
        apply_for_registration(CitizenFactory(), APPLICATION) for _index in range(APPROVALS)
    ]
    barrier = threading.Barrier(APPROVALS)
    errors: list[BaseException] = []

    def approve(registration: UserRegistration) -> None:
        try:
            barrier.wait(timeout=30)
            approve_registration(facility_approver, registration)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(row,)) for row in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(
        UserRegistration.objects.filter(state=RegistrationState.APPROVED).values_list(
            "number", flat=True
        )
    )
    assert numbers == [f"U{n:07d}" for n in range(1, APPROVALS + 1)]
