"""The procedure catalogue: categories, procedures and life events (ライフイベント).

A procedure (手続き) is what a resident or business applies for online: who handles it
(a department code of ``identity.OrgUnit``), who may apply, the identity level the
application needs, the fee and how long handling takes.  Its form lives in
:class:`~yakuba.applications.models.FormVersion` rows.  A life event (引越し, 出生, 介護…)
groups several procedures into one guided flow, in order.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9-]{1,59}$",
    _("英小文字・数字・ハイフンで入力してください（先頭は英小文字）。"),
)


class IdentityLevel(models.TextChoices):
    """How sure the city must be of who applies."""

    NONE = "none", _("本人確認なし")  # anonymous, e.g. an event registration
    ACCOUNT = "account", _("アカウント（メール確認済み）")
    CARD = "card", _("マイナンバーカードの電子署名")


class ApplicantKind(models.TextChoices):
    """Who may apply (shown on the procedure page; 'resident' is checked against the registry
    only when the applicant signs in with the card)."""

    ANYONE = "anyone", _("どなたでも")
    RESIDENT = "resident", _("市内在住の方")
    BUSINESS = "business", _("事業者")
    RESIDENT_OR_BUSINESS = "resident_or_business", _("市内在住の方・事業者")


class Category(TimeStampedModel):
    """A browse category of the catalogue (届出・証明, 税, 健康, 子育て, くらし・ごみ …)."""

    code = models.CharField(_("コード"), max_length=60, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("手続きの分類")
        verbose_name_plural = _("手続きの分類")
        ordering = ("order", "code")

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    """One online procedure (手続き) with its catalogue facts."""

    code = models.CharField(_("コード"), max_length=60, unique=True, validators=[CODE_VALIDATOR])
    title = models.CharField(_("手続き名"), max_length=120)
    title_en = models.CharField(_("手続き名（英語）"), max_length=200, blank=True)
    #: 読み (katakana) for kana search, e.g. 「ジュウミンヒョウノウツシコウフシンセイ」.
    title_kana = models.CharField(_("手続き名（カナ）"), max_length=200, blank=True)
    summary = models.CharField(_("概要"), max_length=300)
    summary_en = models.CharField(_("概要（英語）"), max_length=500, blank=True)
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)
    #: Extra words people search with (「住民票」「写し」「郵送」), space separated.
    keywords = models.CharField(_("検索語"), max_length=300, blank=True)
    #: Normalised text the search runs on (title, kana, keywords: width and kana folded);
    #: written by the catalogue service, never by hand.
    search_text = models.TextField(_("検索用テキスト"), blank=True, editable=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("分類")
    )
    #: The handling department: an ``identity.OrgUnit`` code (e.g. "shimin").
    department_code = models.CharField(_("担当課コード"), max_length=40)
    applicant_kind = models.CharField(
        _("申請できる方"),
        max_length=24,
        choices=ApplicantKind.choices,
        default=ApplicantKind.ANYONE,
    )
    identity_level = models.CharField(
        _("本人確認の方法"),
        max_length=10,
        choices=IdentityLevel.choices,
        default=IdentityLevel.ACCOUNT,
    )
    fee_yen = models.PositiveIntegerField(_("手数料（円）"), default=0)
    fee_note = models.CharField(_("手数料の説明"), max_length=200, blank=True)
    fee_note_en = models.CharField(_("手数料の説明（英語）"), max_length=300, blank=True)
    #: Expected handling time shown to applicants and used for the staff deadline.
    handling_days = models.PositiveSmallIntegerField(
        _("標準処理期間（日）"), default=14, validators=[MinValueValidator(1)]
    )
    is_published = models.BooleanField(_("公開中"), default=False)
    #: Accepting applications from/until (both optional; e.g. a yearly 検診 window).
    opens_on = models.DateField(_("受付開始日"), null=True, blank=True)
    closes_on = models.DateField(_("受付終了日"), null=True, blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("手続き")
        verbose_name_plural = _("手続き")
        ordering = ("category__order", "order", "code")
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_level__in=IdentityLevel.values),
                name="applications_procedure_identity_level_known",
            ),
            models.CheckConstraint(
                condition=Q(applicant_kind__in=ApplicantKind.values),
                name="applications_procedure_applicant_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(opens_on__lte=models.F("closes_on")),
                name="applications_procedure_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(handling_days__gte=1),
                name="applications_procedure_handling_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LifeEvent(TimeStampedModel):
    """A life event (引越し, 出生, 介護 …): several procedures in one guided flow."""

    code = models.CharField(_("コード"), max_length=60, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    description = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("説明（英語）"), blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("ライフイベント")
        verbose_name_plural = _("ライフイベント")
        ordering = ("order", "code")

    def __str__(self) -> str:
        return self.name


class LifeEventStep(TimeStampedModel):
    """One procedure of a life event, in order, with a note on when it applies."""

    life_event = models.ForeignKey(
        LifeEvent, on_delete=models.CASCADE, related_name="steps", verbose_name=_("ライフイベント")
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="life_event_steps",
        verbose_name=_("手続き"),
    )
    order = models.PositiveSmallIntegerField(_("順番"), default=0)
    #: 「小学生以下のお子さんがいる方」 — when this step applies.
    note = models.CharField(_("該当する方"), max_length=200, blank=True)
    note_en = models.CharField(_("該当する方（英語）"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ライフイベントの手続き")
        verbose_name_plural = _("ライフイベントの手続き")
        ordering = ("life_event", "order")
        constraints = [
            models.UniqueConstraint(
                fields=("life_event", "procedure"), name="applications_step_procedure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.life_event} {self.order}: {self.procedure}"
