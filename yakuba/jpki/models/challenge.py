"""Login challenges (nonces) and the published certificate revocation lists."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class LoginChallenge(TimeStampedModel):
    """A random nonce the card signs to log in: single use, valid a few minutes.

    ``used_at`` is set by one conditional ``UPDATE`` (only while unused and
    unexpired), so two requests presenting the same nonce cannot both succeed.
    """

    nonce = models.CharField(_("チャレンジ"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("ログインのチャレンジ")
        verbose_name_plural = _("ログインのチャレンジ")
        constraints = [
            models.CheckConstraint(
                condition=Q(nonce__regex=r"^[A-Za-z0-9_-]{32,64}$"), name="jpki_nonce_format"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="jpki_challenge_expiry")]

    def __str__(self) -> str:
        return self.nonce[:8] + "…"


class PublishedCrl(TimeStampedModel):
    """One certificate revocation list as published (DER, signed by the CA).

    ``number`` is the CRL number extension: it only grows.  The newest row is
    what ``/card/crl.der`` serves and what the verifiers check against; a new
    one is made when the newest is due for renewal or a revocation came after it.
    """

    number = models.PositiveBigIntegerField(_("CRL番号"), unique=True)
    this_update = models.DateTimeField(_("発行日時"))
    next_update = models.DateTimeField(_("次回更新予定"))
    entries = models.PositiveIntegerField(_("掲載した証明書の数"))
    #: How many certificates had ever been revoked when this list was made: a
    #: different count now means the list is out of date (see services.crl).
    revoked_total = models.PositiveBigIntegerField(_("失効済みの証明書の総数"))
    der = models.BinaryField(_("CRL（DER）"))

    class Meta:
        verbose_name = _("証明書失効リスト")
        verbose_name_plural = _("証明書失効リスト")
        constraints = [
            models.CheckConstraint(
                condition=Q(this_update__lt=F("next_update")), name="jpki_crl_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="jpki_crl_number_positive"),
        ]

    def __str__(self) -> str:
        return str(_("CRL 第%(number)s号") % {"number": self.number})
