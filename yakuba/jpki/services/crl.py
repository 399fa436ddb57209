"""The published certificate revocation list: made when needed, always current when read.

:func:`current_crl` returns the newest :class:`~yakuba.jpki.models.PublishedCrl`,
first publishing a new one (CRL number + 1) when there is none, when the newest
is within :data:`RENEW_BEFORE` of its ``nextUpdate``, or when the number of
revoked certificates changed since it was made (a revocation, or the demo's
wipe).  Revocations therefore never fail because of the CRL, and every reader
— ``/card/crl.der`` and the verifiers — sees every committed revocation.  Two
processes publishing at once race on the unique CRL number; the loser reads
the winner's list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..authority import RevokedEntry, build_crl, load_authority
from ..models import CardCertificate, PublishedCrl

#: A CRL promises its next issue within this time (the nextUpdate field).
CRL_LIFETIME = datetime.timedelta(hours=24)
#: A new CRL is made once the newest is this close to its nextUpdate.
RENEW_BEFORE = datetime.timedelta(hours=12)


def _revoked_total() -> int:
    return CardCertificate.objects.filter(revoked_at__isnull=False).count()


def _is_current(crl: PublishedCrl, now: datetime.datetime, revoked_total: int) -> bool:
    return crl.next_update - now > RENEW_BEFORE and crl.revoked_total == revoked_total


def publish_crl(*, now: datetime.datetime | None = None) -> PublishedCrl:
    """Sign and store a new CRL listing every revoked certificate that has not expired."""
    authority = load_authority(create=True)
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        revoked_total = _revoked_total()
        rows = (
            CardCertificate.objects.filter(revoked_at__isnull=False, not_after__gt=now)
            .order_by("revoked_at", "pk")
            .values_list("serial_number", "revoked_at", "revocation_reason")
        )
        entries = [
            RevokedEntry(int(serial, 16), revoked_at.replace(microsecond=0), reason)
            for serial, revoked_at, reason in rows
        ]
        latest = PublishedCrl.objects.order_by("-number").values_list("number", flat=True).first()
        number = (latest or 0) + 1
        crl = build_crl(
            authority, entries, number=number, this_update=now, next_update=now + CRL_LIFETIME
        )
        try:
            with transaction.atomic():
                return PublishedCrl.objects.create(
                    number=number,
                    this_update=now,
                    next_update=now + CRL_LIFETIME,
                    entries=len(entries),
                    revoked_total=revoked_total,
                    der=crl.public_bytes(serialization.Encoding.DER),
                )
        except IntegrityError:
            # Another process published number ``number`` meanwhile: use the newest.
            return PublishedCrl.objects.order_by("-number").first()


def current_crl(*, now: datetime.datetime | None = None) -> PublishedCrl:
    """The newest CRL, published first when missing, due or out of date."""
    now = now or timezone.now()
    latest = PublishedCrl.objects.order_by("-number").first()
    if latest is not None and _is_current(latest, now, _revoked_total()):
        return latest
    return publish_crl(now=now)


@dataclass(frozen=True)
class LoadedCrl:
    number: int
    crl: x509.CertificateRevocationList


_parsed: dict[str, LoadedCrl] = {}


def current_crl_object(*, now: datetime.datetime | None = None) -> x509.CertificateRevocationList:
    """:func:`current_crl`, parsed (cached per process by CRL number and CA)."""
    published = current_crl(now=now)
    key = str(load_authority().directory)
    cached = _parsed.get(key)
    if cached is None or cached.number != published.number:
        cached = LoadedCrl(published.number, x509.load_der_x509_crl(bytes(published.der)))
        _parsed[key] = cached
    return cached.crl
