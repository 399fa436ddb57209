"""The database itself refuses to change or remove access records (PostgreSQL and SQLite).

Marked ``db_guarantees``: the suite runs these again on SQLite.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from yakuba.audit.models import AccessRecord, ChainHead

from .helpers import record

pytestmark = [pytest.mark.db_guarantees, pytest.mark.django_db]


def _refused(attempt) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        attempt()
    return str(caught.value)


def _raw(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_refuses_update_through_the_orm(clerk_a):
    written = record(clerk_a)

    message = _refused(
        lambda: AccessRecord.objects.filter(pk=written.pk).update(org_unit_name="別の課")
    )

    assert "append-only" in message
    assert AccessRecord.objects.get(pk=written.pk).org_unit_name == "市民課"


def test_refuses_save_of_a_changed_row(clerk_a):
    written = record(clerk_a)
    written.purpose_label = "書き換え"

    assert "append-only" in _refused(lambda: written.save())
    assert AccessRecord.objects.get(pk=written.pk).purpose_label == "アクセス記録の監査"


def test_refuses_delete_through_the_orm(clerk_a):
    written = record(clerk_a)

    assert "append-only" in _refused(lambda: AccessRecord.objects.filter(pk=written.pk).delete())
    assert "append-only" in _refused(lambda: written.delete())
    assert AccessRecord.objects.count() == 1


def test_refuses_update_in_raw_sql(clerk_a):
    written = record(clerk_a)

    message = _refused(lambda: _raw("UPDATE audit_accessrecord SET org_unit_name = %s", "x"))

    assert "append-only" in message
    assert AccessRecord.objects.get(pk=written.pk).org_unit_name == "市民課"


def test_refuses_delete_in_raw_sql(clerk_a):
    record(clerk_a)

    assert "append-only" in _refused(lambda: _raw("DELETE FROM audit_accessrecord"))
    assert AccessRecord.objects.count() == 1


def test_chain_head_only_moves_forward(clerk_a):
    record(clerk_a)
    record(clerk_a)

    assert "forward" in _refused(lambda: ChainHead.objects.update(last_sequence=1))
    assert "forward" in _refused(lambda: _raw("UPDATE audit_chainhead SET last_sequence = 0"))
    assert "forward" in _refused(lambda: ChainHead.objects.all().delete())
    assert "forward" in _refused(lambda: _raw("DELETE FROM audit_chainhead"))
    assert ChainHead.objects.get().last_sequence == 2


def test_appending_still_works_after_refusals(clerk_a):
    record(clerk_a)
    _refused(lambda: _raw("DELETE FROM audit_accessrecord"))

    assert record(clerk_a).sequence == 2
