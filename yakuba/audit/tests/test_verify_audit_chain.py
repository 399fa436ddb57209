"""manage.py verify_audit_chain and export_access_records: the chain, tampered in each way.

Tampering needs the append-only triggers out of the way; the tests drop them
inside their own transaction (rolled back afterwards). Marked ``db_guarantees``
because they run raw SQL, so they run on SQLite too.
"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from yakuba.audit.models import AccessRecord, ChainHead
from yakuba.audit.services import verify_chain

from .helpers import drop_append_only_triggers, record

pytestmark = [pytest.mark.db_guarantees, pytest.mark.django_db]


def _records(actor, count):
    return [record(actor) for _ in range(count)]


def test_reports_ok_and_exits_normally(clerk_a, capsys):
    _records(clerk_a, 3)

    call_command("verify_audit_chain", chunk_size=2)

    output = capsys.readouterr().out
    assert "OK: 3 records verified" in output
    assert ChainHead.objects.get().last_hash in output


def test_an_empty_chain_is_ok(capsys):
    call_command("verify_audit_chain")

    assert "OK: 0 records verified" in capsys.readouterr().out


def test_exit_status_is_one_when_broken(clerk_a):
    records = _records(clerk_a, 2)
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[0].pk).update(fields=["my_number"])

    with pytest.raises(CommandError) as caught:
        call_command("verify_audit_chain")

    assert caught.value.returncode == 1


def test_reports_the_first_altered_record(clerk_a):
    records = _records(clerk_a, 5)
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[2].pk).update(purpose_label="改ざん")
    AccessRecord.objects.filter(pk=records[3].pk).update(org_unit_name="別の課")

    with pytest.raises(CommandError, match=r"BROKEN at sequence 3: hash mismatch"):
        call_command("verify_audit_chain")


def test_reports_an_altered_creation_time(clerk_a):
    records = _records(clerk_a, 2)
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[1].pk).update(created=records[0].created)

    with pytest.raises(CommandError, match=r"BROKEN at sequence 2: hash mismatch"):
        call_command("verify_audit_chain")


def test_reports_a_deleted_record_as_a_gap(clerk_a):
    records = _records(clerk_a, 4)
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[1].pk).delete()

    with pytest.raises(CommandError, match=r"BROKEN at sequence 2: a record is missing"):
        call_command("verify_audit_chain")


def test_reports_a_deleted_last_record_as_a_gap(clerk_a):
    records = _records(clerk_a, 3)
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[2].pk).delete()

    with pytest.raises(CommandError, match=r"BROKEN at sequence 3: a record is missing"):
        call_command("verify_audit_chain")


def test_reports_a_rehashed_record_at_the_next_link(clerk_a):
    records = _records(clerk_a, 4)
    drop_append_only_triggers()
    altered = AccessRecord.objects.get(pk=records[1].pk)
    altered.org_unit_name = "別の課"
    new_hash = altered.compute_hash()
    AccessRecord.objects.filter(pk=altered.pk).update(org_unit_name="別の課", record_hash=new_hash)

    verdict = verify_chain()

    assert (verdict.ok, verdict.broken_sequence, verdict.problem) == (False, 3, "broken_link")
    with pytest.raises(CommandError, match=r"BROKEN at sequence 3: broken link"):
        call_command("verify_audit_chain")


def test_reports_a_relinked_record(clerk_a):
    records = _records(clerk_a, 3)
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[2].pk).update(previous_hash=records[0].record_hash)

    with pytest.raises(CommandError, match=r"BROKEN at sequence 3: broken link"):
        call_command("verify_audit_chain")


def test_reports_records_behind_a_rewound_head(clerk_a):
    _records(clerk_a, 3)
    drop_append_only_triggers()
    first = AccessRecord.objects.get(sequence=1)
    ChainHead.objects.update(last_sequence=1, last_hash=first.record_hash)

    with pytest.raises(CommandError, match=r"BROKEN at sequence 2: the chain head"):
        call_command("verify_audit_chain")


def test_export_verifies_offline_and_records_itself(clerk_a, tmp_path, capsys):
    _records(clerk_a, 3)
    output = tmp_path / "access.jsonl"

    call_command("export_access_records", output=str(output))

    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [line["sequence"] for line in lines] == [1, 2, 3, 4]
    assert lines[-1]["action"] == "export"
    assert lines[-1]["actor_display"].startswith("export_access_records (")
    call_command("verify_audit_chain", file=str(output))
    assert "OK: 4 records verified" in capsys.readouterr().out


def test_export_refuses_to_overwrite(tmp_path):
    output = tmp_path / "access.jsonl"
    output.write_text("keep", encoding="utf-8")

    with pytest.raises(CommandError, match="never overwritten"):
        call_command("export_access_records", output=str(output))
    assert output.read_text(encoding="utf-8") == "keep"


def test_a_partial_export_continues_from_the_given_hash(clerk_a, tmp_path, capsys):
    records = _records(clerk_a, 4)
    output = tmp_path / "part.jsonl"

    call_command("export_access_records", output=str(output), first=3, last=4)

    call_command("verify_audit_chain", file=str(output), previous_hash=records[1].record_hash)
    assert "OK: 2 records verified" in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"BROKEN at sequence 3: broken link"):
        call_command("verify_audit_chain", file=str(output), previous_hash=records[0].record_hash)


def test_an_edited_export_line_is_reported(clerk_a, tmp_path):
    _records(clerk_a, 3)
    output = tmp_path / "access.jsonl"
    call_command("export_access_records", output=str(output))
    lines = output.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[1])
    edited["org_unit_name"] = "別の課"
    lines[1] = json.dumps(edited, ensure_ascii=False)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"BROKEN at sequence 2: hash mismatch"):
        call_command("verify_audit_chain", file=str(output))


def test_a_line_that_is_not_a_record_is_reported(tmp_path):
    output = tmp_path / "access.jsonl"
    output.write_text('{"sequence": 1}\n', encoding="utf-8")

    with pytest.raises(CommandError, match=r"BROKEN at sequence 1: the line is not"):
        call_command("verify_audit_chain", file=str(output))


def test_the_triggers_survive_every_migration():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid IN ('audit_accessrecord'::regclass, 'audit_chainhead'::regclass)"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('audit_accessrecord', 'audit_chainhead')"
            )
        names = sorted(row[0] for row in cursor.fetchall())

    expected = {
        "postgresql": ["audit_accessrecord_append_only", "audit_chainhead_forward_only"],
        "sqlite": [
            "audit_accessrecord_no_delete",
            "audit_accessrecord_no_update",
            "audit_chainhead_forward_only",
            "audit_chainhead_no_delete",
        ],
    }
    assert names == expected[connection.vendor]
