"""Racing requests with one request id (a double tap reaching two workers, a retry while the
first request still runs): one issuance, one fee, one set of access records, one event.
PostgreSQL only (real concurrent transactions; the access records need TRUNCATE flushes)."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.db import connection

from yakuba.audit.models import AccessRecord
from yakuba.certificates.content.testing import at, build_register
from yakuba.certificates.events import certificate_issued
from yakuba.certificates.models import Issuance
from yakuba.certificates.services.issuance import issue_certificate
from yakuba.certificates.tests.factories import KioskFactory
from yakuba.core.testing import demo_municipality

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

WORKERS = 4


def test_racing_requests_with_one_request_id_issue_once(monkeypatch):
    from yakuba.certificates.services import issuance as service

    rendered: list[int] = []
    real_render = service._render_and_sign

    def counting_render(document, stamp):
        rendered.append(1)
        return real_render(document, stamp)

    monkeypatch.setattr(service, "_render_and_sign", counting_render)
    with demo_municipality():
        register = build_register()
        kiosk = KioskFactory(code="K0001")
        request_id = uuid.uuid4()
        barrier = threading.Barrier(WORKERS)
        results: list[int] = []
        errors: list[BaseException] = []
        sent: list[int] = []

        def listener(sender, signal, issuance_id, **payload):
            sent.append(issuance_id)

        def worker() -> None:
            try:
                barrier.wait()
                issuance = issue_certificate(
                    kiosk=kiosk,
                    person_id=register.head_id,
                    card_certificate_serial="0a1b2c3d",
                    kind="residence",
                    options={"scope": "household"},
                    copies=2,
                    request_id=request_id,
                    now=at(datetime.date(2026, 12, 1), 12),
                )
                results.append(issuance.pk)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        certificate_issued.connect(listener)
        try:
            threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        finally:
            certificate_issued.disconnect(listener)
        assert errors == []
        # The workers passed the "already issued?" check together (each rendered a PDF):
        # the unique request id decided at the insert.
        assert len(rendered) >= 2
        issuance = Issuance.objects.get()
        assert results == [issuance.pk] * WORKERS
        assert issuance.total_fee == 400
        assert sent == [issuance.pk]
        printed = AccessRecord.objects.filter(purpose="certificate_issuance")
        assert printed.count() == 3  # 世帯全員: head, wife, child — once each
        assert sorted(int(pk) for pk in printed.values_list("subject_id", flat=True)) == sorted(
            [register.head_id, register.wife_id, register.child_id]
        )
