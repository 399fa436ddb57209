import threading

import pytest
from django.db import connection, connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yakuba.audit.models import GENESIS_HASH, AccessRecord, ChainHead
from yakuba.audit.services import (
    Subject,
    UnknownPurposeError,
    subjects_for,
    verify_chain,
)
from yakuba.core.logging import request_id_var
from yakuba.identity.models import User
from yakuba.identity.services import rename_org_unit

from .helpers import record


@pytest.mark.django_db
def test_writes_a_complete_row_with_department_snapshot(clerk_a):
    request = RequestFactory().get("/staff/x", REMOTE_ADDR="192.0.2.7")
    request.request_id = "abcdef1234567890"

    written = record(clerk_a, request=request, fields=["display_name", "email"], action="update")

    stored = AccessRecord.objects.get(pk=written.pk)
    assert stored.sequence == 1
    assert stored.actor == clerk_a
    assert stored.actor_display == str(clerk_a)
    assert stored.org_unit_code == "shimin"
    assert stored.org_unit_name == "市民課"
    assert stored.org_unit_name_en == "Citizens Division"
    assert (stored.subject_kind, stored.subject_id) == ("identity.citizen", "42")
    assert stored.record_kind == "identity.citizen"
    assert stored.fields == ["display_name", "email"]
    assert stored.action == "update"
    assert stored.purpose == "audit_review"
    assert stored.purpose_label == "アクセス記録の監査"
    assert stored.request_id == "abcdef1234567890"
    assert stored.ip_address == "192.0.2.7"
    assert stored.created == stored.occurred_at
    assert stored.previous_hash == GENESIS_HASH
    assert stored.record_hash == stored.compute_hash() == written.record_hash


@pytest.mark.django_db
def test_keeps_the_department_of_the_time_after_a_rename(clerk_a, unit_a):
    before = record(clerk_a)
    rename_org_unit(
        unit_a,
        new_name="市民窓口課",
        new_name_en="Citizen Services Division",
        effective=timezone.localdate(),
    )

    after = record(User.objects.get(pk=clerk_a.pk))

    assert AccessRecord.objects.get(pk=before.pk).org_unit_name == "市民課"
    assert AccessRecord.objects.get(pk=after.pk).org_unit_name == "市民窓口課"
    assert AccessRecord.objects.get(pk=after.pk).org_unit_name_en == "Citizen Services Division"
    assert verify_chain().ok


@pytest.mark.django_db
def test_rejects_an_undeclared_purpose(clerk_a):
    with pytest.raises(UnknownPurposeError):
        record(clerk_a, purpose="curiosity")
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_rejects_an_unknown_action(clerk_a):
    with pytest.raises(ValueError, match="unknown action"):
        record(clerk_a, action="peek")
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_links_each_record_to_the_previous_one(clerk_a):
    first, second, third = record(clerk_a), record(clerk_a), record(clerk_a)

    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert (second.previous_hash, third.previous_hash) == (first.record_hash, second.record_hash)
    head = ChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (3, third.record_hash)
    assert verify_chain().ok


@pytest.mark.django_db
def test_rolls_back_with_the_callers_transaction(clerk_a):
    record(clerk_a)

    with pytest.raises(RuntimeError), transaction.atomic():
        record(clerk_a)
        raise RuntimeError("the change failed")

    assert list(AccessRecord.objects.values_list("sequence", flat=True)) == [1]
    assert ChainHead.objects.get().last_sequence == 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_costs_one_locked_select_one_insert_one_update_inside_a_transaction(clerk_a):
    record(clerk_a)  # the chain head exists and the actor's unit is known

    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        record(clerk_a)

    statements = [query["sql"] for query in captured.captured_queries]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "INSERT", "UPDATE"]
    assert statements[0].rstrip().endswith("FOR UPDATE") or connection.vendor == "sqlite"


@pytest.mark.django_db
def test_normalises_an_ipv6_address_so_the_stored_row_still_verifies(clerk_a):
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8:0:0::1")

    written = record(clerk_a, request=request)

    stored = AccessRecord.objects.get(pk=written.pk)
    assert stored.ip_address == "2001:db8::1"
    assert stored.compute_hash() == stored.record_hash
    assert verify_chain().ok


@pytest.mark.django_db
def test_stores_no_address_when_remote_addr_is_not_an_address(clerk_a):
    request = RequestFactory().get("/", REMOTE_ADDR="unknown")

    assert record(clerk_a, request=request).ip_address is None


@pytest.mark.django_db
def test_takes_the_request_id_of_the_log_context_without_a_request(clerk_a):
    token = request_id_var.set("task-0123456789")
    try:
        written = record(clerk_a)
    finally:
        request_id_var.reset(token)

    assert written.request_id == "task-0123456789"


@pytest.mark.django_db
def test_stores_no_request_id_outside_any_request(clerk_a):
    assert record(clerk_a).request_id == ""


@pytest.mark.django_db
def test_names_a_system_actor(clerk_a):
    written = record(None, system_actor="nightly import")

    assert (written.actor, written.actor_display, written.org_unit_name) == (
        None,
        "nightly import",
        "",
    )


@pytest.mark.django_db
def test_citizen_account_is_a_subject_of_its_owner(citizen, clerk_a):
    assert Subject("identity.citizen", str(citizen.pk)) in subjects_for(citizen)
    assert Subject("identity.citizen", str(clerk_a.pk)) not in subjects_for(clerk_a)


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain(clerk_a):
    if connection.vendor != "postgresql":
        pytest.skip("threads with separate connections need PostgreSQL")
    errors = []
    start = threading.Barrier(8)

    def append():
        try:
            actor = User.objects.get(pk=clerk_a.pk)
            start.wait()
            for _ in range(25):
                record(actor)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = AccessRecord.objects.order_by("sequence").values_list("sequence", flat=True)
    assert list(sequences) == list(range(1, 201))
    assert ChainHead.objects.get().last_sequence == 200
    verdict = verify_chain()
    assert (verdict.ok, verdict.checked) == (True, 200)
