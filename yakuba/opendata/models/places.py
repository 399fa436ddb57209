"""Places the city keeps by hand until the GIS module lands: 指定緊急避難場所 and AED設置箇所.

Each row is one line of the standard dataset it feeds (指定緊急避難場所一覧, AED設置箇所一覧);
the ◎ (必須) fields of the standard are required here too, so a generated file never has
them empty.  The address is kept as one string (所在地_連結表記) plus the building part
(建物名等(方書)); the ``所在地_*`` parts are derived when the file is written.  Every
change regenerates the file, and each file version is kept by the dataset: that is the
change history of these tables.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

#: 緯度・経度 inside Japan (a swapped pair is refused).
LATITUDE_RANGE = (20, 46)
LONGITUDE_RANGE = (122, 154)
IDENTIFIER_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_-]{1,40}$", _("IDは半角英数字（「-」「_」も可）40文字以内で入力してください。")
)

#: The eight hazards of 指定緊急避難場所 (災害対策基本法 施行令): field → column of the file.
HAZARD_FIELDS: tuple[tuple[str, str], ...] = (
    ("flood", "災害種別_洪水"),
    ("landslide", "災害種別_崖崩れ、土石流及び地滑り"),
    ("storm_surge", "災害種別_高潮"),
    ("earthquake", "災害種別_地震"),
    ("tsunami", "災害種別_津波"),
    ("large_fire", "災害種別_大規模な火事"),
    ("inland_flood", "災害種別_内水氾濫"),
    ("volcano", "災害種別_火山現象"),
)


def _latitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("緯度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
    )


def _longitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("経度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LONGITUDE_RANGE[0]), MaxValueValidator(LONGITUDE_RANGE[1])],
    )


def _place_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=~Q(name=""), name=f"{prefix}_name_present"),
        models.CheckConstraint(condition=~Q(address=""), name=f"{prefix}_address_present"),
        models.CheckConstraint(condition=~Q(identifier=""), name=f"{prefix}_identifier_present"),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True)
            | Q(latitude__gte=LATITUDE_RANGE[0], latitude__lte=LATITUDE_RANGE[1]),
            name=f"{prefix}_latitude_in_japan",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True)
            | Q(longitude__gte=LONGITUDE_RANGE[0], longitude__lte=LONGITUDE_RANGE[1]),
            name=f"{prefix}_longitude_in_japan",
        ),
    ]


class Place(TimeStampedModel):
    """What both tables share: the standard's name and address block."""

    identifier = models.CharField(
        _("ID"), max_length=40, unique=True, validators=[IDENTIFIER_VALIDATOR]
    )
    name = models.CharField(_("名称"), max_length=200)
    name_kana = models.CharField(_("名称（カナ）"), max_length=200, blank=True)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    address = models.CharField(
        _("所在地"), max_length=300, help_text=_("例: 東京都武蔵村山市本町一丁目1番地の1")
    )
    building = models.CharField(_("建物名等（方書）"), max_length=200, blank=True)
    latitude = _latitude_field()
    longitude = _longitude_field()
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    extension = models.CharField(_("内線番号"), max_length=20, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    image = models.URLField(_("画像"), max_length=500, blank=True)
    image_license = models.CharField(_("画像のライセンス"), max_length=100, blank=True)
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        abstract = True
        ordering = ("identifier",)

    def __str__(self) -> str:
        return self.name


class EvacuationSpace(Place):
    """A 指定緊急避難場所 (designated emergency evacuation site), one line of
    指定緊急避難場所一覧."""

    #: Required here (◎ in 指定緊急避難場所一覧): the site's or its manager's number.
    phone = models.CharField(_("電話番号"), max_length=30)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    elevation = models.DecimalField(
        _("標高（m）"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    form_url = models.URLField(_("連絡先FormURL"), max_length=500, blank=True)
    contact_note = models.CharField(_("連絡先備考（その他、SNSなど）"), max_length=300, blank=True)
    flood = models.BooleanField(_("洪水"), default=False)
    landslide = models.BooleanField(_("崖崩れ、土石流及び地滑り"), default=False)
    storm_surge = models.BooleanField(_("高潮"), default=False)
    earthquake = models.BooleanField(_("地震"), default=False)
    tsunami = models.BooleanField(_("津波"), default=False)
    large_fire = models.BooleanField(_("大規模な火事"), default=False)
    inland_flood = models.BooleanField(_("内水氾濫"), default=False)
    volcano = models.BooleanField(_("火山現象"), default=False)
    #: 指定避難所との重複: the place is also a designated shelter (指定避難所).
    is_designated_shelter = models.BooleanField(_("指定避難所との重複"), default=False)
    capacity = models.PositiveIntegerField(_("想定収容人数"), null=True, blank=True)
    #: 対象となる町会・自治会, ``;``-separated.
    neighbourhood_associations = models.TextField(
        _("対象となる町会・自治会"), blank=True, help_text=_("複数あるときは「;」で区切ります。")
    )

    class Meta(Place.Meta):
        verbose_name = _("指定緊急避難場所")
        verbose_name_plural = _("指定緊急避難場所")
        constraints = [
            *_place_constraints("opendata_evacuation"),
            models.CheckConstraint(condition=~Q(phone=""), name="opendata_evacuation_phone"),
        ]

    @property
    def hazards(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name, _c in HAZARD_FIELDS
            if getattr(self, name)
        ]


class AedLocation(Place):
    """An AED (自動体外式除細動器) the public may use, one line of AED設置箇所一覧."""

    #: 設置位置: where in the building (「1階 正面玄関横」).
    placement = models.CharField(_("設置位置"), max_length=200)
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{13}$", _("法人番号は13桁の数字です。"))],
    )
    organisation_name = models.CharField(_("団体名"), max_length=200, blank=True)
    #: 利用可能曜日, ``;``-separated (月;火;水;木;金).
    available_days = models.CharField(_("利用可能曜日"), max_length=100, blank=True)
    opens_at = models.TimeField(_("開始時間"), null=True, blank=True)
    closes_at = models.TimeField(_("終了時間"), null=True, blank=True)
    availability_note = models.CharField(_("利用可能日時特記事項"), max_length=300, blank=True)
    #: 小児対応設備の有無 (None: unknown, the cell stays empty).
    has_pediatric_pads = models.BooleanField(_("小児対応設備の有無"), null=True, blank=True)

    class Meta(Place.Meta):
        verbose_name = _("AED設置箇所")
        verbose_name_plural = _("AED設置箇所")
        constraints = [
            *_place_constraints("opendata_aed"),
            models.CheckConstraint(condition=~Q(placement=""), name="opendata_aed_placement"),
        ]
