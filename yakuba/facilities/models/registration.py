"""利用者登録 (user registration) and 団体登録 (group registration).

Booking needs an approved registration.  A user registration belongs to a citizen
account, or — for residents who book by phone or at the counter — is made by staff
without an account.  Whether the user lives in the city (市内, the cheaper fee) comes
from the resident registry when the account is linked to a resident record, otherwise
from staff who checked a document.  A group has a representative, members and an
activity, and needs a minimum number of members living in the city.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class RegistrationState(models.TextChoices):
    APPLIED = "applied", _("申請中")
    APPROVED = "approved", _("登録済み")
    REJECTED = "rejected", _("不承認")
    EXPIRED = "expired", _("有効期限切れ")
    WITHDRAWN = "withdrawn", _("廃止")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class UserRegistration(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facility_registration",
    )
    #: 利用者番号, given on approval.
    number = models.CharField(_("利用者番号"), max_length=12, unique=True, null=True, blank=True)
    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("氏名（カナ）"), max_length=100)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200)
    phone = models.CharField(_("電話番号"), max_length=20)
    email = models.EmailField(_("メールアドレス"), blank=True)
    is_resident = models.BooleanField(_("市内在住・在勤・在学"), default=False)
    #: Where ``is_resident`` came from: "registry" (linked resident record) or "document".
    residence_source = models.CharField(_("市内の確認方法"), max_length=10, blank=True)
    state = models.CharField(
        _("状態"),
        max_length=10,
        choices=RegistrationState.choices,
        default=RegistrationState.APPLIED,
    )
    valid_until = models.DateField(_("有効期限"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("審査日時"), null=True, blank=True)
    rejection_reason = models.CharField(_("不承認の理由"), max_length=300, blank=True)
    #: Secret part of the personal iCalendar feed URL; rotate to revoke.
    calendar_token = models.CharField(max_length=40, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("利用者登録")
        verbose_name_plural = _("利用者登録")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (Q(number__isnull=False) & Q(valid_until__isnull=False)),
                name="facilities_registration_approved_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.name}"


class Group(TimeStampedModel):
    number = models.CharField(_("団体登録番号"), max_length=12, unique=True, null=True, blank=True)
    name = models.CharField(_("団体名"), max_length=100)
    name_kana = models.CharField(_("団体名（カナ）"), max_length=100)
    activity = models.TextField(_("活動内容"))
    #: The representative's user registration (代表者).
    representative = models.ForeignKey(
        UserRegistration, on_delete=models.PROTECT, related_name="represented_groups"
    )
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=20)
    is_resident = models.BooleanField(_("市内団体"), default=False)
    state = models.CharField(
        _("状態"),
        max_length=10,
        choices=RegistrationState.choices,
        default=RegistrationState.APPLIED,
    )
    valid_until = models.DateField(_("有効期限"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("審査日時"), null=True, blank=True)
    rejection_reason = models.CharField(_("不承認の理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("団体登録")
        verbose_name_plural = _("団体登録")
        ordering = ["name_kana"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (Q(number__isnull=False) & Q(valid_until__isnull=False)),
                name="facilities_group_approved_complete",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("氏名（カナ）"), max_length=100, blank=True)
    is_resident = models.BooleanField(_("市内在住・在勤・在学"), default=False)
    #: When the member has a user registration too (the representative always does).
    registration = models.ForeignKey(
        UserRegistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("団体の構成員")
        verbose_name_plural = _("団体の構成員")
        ordering = ["group", "id"]

    def __str__(self) -> str:
        return self.name
