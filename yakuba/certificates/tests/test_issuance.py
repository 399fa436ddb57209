"""issue_certificate: idempotency (one row, one charge per request id), audit records per
person printed, refusals and malformed requests (nothing saved), print and reprint rules,
the purge of stored PDFs."""

from __future__ import annotations

import datetime
import hashlib
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.certificates.content import Refused
from yakuba.certificates.content.testing import at, build_register
from yakuba.certificates.events import certificate_issued
from yakuba.certificates.models import Issuance
from yakuba.certificates.services import issuance as service
from yakuba.certificates.services import kiosks as kiosk_services
from yakuba.certificates.services.issuance import IssuanceError, ServiceClosed
from yakuba.certificates.tests.factories import KioskFactory
from yakuba.core.testing import demo_municipality

pytestmark = pytest.mark.django_db

NOON = at(datetime.date(2026, 12, 1), 12)
LABEL = "コンビニ交付（K0001 セブン-イレブン武蔵村山中央店）"


@pytest.fixture
def register():
    with demo_municipality(mayor_name="山田 太郎"):
        yield build_register()


@pytest.fixture
def kiosk(db):
    return KioskFactory(code="K0001", name="セブン-イレブン武蔵村山中央店")


def issue(kiosk, person_id, /, **overrides):
    arguments = {
        "kiosk": kiosk,
        "person_id": person_id,
        "card_certificate_serial": "0a1b2c3d",
        "kind": "residence",
        "options": {},
        "copies": 1,
        "request_id": uuid.uuid4(),
        "now": NOON,
    }
    arguments.update(overrides)
    return service.issue_certificate(**arguments)


def print_records():
    return AccessRecord.objects.filter(purpose="certificate_issuance")


# ------------------------------------------------------------------ issuing


def test_issues_a_signed_certificate_with_fee_serial_and_verify_link(register, kiosk):
    issuance = issue(kiosk, register.head_id, copies=2, language="en")
    issuance.refresh_from_db()
    assert (issuance.unit_fee, issuance.total_fee, issuance.copies) == (200, 400, 2)
    assert len(issuance.serial) == 16 and set(issuance.serial) <= set(service.SERIAL_ALPHABET)
    document = bytes(issuance.document)
    assert document.startswith(b"%PDF")
    assert issuance.document_hash == hashlib.sha256(document).hexdigest()
    assert issuance.page_count == 2  # one page set per copy
    assert issuance.printed_person_ids == [register.head_id]
    assert issuance.options["scope"] == "self"
    assert (issuance.kiosk_id, issuance.issued_at, issuance.language) == (kiosk.pk, NOON, "en")
    assert issuance.printed_at is None and issuance.print_attempts == 0
    from yakuba.certificates.signing import verify_certificate_pdf

    assert verify_certificate_pdf(document).valid
    assert issuance.serial.encode() in document  # in the PDF's metadata


def test_verify_url_names_the_serial_and_the_start_of_the_content_hash(settings):
    settings.YAKUBA_SITE_URL = "https://www.city.example.lg.jp"
    assert service.verify_url("7K3M9QX2B4T8ZP0R", "ab" * 32) == (
        "https://www.city.example.lg.jp/certificates/verify/7K3M9QX2B4T8ZP0R/?h=abababababababab"
    )


def test_mayor_line_is_the_title_and_the_name(register):
    assert service.mayor_line() == "武蔵村山市長　山田 太郎"


def test_the_same_request_id_twice_gives_one_row_one_charge_one_audit_set(
    register, kiosk, django_capture_on_commit_callbacks
):
    request_id = uuid.uuid4()
    sent = []

    def listener(sender, signal, **payload):
        sent.append(payload)

    certificate_issued.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = issue(kiosk, register.head_id, request_id=request_id)
        with django_capture_on_commit_callbacks(execute=True):
            again = issue(kiosk, register.head_id, request_id=str(request_id), copies=3)
    finally:
        certificate_issued.disconnect(listener)
    assert again.pk == first.pk and again.serial == first.serial
    assert Issuance.objects.count() == 1
    assert Issuance.objects.get().total_fee == 200  # the repeat asked 3 copies: not charged
    assert print_records().count() == 1
    assert sent == [
        {
            "issuance_id": first.pk,
            "person_id": register.head_id,
            "kind": "residence",
            "kiosk_code": "K0001",
        }
    ]


def test_a_retry_of_a_paid_request_is_answered_even_after_hours(register, kiosk):
    request_id = uuid.uuid4()
    first = issue(kiosk, register.head_id, request_id=request_id)
    late = at(datetime.date(2026, 12, 1), 23) + datetime.timedelta(minutes=5)
    assert issue(kiosk, register.head_id, request_id=request_id, now=late).pk == first.pk


@pytest.mark.parametrize("change", ["kiosk", "person", "kind"])
def test_a_request_id_reused_for_another_request_is_refused(register, kiosk, change):
    request_id = uuid.uuid4()
    issue(kiosk, register.head_id, request_id=request_id)
    other = {
        "kiosk": {"kiosk": KioskFactory(code="K0002")},
        "person": {"person_id": register.wife_id},
        "kind": {"kind": "residence_items"},
    }[change]
    with pytest.raises(IssuanceError) as caught:
        issue(kiosk, register.head_id, request_id=request_id, **other)
    assert caught.value.code == "request_mismatch"
    assert "別の請求" in str(caught.value.message)
    assert Issuance.objects.count() == 1


def test_one_access_record_per_person_printed_on_a_household_copy(register, kiosk):
    before = AccessRecord.objects.count()
    issuance = issue(kiosk, register.wife_id, options={"scope": "household"})
    assert sorted(issuance.printed_person_ids) == sorted(
        [register.head_id, register.wife_id, register.child_id]
    )
    records = list(print_records().order_by("sequence"))
    assert AccessRecord.objects.count() == before + 3
    assert sorted(int(record.subject_id) for record in records) == sorted(
        issuance.printed_person_ids
    )
    for record in records:
        assert record.subject_kind == "residents.person"
        assert record.actor_id is None
        assert record.actor_display == LABEL
        assert record.action == "print"
        assert record.record_kind == "certificates.issuance.residence"
        assert record.purpose_label == "証明書の交付（本人の請求による）"
        assert "family_name" in record.fields or "name" in " ".join(record.fields)


def test_a_refusal_passes_through_and_nothing_is_saved_or_recorded(register, kiosk):
    before = AccessRecord.objects.count()
    with pytest.raises(Refused) as caught:
        issue(kiosk, register.leaver_id)  # moved out in 2023: a 除票
    assert caught.value.code == "removed"
    assert Issuance.objects.count() == 0
    assert AccessRecord.objects.count() == before


def test_a_seal_certificate_without_a_registration_is_refused_with_its_own_message(register, kiosk):
    with pytest.raises(Refused) as caught:
        issue(kiosk, register.head_id, kind="seal")
    assert caught.value.code == "no_seal"
    assert Issuance.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "passport"}, "kind"),
        ({"copies": 0}, "copies"),
        ({"copies": 11}, "copies"),
        ({"copies": "two"}, "copies"),
        ({"copies": True}, "copies"),
        ({"request_id": "not-a-uuid"}, "request_id"),
        ({"request_id": None}, "request_id"),
        ({"card_certificate_serial": ""}, "card_certificate_serial"),
        ({"card_certificate_serial": "<script>"}, "card_certificate_serial"),
        ({"language": "fr"}, "language"),
        ({"person_id": "1"}, "person_id"),
        ({"options": {"scope": "everyone"}}, "scope"),
    ],
)
def test_a_malformed_request_gets_a_clear_error_and_nothing_is_saved(
    register, kiosk, overrides, field
):
    before = AccessRecord.objects.count()
    with pytest.raises(ValidationError) as caught:
        issue(kiosk, register.head_id, **overrides)
    assert field in caught.value.message_dict
    assert all(caught.value.message_dict[field])
    assert Issuance.objects.count() == 0
    assert AccessRecord.objects.count() == before


def test_outside_the_service_hours_nothing_is_issued(register, kiosk):
    early = at(datetime.date(2026, 12, 1), 6) + datetime.timedelta(minutes=29)
    with pytest.raises(ServiceClosed) as caught:
        issue(kiosk, register.head_id, now=early)
    assert caught.value.code == "hours"
    assert caught.value.status.reopens_at == early + datetime.timedelta(minutes=1)
    assert "06:30" in str(caught.value.message)
    assert Issuance.objects.count() == 0


def test_in_a_maintenance_window_nothing_is_issued(register, kiosk):
    day = timezone.localdate() + datetime.timedelta(days=2)
    kiosk_services.add_maintenance_window(
        None, starts_at=at(day, 11), ends_at=at(day, 13), reason="システムの保守点検"
    )
    with pytest.raises(ServiceClosed) as caught:
        issue(kiosk, register.head_id, now=at(day, 12))
    assert caught.value.code == "maintenance"
    assert caught.value.status.reopens_at == at(day, 13)
    assert "システムの保守点検" in str(caught.value.message)
    assert Issuance.objects.count() == 0


def test_a_stopped_kiosk_issues_nothing(register, kiosk):
    kiosk_services.deactivate_kiosk(None, kiosk.pk)
    kiosk.refresh_from_db()
    with pytest.raises(IssuanceError) as caught:
        issue(kiosk, register.head_id)
    assert caught.value.code == "kiosk_inactive"
    assert Issuance.objects.count() == 0


# ------------------------------------------------------------------ printing


def test_print_attempts_are_counted_and_the_first_success_is_kept(register, kiosk):
    issuance = issue(kiosk, register.head_id)
    failed = service.record_print(issuance.pk, kiosk=kiosk, succeeded=False)
    assert (failed.print_attempts, failed.printed_at) == (1, None)
    printed = service.record_print(issuance.pk, kiosk=kiosk, succeeded=True)
    assert printed.print_attempts == 2 and printed.printed_at is not None
    again = service.record_print(issuance.pk, kiosk=kiosk, succeeded=True)
    assert again.print_attempts == 3 and again.printed_at == printed.printed_at
    assert again.total_fee == 200 and Issuance.objects.count() == 1


def test_only_the_issuing_kiosk_records_prints_or_gets_the_document(register, kiosk):
    issuance = issue(kiosk, register.head_id)
    other = KioskFactory(code="K0002")
    with pytest.raises(IssuanceError) as caught:
        service.record_print(issuance.pk, kiosk=other, succeeded=True)
    assert caught.value.code == "not_found"
    with pytest.raises(IssuanceError) as caught:
        service.document_for_print(issuance.pk, kiosk=other, now=NOON)
    assert caught.value.code == "not_found"
    assert Issuance.objects.get().print_attempts == 0


def test_the_document_can_be_reprinted_within_the_window_only(register, kiosk, settings):
    settings.YAKUBA_CERTIFICATE_REPRINT_MINUTES = 30
    issuance = issue(kiosk, register.head_id)
    minutes = datetime.timedelta(minutes=1)
    document = service.document_for_print(issuance.pk, kiosk=kiosk, now=NOON + 29 * minutes)
    assert hashlib.sha256(document).hexdigest() == issuance.document_hash
    with pytest.raises(IssuanceError) as caught:
        service.document_for_print(issuance.pk, kiosk=kiosk, now=NOON + 30 * minutes)
    assert caught.value.code == "reprint_expired"
    assert "再印刷できる時間を過ぎました" in str(caught.value.message)


def test_purge_empties_old_documents_once_and_keeps_recent_ones(register, kiosk, settings):
    settings.YAKUBA_CERTIFICATE_REPRINT_MINUTES = 30
    old = issue(kiosk, register.head_id)
    recent = issue(kiosk, register.head_id, now=NOON + datetime.timedelta(minutes=20))
    later = NOON + datetime.timedelta(minutes=31)
    assert service.purge_documents(now=later) == 1
    assert service.purge_documents(now=later) == 0  # idempotent
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.document is None and old.document_hash and old.serial
    assert recent.document is not None
    with pytest.raises(IssuanceError) as caught:
        service.document_for_print(old.pk, kiosk=kiosk, now=NOON + datetime.timedelta(minutes=5))
    assert caught.value.code == "purged"


def test_the_purge_command_reports_what_it_emptied(register, kiosk, capsys):
    issue(kiosk, register.head_id)  # at NOON 2026-12-01: long before the real now
    call_command("certificates_purge")
    assert "certificate PDFs emptied: 1" in capsys.readouterr().out
    call_command("certificates_purge")
    assert "certificate PDFs emptied: 0" in capsys.readouterr().out
    assert Issuance.objects.get().document is None
