"""The one permitted way past the history's append-only triggers: a register wipe."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class RegisterWipe(TimeStampedModel):
    """Present only inside the transaction of ``services.wipe_register`` (demo reset, tests).

    The append-only triggers on movements and versions refuse every UPDATE,
    and every DELETE unless a row of this table exists.  ``wipe_register``
    inserts one, deletes the population, and deletes it again before
    committing, so outside that function the history cannot be deleted.
    """

    reason = models.CharField(_("理由"), max_length=100)

    class Meta:
        verbose_name = _("住民記録の全消去")
        verbose_name_plural = _("住民記録の全消去")

    def __str__(self) -> str:
        return self.reason
