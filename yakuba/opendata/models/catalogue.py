"""Publishers and categories of the catalogue: CKAN's organizations and groups.

An :class:`Organization` is the publishing department (an ``identity.OrgUnit`` code, kept as
a string: the catalogue names who publishes, it does not follow staff reorganisations
automatically).  A :class:`Group` is a browse category (CKAN "group"; DCAT ``dcat:theme``).
Both carry CKAN's URL-safe ``name`` and a UUID ``id`` so CKAN clients can address them
either way.
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

#: CKAN's rule for package, organization and group names.
NAME_VALIDATOR = RegexValidator(
    r"^[a-z0-9_-]{2,100}$",
    _("英小文字・数字・「-」「_」の2〜100文字で入力してください。"),
)


class Organization(TimeStampedModel):
    """A publisher (公開元の部署) of datasets."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("識別名"), max_length=100, unique=True, validators=[NAME_VALIDATOR])
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)
    #: The department (``identity.OrgUnit`` code) whose staff may edit this publisher's datasets.
    department_code = models.CharField(_("担当課コード"), max_length=40, db_index=True)
    email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    phone = models.CharField(_("連絡先電話番号"), max_length=20, blank=True)
    image_url = models.URLField(_("画像URL"), blank=True)

    class Meta:
        verbose_name = _("公開元")
        verbose_name_plural = _("公開元")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.title


class Group(TimeStampedModel):
    """A category (分類) datasets are browsed by."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("識別名"), max_length=100, unique=True, validators=[NAME_VALIDATOR])
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)
    #: A theme URI for DCAT (e.g. an EU data theme), optional.
    theme_uri = models.URLField(_("テーマURI"), blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("分類")
        verbose_name_plural = _("分類")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    """A free keyword (タグ).  CKAN allows letters of any script, digits, spaces and ``-_.``."""

    name = models.CharField(_("タグ"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("タグ")
        verbose_name_plural = _("タグ")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
