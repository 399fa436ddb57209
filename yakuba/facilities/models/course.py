"""Lifelong-learning courses (生涯学習講座) and ICT classes (スマートフォン・タブレット教室).

A course has sessions, each held in a room booked through the same booking engine
(a booking of kind ``course``).  Applications are accepted in a period; when more
apply than there are places, a lottery decides (the same published procedure as the
facility lottery, seed published), otherwise everyone in time is accepted
(first-come once the period has closed).  Attendance is recorded per session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .booking import Booking
from .facility import Room
from .registration import UserRegistration


class CourseKind(models.TextChoices):
    LIFELONG = "lifelong", _("生涯学習講座")
    ICT = "ict", _("ICT講座（スマートフォン・タブレット）")


class CourseState(models.TextChoices):
    DRAFT = "draft", _("準備中")
    OPEN = "open", _("受付中")
    CLOSED = "closed", _("受付終了")
    SELECTED = "selected", _("受講者決定")
    CANCELLED = "cancelled", _("中止")


class Course(TimeStampedModel):
    code = models.SlugField(_("コード"), max_length=40, unique=True)
    kind = models.CharField(_("種類"), max_length=10, choices=CourseKind.choices)
    title = models.CharField(_("講座名"), max_length=200)
    title_en = models.CharField(_("講座名（英語）"), max_length=200, blank=True)
    description = models.TextField(_("内容"))
    description_en = models.TextField(_("内容（英語）"), blank=True)
    #: Shown as is (e.g. 「市内在住の60歳以上の方」); enforced by the fields below.
    target = models.CharField(_("対象"), max_length=200)
    minimum_age = models.PositiveSmallIntegerField(_("年齢の下限"), null=True, blank=True)
    residents_only = models.BooleanField(_("市内在住・在勤・在学の方のみ"), default=True)
    capacity = models.PositiveIntegerField(_("定員"))
    fee = models.PositiveIntegerField(_("受講料（円）"), default=0)
    materials = models.CharField(_("持ち物"), max_length=200, blank=True)
    applications_open_at = models.DateTimeField(_("申込開始"))
    applications_close_at = models.DateTimeField(_("申込締切"))
    state = models.CharField(
        _("状態"), max_length=10, choices=CourseState.choices, default=CourseState.DRAFT
    )
    department = models.CharField(_("担当課"), max_length=40, default="bunka")
    seed = models.CharField(_("抽選のシード"), max_length=64, blank=True)
    seed_commitment = models.CharField(_("シードのハッシュ値"), max_length=64, blank=True)
    selected_at = models.DateTimeField(_("受講者決定日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("講座")
        verbose_name_plural = _("講座")
        ordering = ["-applications_open_at"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="facilities_course_capacity"),
            models.CheckConstraint(
                condition=Q(applications_open_at__lt=F("applications_close_at")),
                name="facilities_course_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("回"))
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="course_session"
    )
    topic = models.CharField(_("内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("講座の回")
        verbose_name_plural = _("講座の回")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="facilities_session_number"),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="facilities_session_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.number}"


class ApplicationState(models.TextChoices):
    APPLIED = "applied", _("申込済み")
    ACCEPTED = "accepted", _("受講決定")
    WAITLISTED = "waitlisted", _("補欠")
    LOST = "lost", _("落選")
    CANCELLED = "cancelled", _("取消し")


class CourseApplication(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="applications")
    receipt_number = models.CharField(_("受付番号"), max_length=12, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registration = models.ForeignKey(
        UserRegistration, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("氏名（カナ）"), max_length=100)
    phone = models.CharField(_("電話番号"), max_length=20)
    email = models.EmailField(_("メールアドレス"), blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    is_resident = models.BooleanField(_("市内在住・在勤・在学"), default=False)
    #: Help wanted (e.g. 「スマートフォンを持っていない」「車いす」).
    needs = models.CharField(_("配慮してほしいこと"), max_length=300, blank=True)
    state = models.CharField(
        _("状態"), max_length=10, choices=ApplicationState.choices, default=ApplicationState.APPLIED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField(_("結果通知日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("講座の申込")
        verbose_name_plural = _("講座の申込")
        ordering = ["course", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(user__isnull=False) & ~Q(state="cancelled"),
                name="facilities_course_application_once",
            )
        ]


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    application = models.ForeignKey(
        CourseApplication, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("出席"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("記録日時"), auto_now=True)

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="facilities_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.application_id}"
