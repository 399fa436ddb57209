"""Abstract base models every yakuba model builds on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds ``created`` and ``updated`` timestamps maintained by the database layer."""

    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        abstract = True
