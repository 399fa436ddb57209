"""The card-reader interface every implementation follows, and its errors.

A reader sees the cards placed on it, reads a certificate from a card, and has
the card sign bytes with one of its two private keys after the PIN of that
key was verified **by the card**.  The private key never leaves the card: the
signature is all that comes back.  Callers (login, document signing) use only
this interface, so a PC/SC reader for real cards is one more class named by
``settings.YAKUBA_JPKI_READER`` (docs/modules/jpki.md, "A real card reader").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class CardSlot:
    """A card the reader sees: an opaque handle and a label safe to show to the person at the reader."""

    handle: str
    label: str


class CardReaderError(Exception):
    """Something the person at the reader must be told (``message`` is Japanese)."""

    code = "reader_error"
    default_message = _(
        "カードを読み取れませんでした。カードを置き直して、もう一度お試しください。"
    )

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class CardNotPresentError(CardReaderError):
    code = "card_not_present"
    default_message = _("カードが見つかりません。カードを置き直して、もう一度お試しください。")


class CertificateNotOnCardError(CardReaderError):
    code = "certificate_missing"
    default_message = _("このカードには、この用途の電子証明書が入っていません。")


class PinLockedError(CardReaderError):
    """The PIN of this certificate is locked: the card refuses to check any PIN."""

    code = "pin_locked"

    def __init__(self, kind_label: str) -> None:
        super().__init__(
            _(
                "%(certificate)sの暗証番号がロックされています。本人確認書類とカードをお持ちの上、"
                "市役所の窓口で暗証番号の再設定をしてください。"
            )
            % {"certificate": kind_label}
        )


class WrongPinError(CardReaderError):
    """A wrong PIN: the card counted it; ``remaining`` tries are left (0 = now locked)."""

    code = "wrong_pin"

    def __init__(self, kind_label: str, remaining: int) -> None:
        self.remaining = remaining
        if remaining == 0:
            message = _(
                "暗証番号が違います。%(certificate)sの暗証番号がロックされました。"
                "市役所の窓口で暗証番号の再設定をしてください。"
            ) % {"certificate": kind_label}
        else:
            message = ngettext_lazy(
                "暗証番号が違います。あと%(remaining)d回間違えるとロックされます。",
                "暗証番号が違います。あと%(remaining)d回間違えるとロックされます。",
                remaining,
            ) % {"remaining": remaining}
        super().__init__(message)


@runtime_checkable
class CardReader(Protocol):
    """What login and signing need from a card reader (a PC/SC one or the emulation)."""

    def cards(self) -> list[CardSlot]:
        """The cards present now (a physical reader: zero or one)."""
        ...

    def read_certificate(self, handle: str, kind: str) -> bytes:
        """The DER certificate of ``kind`` (``auth`` or ``sign``); no PIN needed."""
        ...

    def remaining_tries(self, handle: str, kind: str) -> int:
        """PIN tries left before the certificate's PIN locks (0 = locked)."""
        ...

    def sign(self, handle: str, kind: str, pin: str, data: bytes) -> bytes:
        """Verify ``pin`` on the card, then sign SHA-256(``data``) with the key of ``kind``.

        RSA keys give a PKCS #1 v1.5 signature, EC keys a DER ECDSA signature.
        Raises :class:`WrongPinError` (counted by the card), :class:`PinLockedError`,
        :class:`CardNotPresentError` or :class:`CertificateNotOnCardError`.
        """
        ...
