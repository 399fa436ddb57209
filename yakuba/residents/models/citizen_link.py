"""Which person in the registry a citizen account belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class CitizenLink(TimeStampedModel):
    """Links a citizen account (identity.User) to their resident record.

    With the link the resident's マイページ shows staff reads of their resident
    record (the audit subject resolver of this module).  For now links are made
    by the demo loader, at the counter after checking identity documents, or by
    the citizen signing in with their My Number card's authentication
    certificate (``jpki``).
    """

    class Method(models.TextChoices):
        DEMO = "demo", _("デモデータ")
        COUNTER = "counter", _("窓口で本人確認")
        JPKI = "jpki", _("マイナンバーカード")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者アカウント"),
        on_delete=models.CASCADE,
        related_name="resident_link",
    )
    person = models.OneToOneField(
        "residents.Person",
        verbose_name=_("住民"),
        on_delete=models.CASCADE,
        related_name="citizen_link",
    )
    linked_at = models.DateTimeField(_("連携日時"), default=timezone.now)
    method = models.CharField(_("連携方法"), max_length=10, choices=Method.choices)

    class Meta:
        verbose_name = _("利用者と住民の連携")
        verbose_name_plural = _("利用者と住民の連携")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=["demo", "counter", "jpki"]),
                name="citizenlink_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.person_id}"
