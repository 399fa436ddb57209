"""The personal-data access record: append-only and hash-chained."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64

# Every stored field the hash covers (record_hash itself excluded, and the
# surrogate ``id``, which carries no meaning: ``sequence`` is the record's identity).
HASHED_FIELDS = (
    "sequence",
    "created",
    "occurred_at",
    "actor_id",
    "actor_display",
    "actor_staff_number",
    "org_unit_code",
    "org_unit_name",
    "org_unit_name_en",
    "subject_kind",
    "subject_id",
    "record_kind",
    "fields",
    "action",
    "purpose",
    "purpose_label",
    "purpose_label_en",
    "request_id",
    "ip_address",
    "previous_hash",
)


class AccessRecord(models.Model):
    """One read or change of a person's data by staff.

    Rows are never updated or deleted (database triggers refuse it). Each row
    carries the hash of the previous one, so any later edit breaks the chain and
    ``manage.py verify_audit_chain`` reports where. The department is stored as
    it was at the time, so later renames do not rewrite history.
    """

    class Action(models.TextChoices):
        READ = "read", _("閲覧")
        CREATE = "create", _("登録")
        UPDATE = "update", _("変更")
        DELETE = "delete", _("削除")
        EXPORT = "export", _("出力")
        PRINT = "print", _("印刷")

    sequence = models.BigIntegerField(_("通番"), unique=True)
    occurred_at = models.DateTimeField(_("日時"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("職員"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_display = models.CharField(_("職員名"), max_length=100)
    actor_staff_number = models.CharField(_("職員番号"), max_length=20, blank=True)
    org_unit_code = models.CharField(_("組織コード"), max_length=40, blank=True)
    org_unit_name = models.CharField(_("所属"), max_length=100, blank=True)
    org_unit_name_en = models.CharField(_("所属（英語）"), max_length=150, blank=True)
    subject_kind = models.CharField(_("対象の種類"), max_length=60)
    subject_id = models.CharField(_("対象ID"), max_length=64)
    record_kind = models.CharField(_("記録の種類"), max_length=60)
    fields = models.JSONField(_("項目"), default=list)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    purpose = models.CharField(_("利用目的"), max_length=60)
    purpose_label = models.CharField(_("利用目的（表示）"), max_length=200)
    purpose_label_en = models.CharField(_("利用目的（英語）"), max_length=200)
    request_id = models.CharField(_("リクエストID"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    previous_hash = models.CharField(_("直前のハッシュ"), max_length=64)
    record_hash = models.CharField(_("ハッシュ"), max_length=64, unique=True)
    # Set by record_access to the same instant as ``occurred_at`` and covered by the
    # hash (``auto_now_add`` would stamp it after the hash is computed).
    created = models.DateTimeField(_("作成日時"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("アクセス記録")
        verbose_name_plural = _("アクセス記録")
        ordering = ["-sequence"]
        indexes = [
            models.Index(
                fields=["subject_kind", "subject_id", "-sequence"], name="audit_subject_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_sequence_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    action__in=["read", "create", "update", "delete", "export", "print"]
                ),
                name="audit_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.record_kind} {self.subject_kind}:{self.subject_id}"

    def hashed_values(self) -> dict[str, Any]:
        """The hashed fields as JSON values (also the format of an export line)."""
        return {name: _json_value(getattr(self, name)) for name in HASHED_FIELDS}

    def canonical_payload(self) -> str:
        """The canonical JSON that the record hash covers."""
        return canonical_json(self.hashed_values())

    def compute_hash(self) -> str:
        return hash_payload(self.hashed_values())


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        # Always UTC with microseconds: the same text on PostgreSQL and SQLite.
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return value


def canonical_json(values: Mapping[str, Any]) -> str:
    """Sorted keys, UTF-8 text as is, no spaces: one byte string per record."""
    return json.dumps(dict(values), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hash_payload(values: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``values`` (the hashed fields of a record)."""
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()


class ChainHead(models.Model):
    """The single row holding the last sequence and hash; locked to serialise appends."""

    singleton = models.BooleanField(default=True, unique=True)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("アクセス記録の先頭")
        verbose_name_plural = _("アクセス記録の先頭")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="audit_head_single_row")
        ]

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"
