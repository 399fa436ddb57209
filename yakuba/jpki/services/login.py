"""Challenge–response login with the 利用者証明用電子証明書.

1. :func:`issue_challenge` stores a random nonce (single use, valid
   :data:`CHALLENGE_LIFETIME`) and returns it;
2. the card, through a reader, signs ``nonce.encode("ascii")`` with its
   authentication key after the 4-digit PIN (:func:`login_message`);
3. :func:`verify_login` spends the nonce, verifies the certificate (chain to the
   CA, purpose, validity, CRL) and the signature, and names the resident.

Any failure raises :class:`LoginRefusedError` with a Japanese message; nobody
is logged in by this module (the view does that, after a successful verdict).
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..authority import verify_with
from ..models import CertificateKind, LoginChallenge
from .verification import CertificateRefusedError, check_certificate

logger = logging.getLogger("yakuba.jpki")

CHALLENGE_LIFETIME = datetime.timedelta(minutes=5)
#: Spent and expired challenges are deleted this long after they expire.
CHALLENGE_RETENTION = datetime.timedelta(hours=1)


class LoginRefusedError(Exception):
    """The card login is refused; ``code`` for tests and logs, ``message`` for the person."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = str(message)
        super().__init__(f"{code}: {self.message}")


@dataclass(frozen=True)
class Challenge:
    nonce: str
    expires_at: datetime.datetime


@dataclass(frozen=True)
class LoginResult:
    """Who logged in: the resident, the card and the certificate used."""

    person_id: int
    card_id: int
    card_number: str
    certificate_serial: str


def issue_challenge(*, now: datetime.datetime | None = None) -> Challenge:
    """A new nonce (32 random bytes, base64url), stored server-side; old ones are swept."""
    now = now or timezone.now()
    LoginChallenge.objects.filter(expires_at__lt=now - CHALLENGE_RETENTION).delete()
    nonce = secrets.token_urlsafe(32)
    row = LoginChallenge.objects.create(nonce=nonce, expires_at=now + CHALLENGE_LIFETIME)
    return Challenge(row.nonce, row.expires_at)


def login_message(nonce: str) -> bytes:
    """The bytes the card signs for a login: the nonce as issued (ASCII)."""
    return nonce.encode("ascii")


def _spend(nonce: str, now: datetime.datetime) -> None:
    """Mark the nonce used with one conditional UPDATE, or say why it cannot be."""
    spent = LoginChallenge.objects.filter(
        nonce=nonce, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if spent == 1:
        return
    row = LoginChallenge.objects.filter(nonce=nonce).first()
    if row is None:
        raise LoginRefusedError(
            "nonce_unknown",
            _("ログインの手続きを確認できませんでした。最初からやり直してください。"),
        )
    if row.used_at is not None:
        raise LoginRefusedError(
            "nonce_used",
            _("この認証要求はすでに使われています。最初からやり直してください。"),
        )
    raise LoginRefusedError(
        "nonce_expired",
        _("ログインの有効時間（5分）が過ぎました。最初からやり直してください。"),
    )


def verify_login(
    nonce: str, signature: bytes, certificate_der: bytes, *, now: datetime.datetime | None = None
) -> LoginResult:
    """Verify a card's answer to a challenge and name the resident; :class:`LoginRefusedError` otherwise.

    The nonce is spent first, whatever follows: a refused attempt must start
    again with a new challenge.
    """
    now = now or timezone.now()
    if not isinstance(nonce, str) or not 32 <= len(nonce) <= 64:
        raise LoginRefusedError(
            "nonce_unknown",
            _("ログインの手続きを確認できませんでした。最初からやり直してください。"),
        )
    _spend(nonce, now)
    try:
        checked = check_certificate(certificate_der, kind=CertificateKind.AUTHENTICATION, now=now)
    except CertificateRefusedError as error:
        logger.info("card login refused", extra={"event": "jpki.login_refused", "code": error.code})
        raise LoginRefusedError(error.code, error.message) from None
    try:
        verify_with(checked.certificate.public_key(), signature, login_message(nonce))
    except (InvalidSignature, TypeError, ValueError):
        logger.info(
            "card login refused", extra={"event": "jpki.login_refused", "code": "bad_signature"}
        )
        raise LoginRefusedError(
            "bad_signature",
            _("カードの署名を確認できませんでした。最初からやり直してください。"),
        ) from None
    card = checked.row.card
    logger.info("card login verified", extra={"event": "jpki.login_verified"})
    return LoginResult(card.person_id, card.pk, card.card_number, checked.serial_hex)
