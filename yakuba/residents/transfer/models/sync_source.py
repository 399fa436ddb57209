"""Where a city's standard 住民記録 system drops its extracts, and how far yakuba has read."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class SyncSource(TimeStampedModel):
    """A configured source of registry extracts (one directory of CSV files).

    Configured on the server only (``manage.py registry_sync --configure``),
    never from a web page: the directory is a server path.  ``cursor`` is the
    name of the last extract applied without errors; the next run reads the
    extracts after it.
    """

    key = models.SlugField(_("キー"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    directory = models.CharField(_("ディレクトリ"), max_length=500)
    cursor = models.CharField(_("読込済みの抽出ファイル"), max_length=200, blank=True)
    enabled = models.BooleanField(_("有効"), default=True)
    last_run_at = models.DateTimeField(_("最終実行日時"), null=True, blank=True)
    running_since = models.DateTimeField(_("実行中（開始日時）"), null=True, blank=True)

    class Meta:
        verbose_name = _("連携元")
        verbose_name_plural = _("連携元")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(condition=~Q(directory=""), name="syncsource_directory"),
        ]

    def __str__(self) -> str:
        return self.name
