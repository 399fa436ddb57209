"""Import jobs (upload → check → confirm → load), export records, the commands, progress rows."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction

from yakuba.audit.models import AccessRecord
from yakuba.audit.services import subjects_for
from yakuba.residents.models import Movement, Person
from yakuba.residents.transfer import services
from yakuba.residents.transfer.jobs import JobProgress
from yakuba.residents.transfer.models import TransferChunk, TransferJob
from yakuba.residents.transfer.registrations import REGISTER_SUBJECT

from .helpers import csv_bytes, family, row

pytestmark = pytest.mark.django_db


def upload(rows, name="registry.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def start(actor, rows, capture):
    with capture(execute=True):
        job = services.start_import(actor, upload(rows))
    job.refresh_from_db()
    return job


def test_upload_is_checked_and_nothing_is_written(
    areas, admin_a, django_capture_on_commit_callbacks
):
    job = start(admin_a, family(), django_capture_on_commit_callbacks)

    assert (job.status, job.dry_run, job.people, job.households, job.lines_done) == (
        "valid",
        True,
        3,
        1,
        3,
    )
    assert job.encoding == "utf-8-sig"
    assert job.bytes_done == job.bytes_total == len(csv_bytes(family()))
    assert len(job.file_sha256) == 64
    assert job.chunks.count() == 1
    assert Person.objects.count() == 0
    assert AccessRecord.objects.count() == 0


def test_confirmed_upload_is_loaded_with_one_access_record(
    areas, admin_a, django_capture_on_commit_callbacks
):
    job = start(admin_a, family(), django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_import(admin_a, job.pk)
    job.refresh_from_db()

    assert (job.status, job.dry_run, job.people, job.confirmed_by) == (
        "succeeded",
        False,
        3,
        admin_a,
    )
    assert job.movement == Movement.objects.get(external_id=job.file_sha256)
    assert job.movement.recorded_by == admin_a
    assert Person.objects.count() == 3
    assert TransferChunk.objects.count() == 0
    record = AccessRecord.objects.get()
    assert (
        record.subject_kind,
        record.subject_id,
        record.action,
        record.purpose,
        record.actor,
    ) == (
        "residents.register",
        "all",
        "create",
        "register_migration",
        admin_a,
    )
    assert job.audit_sequence == record.sequence


def test_a_file_with_errors_is_reported_and_discarded(
    areas, admin_a, django_capture_on_commit_callbacks
):
    job = start(admin_a, [row(性別="?"), row(住民票コード="1")], django_capture_on_commit_callbacks)

    assert (job.status, job.problem_count) == ("invalid", 2)
    assert [(problem.line, problem.column, problem.code) for problem in job.problems.all()] == [
        (2, "性別", "invalid_choice"),
        (3, "住民票コード", "invalid_resident_code"),
    ]
    assert job.problems.first().text == "性別は次のいずれかで入力してください: 男、女"
    assert job.message_text == "2 件のエラーがあります。何も登録していません。"
    assert TransferChunk.objects.count() == 0
    with pytest.raises(ValidationError):
        services.confirm_import(admin_a, job.pk)


def test_a_file_already_imported_is_refused_at_upload(
    areas, admin_a, django_capture_on_commit_callbacks
):
    job = start(admin_a, family(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_import(admin_a, job.pk)

    with pytest.raises(ValidationError) as caught:
        services.start_import(admin_a, upload(family(), name="again.csv"))

    assert caught.value.code == "already_imported"
    assert TransferJob.objects.count() == 1


def test_confirming_twice_loads_once(areas, admin_a, django_capture_on_commit_callbacks):
    job = start(admin_a, family(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_import(admin_a, job.pk)

    with pytest.raises(ValidationError):
        services.confirm_import(admin_a, job.pk)
    assert services.run_import_job(job.pk) is None  # a retried task finds nothing to do
    assert Person.objects.count() == 3


def test_cancel_discards_the_upload(areas, admin_a, django_capture_on_commit_callbacks):
    job = start(admin_a, family(), django_capture_on_commit_callbacks)

    services.cancel_import(admin_a, job.pk)
    job.refresh_from_db()

    assert (job.status, job.chunks.count()) == ("cancelled", 0)
    with pytest.raises(ValidationError):
        services.confirm_import(admin_a, job.pk)


def test_stale_checked_uploads_are_discarded(areas, admin_a, django_capture_on_commit_callbacks):
    job = start(admin_a, family(), django_capture_on_commit_callbacks)
    TransferJob.objects.filter(pk=job.pk).update(
        finished_at=job.finished_at - datetime.timedelta(hours=25),
        started_at=job.finished_at - datetime.timedelta(hours=26),
    )

    assert services.discard_stale_uploads() == 1
    job.refresh_from_db()
    assert (job.status, job.chunks.count()) == ("cancelled", 0)


@pytest.mark.parametrize("who", ["clerk_a", "viewer_a", "supervisor", "clerk_b", "system_admin"])
def test_only_the_shimin_admin_may_import(areas, who, request):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.start_import(actor, upload(family()))
    with pytest.raises(PermissionDenied):
        services.start_export(actor)
    assert TransferJob.objects.count() == 0


def test_a_linked_citizen_sees_whole_register_accesses(areas, citizen):
    from yakuba.residents.services import link_citizen

    assert REGISTER_SUBJECT not in subjects_for(citizen)
    job_rows = family()
    from yakuba.residents.transfer.importer import load_register

    load_register([csv_bytes(job_rows)], dry_run=False, external_id="c" * 64)
    link_citizen(citizen, "30000000002", method="counter")

    assert REGISTER_SUBJECT in subjects_for(citizen)


# --------------------------------------------------------------------- export


def test_export_records_one_access_then_streams_the_register(areas, admin_a):
    from yakuba.residents.transfer.importer import load_register

    load_register([csv_bytes(family())], dry_run=False, external_id="c" * 64)

    started = services.start_export(admin_a)
    record = AccessRecord.objects.get()
    body = b"".join(services.stream_export(started.job))
    started.job.refresh_from_db()

    assert (record.action, record.subject_kind, record.purpose, record.actor) == (
        "export",
        "residents.register",
        "register_backup",
        admin_a,
    )
    assert record.fields[:3] == ["resident_code", "household_number", "family_name"]
    assert body.startswith(b"\xef\xbb\xbf\xe4\xbd\x8f\xe6\xb0\x91")  # BOM + 住民
    lines = body.decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert lines[1].startswith(
        "30000000001,100,山田,太郎,ヤマダ,タロウ,,1970-03-01,男,世帯主,0004001,本町一丁目,1番地の1"
    )
    job = started.job
    assert (job.status, job.people, job.lines_done, job.audit_sequence) == (
        "succeeded",
        3,
        3,
        record.sequence,
    )
    assert job.bytes_total == len(body)
    assert started.file_name.startswith("registry_") and started.file_name.endswith(".csv")


def test_an_interrupted_export_is_marked_failed(areas, admin_a):
    from yakuba.residents.transfer.importer import load_register

    load_register([csv_bytes(family())], dry_run=False, external_id="c" * 64)
    started = services.start_export(admin_a)

    stream = services.stream_export(started.job)
    next(stream)
    stream.close()
    started.job.refresh_from_db()

    assert started.job.status == "failed"


def test_export_needs_the_backup_purpose(admin_a):
    with pytest.raises(ValidationError):
        services.start_export(admin_a, purpose="resident_change")
    assert AccessRecord.objects.count() == 0


# ------------------------------------------------------------------- commands


def test_import_command_checks_then_loads(areas, tmp_path):
    path = tmp_path / "registry.csv"
    path.write_bytes(csv_bytes(family(), encoding="cp932"))
    out = io.StringIO()

    call_command("registry_import", str(path), "--dry-run", stdout=out)
    assert Person.objects.count() == 0
    assert ": valid — 3 lines, 3 people, 1 households, encoding cp932" in out.getvalue()

    call_command("registry_import", str(path), stdout=out)
    assert Person.objects.count() == 3
    record = AccessRecord.objects.get()
    assert (record.actor, record.actor_display, record.action) == (
        None,
        "registry_import",
        "create",
    )

    with pytest.raises(SystemExit) as caught:
        call_command("registry_import", str(path), stdout=out)
    assert caught.value.code == 2
    assert "既に取り込まれています" in out.getvalue()


def test_import_command_exits_1_on_problems(areas, tmp_path):
    path = tmp_path / "registry.csv"
    path.write_bytes(csv_bytes([row(性別="?")]))
    out = io.StringIO()

    with pytest.raises(SystemExit) as caught:
        call_command("registry_import", str(path), stdout=out)

    assert caught.value.code == 1
    assert "2\t性別\t性別は次のいずれかで入力してください: 男、女" in out.getvalue()


def test_export_command_writes_a_file_that_imports(areas, tmp_path):
    from yakuba.residents.transfer.importer import load_register

    load_register([csv_bytes(family())], dry_run=False, external_id="c" * 64)
    path = tmp_path / "backup.csv"

    call_command("registry_export", "--output", str(path), stderr=io.StringIO())

    assert path.read_bytes().decode("utf-8-sig").count("\r\n") == 4
    assert AccessRecord.objects.get().actor_display == "manage.py registry_export"


# ------------------------------------------------------------------- progress


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_visible_outside_it():
    job = TransferJob.objects.create(kind="import", bytes_total=100)

    with transaction.atomic():
        JobProgress(job.pk, 100)(250, 7)
        transaction.set_rollback(True)
    job.refresh_from_db()

    if connection.vendor == "postgresql":
        assert (job.bytes_done, job.lines_done) == (100, 7)  # capped at the total
    else:  # SQLite has one writer: progress is written only outside transactions
        assert (job.bytes_done, job.lines_done) == (0, 0)
