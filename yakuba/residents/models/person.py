"""住民: one person's current record in the resident register."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

# Full-width katakana, the prolonged sound mark and the iteration marks (ヽヾ).
KATAKANA_PATTERN = r"^[ァ-ヺー-ヾ]+$"
RESIDENT_CODE_PATTERN = r"^[0-9]{11}$"
NAME_FIELDS = frozenset(
    {"family_name", "given_name", "family_name_kana", "given_name_kana", "former_family_name"}
)


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Relationship(models.TextChoices):
    """続柄: relationship to the head of household, as written on 住民票."""

    HEAD = "head", _("世帯主")
    WIFE = "wife", _("妻")
    HUSBAND = "husband", _("夫")
    CHILD = "child", _("子")
    CHILD_SPOUSE = "child_spouse", _("子の配偶者")
    FATHER = "father", _("父")
    MOTHER = "mother", _("母")
    GRANDCHILD = "grandchild", _("孫")
    SIBLING = "sibling", _("兄弟姉妹")
    OTHER = "other", _("その他")


class Status(models.TextChoices):
    RESIDENT = "resident", _("住民")
    REMOVED = "removed", _("除票")


class RemovalReason(models.TextChoices):
    """消除の事由 of a 除票."""

    MOVE_OUT = "move_out", _("転出")
    DEATH = "death", _("死亡")
    OTHER = "other", _("職権消除")


#: Every field of a person's registry entry: what a
#: :class:`~yakuba.residents.models.PersonVersion` snapshots (plus the address of
#: the household) and what a movement may change.
REGISTRY_FIELDS = (
    "resident_code",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "household",
    "relationship",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
    "status",
    "removed_on",
    "removal_reason",
    "next_address",
)


def registry_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Row checks shared by :class:`Person` and its versions (names prefixed by ``prefix``)."""
    return [
        models.CheckConstraint(
            condition=Q(resident_code__regex=RESIDENT_CODE_PATTERN),
            name=f"{prefix}_resident_code_format",
        ),
        models.CheckConstraint(
            condition=Q(family_name_kana__regex=KATAKANA_PATTERN)
            & Q(given_name_kana__regex=KATAKANA_PATTERN),
            name=f"{prefix}_kana_is_katakana",
        ),
        models.CheckConstraint(
            condition=~Q(family_name="") & ~Q(given_name=""), name=f"{prefix}_name_present"
        ),
        models.CheckConstraint(condition=Q(sex__in=Sex.values), name=f"{prefix}_sex_valid"),
        models.CheckConstraint(
            condition=Q(relationship__in=Relationship.values), name=f"{prefix}_relationship_valid"
        ),
        models.CheckConstraint(
            condition=Q(status__in=Status.values), name=f"{prefix}_status_valid"
        ),
        models.CheckConstraint(
            condition=Q(became_resident_on__gte=F("birth_date"))
            & Q(address_set_on__gte=F("became_resident_on")),
            name=f"{prefix}_dates_ordered",
        ),
        models.CheckConstraint(
            condition=(Q(status="resident") & Q(removed_on__isnull=True))
            | (
                Q(status="removed")
                & Q(removed_on__isnull=False)
                & Q(removed_on__gte=F("address_set_on"))
            ),
            name=f"{prefix}_removal_dated",
        ),
        models.CheckConstraint(
            condition=Q(removal_reason__in=["", *RemovalReason.values])
            & (Q(status="removed") | (Q(removal_reason="") & Q(next_address=""))),
            name=f"{prefix}_removal_reason_valid",
        ),
    ]


class Person(TimeStampedModel):
    """A person in the resident register (住民基本台帳), as currently recorded.

    This is the *current state* only: the projection of the person's latest
    :class:`~yakuba.residents.models.PersonVersion` (greatest ``valid_from``,
    then latest recording; a planned 転出 therefore shows here as a 除票 at
    once).  It is changed only by the 異動 services, which append a version
    first; the history is never overwritten.  Code outside this module reads
    people only through :mod:`yakuba.residents.queries`.

    Invariants kept by the database: the 住民票コード is 11 digits and unique;
    kana names are katakana; sex, relationship and status are known values;
    birth ≤ became resident ≤ address set (≤ removed); a removed record (除票)
    has its removal date; at most one current head per household.
    """

    resident_code = models.CharField(_("住民票コード"), max_length=11, unique=True)
    family_name = models.CharField(_("氏"), max_length=50)
    given_name = models.CharField(_("名"), max_length=50)
    family_name_kana = models.CharField(_("氏（カナ）"), max_length=100)
    given_name_kana = models.CharField(_("名（カナ）"), max_length=100)
    former_family_name = models.CharField(_("旧氏"), max_length=50, blank=True)
    birth_date = models.DateField(_("生年月日"))
    sex = models.CharField(_("性別"), max_length=6, choices=Sex.choices)
    household = models.ForeignKey(
        "residents.Household",
        verbose_name=_("世帯"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    relationship = models.CharField(_("続柄"), max_length=12, choices=Relationship.choices)
    became_resident_on = models.DateField(_("住民となった年月日"))
    address_set_on = models.DateField(_("住所を定めた年月日"))
    previous_address = models.CharField(_("従前の住所"), max_length=200, blank=True)
    registered_domicile = models.CharField(_("本籍"), max_length=200, blank=True)
    domicile_head = models.CharField(_("筆頭者"), max_length=100, blank=True)
    status = models.CharField(
        _("状態"), max_length=8, choices=Status.choices, default=Status.RESIDENT
    )
    removed_on = models.DateField(_("消除日"), null=True, blank=True)
    removal_reason = models.CharField(
        _("消除事由"), max_length=10, choices=RemovalReason.choices, blank=True
    )
    next_address = models.CharField(_("転出先"), max_length=200, blank=True)
    name_search_key = models.CharField(
        _("氏名検索キー"), max_length=400, db_index=True, editable=False
    )

    class Meta:
        verbose_name = _("住民")
        verbose_name_plural = _("住民")
        ordering = ["family_name_kana", "given_name_kana", "birth_date"]
        indexes = [
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            models.Index(fields=["household", "status"], name="person_household_status_idx"),
        ]
        constraints = [
            *registry_constraints("person"),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship="head", status="resident"),
                name="person_one_head_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}"

    @property
    def is_head(self) -> bool:
        return self.relationship == Relationship.HEAD

    def compute_name_search_key(self) -> str:
        """Search key over the kanji name, the kana name and the former family name.

        Parts are joined with ``|`` so a search term never spans two of them.
        """
        from yakuba.core.japanese import name_search_key

        parts = [
            name_search_key(self.family_name + self.given_name),
            name_search_key(self.family_name_kana + self.given_name_kana),
        ]
        if self.former_family_name:
            parts.append(name_search_key(self.former_family_name + self.given_name))
        return "|".join(parts)

    def save(self, *args, **kwargs) -> None:
        self.name_search_key = self.compute_name_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and NAME_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_search_key"}
        super().save(*args, **kwargs)
