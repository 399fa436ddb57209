"""Accounts: one table, two kinds (citizen and staff), two sign-in doors."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("kind", User.Kind.CITIZEN)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(kind=User.Kind.STAFF, is_system_admin=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a citizen (public site) or a staff member (console).

    Citizens sign in at ``/`` with e-mail and password; staff at ``/staff/`` with
    password and TOTP.  A staff account's department roles live in
    :class:`~yakuba.identity.models.Assignment`.
    """

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("市民")
        STAFF = "staff", _("職員")

    email = models.EmailField(_("メールアドレス"), max_length=254, unique=True)
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    display_name = models.CharField(_("氏名"), max_length=100, blank=True)
    display_name_kana = models.CharField(_("氏名（カナ）"), max_length=100, blank=True)
    staff_number = models.CharField(_("職員番号"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("表示言語"), max_length=5, choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )
    is_active = models.BooleanField(_("有効"), default=True)
    is_system_admin = models.BooleanField(_("システム管理者"), default=False)
    email_verified_at = models.DateTimeField(_("メール確認日時"), null=True, blank=True)
    date_joined = models.DateTimeField(_("登録日時"), default=timezone.now)
    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_lowercase"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["citizen", "staff"]), name="user_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(is_system_admin=False) | models.Q(kind="staff"),
                name="user_system_admin_is_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN

    @property
    def is_staff(self) -> bool:  # Django admin compatibility; yakuba has no Django admin site
        return False
