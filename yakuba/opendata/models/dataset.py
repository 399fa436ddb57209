"""Datasets (CKAN "packages") and their kept versions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from ..licenses import DEFAULT_LICENSE_ID, LICENSE_CHOICES
from .catalogue import NAME_VALIDATOR, Group, Organization, Tag


class DatasetState(models.TextChoices):
    ACTIVE = "active", _("公開")
    DRAFT = "draft", _("下書き")
    DELETED = "deleted", _("削除済み")


class Frequency(models.TextChoices):
    """Update frequency; the values are the Dublin Core frequency vocabulary DCAT uses."""

    CONTINUOUS = "continuous", _("随時（リアルタイム）")
    DAILY = "daily", _("毎日")
    WEEKLY = "weekly", _("毎週")
    MONTHLY = "monthly", _("毎月")
    QUARTERLY = "quarterly", _("四半期ごと")
    ANNUAL = "annual", _("毎年")
    IRREGULAR = "irregular", _("不定期")


class Dataset(TimeStampedModel):
    """One dataset: metadata, tags, categories, licence; files and endpoints are its resources.

    ``updated`` is CKAN's ``metadata_modified``, ``created`` its ``metadata_created``.
    Deleting through the API sets ``state`` to deleted (CKAN's soft delete); the row and its
    versions stay.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("識別名"), max_length=100, unique=True, validators=[NAME_VALIDATOR])
    title = models.CharField(_("タイトル"), max_length=300)
    title_en = models.CharField(_("タイトル（英語）"), max_length=300, blank=True)
    notes = models.TextField(_("説明"), blank=True)
    notes_en = models.TextField(_("説明（英語）"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("公開元")
    )
    groups = models.ManyToManyField(
        Group, blank=True, related_name="datasets", verbose_name=_("分類")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets", verbose_name=_("タグ"))
    license_id = models.CharField(
        _("ライセンス"), max_length=40, choices=LICENSE_CHOICES, default=DEFAULT_LICENSE_ID
    )
    frequency = models.CharField(
        _("更新頻度"), max_length=12, choices=Frequency.choices, blank=True
    )
    #: Spatial coverage as text (default: the city); ``spatial_code`` the 6-digit
    #: 全国地方公共団体コード when the coverage is a municipality.
    spatial = models.CharField(_("対象地域"), max_length=200, blank=True)
    spatial_code = models.CharField(_("対象地域コード"), max_length=6, blank=True)
    temporal_start = models.DateField(_("対象期間（開始）"), null=True, blank=True)
    temporal_end = models.DateField(_("対象期間（終了）"), null=True, blank=True)
    contact_name = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    contact_email = models.EmailField(_("問い合わせ先メールアドレス"), blank=True)
    contact_phone = models.CharField(_("問い合わせ先電話番号"), max_length=20, blank=True)
    url = models.URLField(_("参考URL"), blank=True)
    #: Free version label (CKAN ``version``); the kept versions are numbered separately.
    version_label = models.CharField(_("版"), max_length=100, blank=True)
    #: Number of the latest kept :class:`DatasetVersion` (0 before the first save).
    revision = models.PositiveIntegerField(_("改訂番号"), default=0)
    private = models.BooleanField(_("非公開"), default=False)
    state = models.CharField(
        _("状態"), max_length=10, choices=DatasetState.choices, default=DatasetState.ACTIVE
    )
    #: The standard dataset this one is generated from (e.g. "public_facility"), or blank.
    standard_key = models.CharField(_("標準データセット"), max_length=40, blank=True)
    #: CKAN ``extras``: further key/value pairs a client sent, kept and returned as given.
    extras = models.JSONField(_("追加項目"), default=dict, blank=True)
    #: Normalised text the search runs on (written by the services, never by hand).
    search_text = models.TextField(_("検索用テキスト"), blank=True, editable=False)
    #: The folded titles alone (a match there ranks first in the search).
    search_title = models.TextField(_("検索用タイトル"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成者"),
    )

    class Meta:
        verbose_name = _("データセット")
        verbose_name_plural = _("データセット")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DatasetState.values), name="opendata_dataset_state_known"
            ),
            models.CheckConstraint(
                condition=Q(temporal_start__isnull=True)
                | Q(temporal_end__isnull=True)
                | Q(temporal_start__lte=models.F("temporal_end")),
                name="opendata_dataset_temporal_ordered",
            ),
            models.UniqueConstraint(
                fields=["standard_key"],
                condition=~Q(standard_key=""),
                name="opendata_dataset_one_per_standard",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "private", "-updated"], name="opendata_ds_listing"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == DatasetState.ACTIVE and not self.private


class DatasetVersion(models.Model):
    """A kept version: the dataset as ``package_show`` returned it right after a change."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="versions", verbose_name=_("データセット")
    )
    number = models.PositiveIntegerField(_("改訂番号"))
    snapshot = models.JSONField(_("内容"))
    #: What changed, in a word: "create", "update", "patch", "delete", "resource_create", …
    action = models.CharField(_("操作"), max_length=40)
    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成者"),
    )

    class Meta:
        verbose_name = _("データセットの版")
        verbose_name_plural = _("データセットの版")
        ordering = ("dataset", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "number"], name="opendata_dataset_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id} v{self.number}"
