"""Resources: the files and live endpoints of a dataset, and the kept versions of files."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .dataset import Dataset


class ResourceKind(models.TextChoices):
    #: A file kept by yakuba (uploaded, or generated from the modules' data).
    UPLOAD = "upload", _("ファイル")
    #: A link to a file elsewhere.
    LINK = "link", _("リンク")
    #: A live endpoint (API, feed) answered from current data on every request.
    API = "api", _("API")


class Resource(TimeStampedModel):
    """One distribution of a dataset (CKAN resource; DCAT ``dcat:Distribution``).

    For an uploaded or generated file the current version's facts are copied here
    (``size``, ``sha256``, ``last_modified``); every version stays in
    :class:`ResourceFile`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="resources", verbose_name=_("データセット")
    )
    position = models.PositiveIntegerField(_("表示順"), default=0)
    name = models.CharField(_("名称"), max_length=300)
    name_en = models.CharField(_("名称（英語）"), max_length=300, blank=True)
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)
    kind = models.CharField(
        _("種類"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.UPLOAD
    )
    #: Upper-case format label as CKAN shows it: "CSV", "JSON", "XLSX", "PDF", "GeoJSON".
    format = models.CharField(_("形式"), max_length=40, blank=True)
    mimetype = models.CharField(_("MIMEタイプ"), max_length=100, blank=True)
    #: For links and APIs the address; for files kept here, blank (the download URL is ours).
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    last_modified = models.DateTimeField(_("最終更新日時"), null=True, blank=True)
    #: The current file's name (the last part of its download URL) and version number in
    #: :class:`ResourceFile` (0: no file).
    file_name = models.CharField(_("ファイル名"), max_length=200, blank=True)
    file_version = models.PositiveIntegerField(_("ファイルの版"), default=0)
    extras = models.JSONField(_("追加項目"), default=dict, blank=True)

    class Meta:
        verbose_name = _("リソース")
        verbose_name_plural = _("リソース")
        ordering = ("dataset", "position", "created")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ResourceKind.values), name="opendata_resource_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceFile(models.Model):
    """One kept version of a resource's file, stored outside the web root."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="files", verbose_name=_("リソース")
    )
    number = models.PositiveIntegerField(_("版"))
    #: Path relative to ``YAKUBA_OPENDATA_FILES_DIR``.
    path = models.CharField(_("保存場所"), max_length=300)
    file_name = models.CharField(_("ファイル名"), max_length=200)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mimetype = models.CharField(_("MIMEタイプ"), max_length=100, blank=True)
    created = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("リソースのファイル")
        verbose_name_plural = _("リソースのファイル")
        ordering = ("resource", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="opendata_resource_file_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} v{self.number}"
