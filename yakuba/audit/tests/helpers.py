"""Small helpers shared by the audit tests."""

from __future__ import annotations

from django.db import connection

from yakuba.audit.services import Subject, record_access

PERSON = Subject("identity.citizen", "42")


def record(actor, **overrides):
    """One access record with sensible defaults (purpose declared by the audit module)."""
    options = dict(
        subject=PERSON, record_kind="identity.citizen", fields=["email"], purpose="audit_review"
    )
    options.update(overrides)
    return record_access(actor, **options)


def read_citizen(actor, citizen, **overrides):
    return record(actor, subject=Subject("identity.citizen", str(citizen.pk)), **overrides)


def drop_append_only_triggers() -> None:
    """Test only: remove the triggers (inside the test's transaction) to simulate tampering."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_accessrecord_append_only ON audit_accessrecord")
            cursor.execute("DROP TRIGGER audit_chainhead_forward_only ON audit_chainhead")
        else:
            cursor.execute("DROP TRIGGER audit_accessrecord_no_update")
            cursor.execute("DROP TRIGGER audit_accessrecord_no_delete")
            cursor.execute("DROP TRIGGER audit_chainhead_forward_only")
            cursor.execute("DROP TRIGGER audit_chainhead_no_delete")
