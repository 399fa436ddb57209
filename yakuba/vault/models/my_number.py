"""個人番号: one encrypted number per person, its earlier numbers, and the key fingerprints."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

KEY_ID_REGEX = r"^[a-z0-9][a-z0-9_-]{0,15}$"
INDEX_REGEX = r"^[0-9a-f]{64}$"
CIPHERTEXT_BYTES = 40  # nonce 12 + digits 12 + tag 16 (yakuba.vault.crypto)


def _sealed_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(key_id__regex=KEY_ID_REGEX), name=f"{prefix}_key_id_format"
        ),
        models.CheckConstraint(
            condition=Q(blind_index__regex=INDEX_REGEX), name=f"{prefix}_blind_index_format"
        ),
        models.CheckConstraint(
            condition=Exact(Length("ciphertext"), CIPHERTEXT_BYTES),
            name=f"{prefix}_ciphertext_length",
        ),
    ]


class MyNumber(TimeStampedModel):
    """A person's current 個人番号, encrypted (AES-256-GCM) with a blind index for lookups.

    The clear number is never stored: ``ciphertext`` can be opened only with the
    key named by ``key_id``, which lives outside the database; ``blind_index``
    (HMAC-SHA-256 under a key derived from the same secret) is unique, so no
    number is held by two people.  Write through :mod:`yakuba.vault.services`
    only; every read of the clear number goes through
    :func:`yakuba.vault.queries.reveal_number`, which is audited.
    """

    person = models.OneToOneField(
        "residents.Person",
        verbose_name=_("住民"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key_id = models.CharField(_("鍵ID"), max_length=16)
    ciphertext = models.BinaryField(_("暗号文"))
    blind_index = models.CharField(_("検索用索引"), max_length=64, unique=True)
    assigned_on = models.DateField(_("記載日"))

    class Meta:
        verbose_name = _("個人番号")
        verbose_name_plural = _("個人番号")
        constraints = _sealed_constraints("vault_mynumber")
        indexes = [models.Index(fields=["key_id"], name="vault_mynumber_key_id")]

    def __str__(self) -> str:  # never the number
        return str(_("個人番号（住民ID %(person_id)s）") % {"person_id": self.person_id})


class Replacement(models.TextChoices):
    """Why a number stopped being the person's current number."""

    CHANGED = "changed", _("番号の変更（番号法第7条第2項）")
    CORRECTED = "corrected", _("誤って記載した番号の訂正")


class MyNumberHistory(TimeStampedModel):
    """An earlier 個人番号 of a person: replaced after a leak, or a corrected mistake.

    Kept encrypted like the current one.  A number replaced because it leaked
    (``changed``) is never given to anyone again; a number entered by mistake
    (``corrected``) may belong to someone else and does not block them.
    """

    person = models.ForeignKey(
        "residents.Person",
        verbose_name=_("住民"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key_id = models.CharField(_("鍵ID"), max_length=16)
    ciphertext = models.BinaryField(_("暗号文"))
    blind_index = models.CharField(_("検索用索引"), max_length=64, db_index=True)
    assigned_on = models.DateField(_("記載日"))
    replaced_on = models.DateField(_("変更日"))
    reason = models.CharField(_("理由"), max_length=10, choices=Replacement.choices)

    class Meta:
        verbose_name = _("以前の個人番号")
        verbose_name_plural = _("以前の個人番号")
        ordering = ["person", "-replaced_on", "-id"]
        constraints = [
            *_sealed_constraints("vault_mynumberhistory"),
            models.CheckConstraint(
                condition=Q(replaced_on__gte=F("assigned_on")),
                name="vault_mynumberhistory_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=Replacement.values),
                name="vault_mynumberhistory_known_reason",
            ),
        ]
        indexes = [models.Index(fields=["key_id"], name="vault_mynumberhistory_key_id")]

    def __str__(self) -> str:
        return str(_("以前の個人番号（住民ID %(person_id)s）") % {"person_id": self.person_id})


class KeyFingerprint(TimeStampedModel):
    """Proof of which secret a key id stood for when it first encrypted a number.

    A SHA-256 of key material derived for this purpose only: it reveals nothing
    about the key, and lets the vault refuse a *different* secret configured
    under a key id that is already in use (which would make the numbers
    encrypted before unreadable).
    """

    key_id = models.CharField(_("鍵ID"), max_length=16, unique=True)
    fingerprint = models.CharField(_("鍵の指紋"), max_length=64)

    class Meta:
        verbose_name = _("暗号鍵の指紋")
        verbose_name_plural = _("暗号鍵の指紋")
        constraints = [
            models.CheckConstraint(
                condition=Q(key_id__regex=KEY_ID_REGEX), name="vault_keyfingerprint_key_id_format"
            ),
            models.CheckConstraint(
                condition=Q(fingerprint__regex=INDEX_REGEX),
                name="vault_keyfingerprint_fingerprint_format",
            ),
        ]

    def __str__(self) -> str:
        return self.key_id
