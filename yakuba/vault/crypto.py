"""Encryption and the blind index of the 個人番号 (AES-256-GCM and HMAC-SHA-256).

Each configured secret (see :mod:`yakuba.vault.keys`) yields, through
HKDF-SHA-256 with distinct ``info`` labels, three independent keys:

* an **encryption key** — AES-256-GCM, a fresh random 96-bit nonce per
  encryption, the person's id as associated data (a ciphertext copied onto
  another person's row does not decrypt);
* an **index key** — HMAC-SHA-256 of the 12 digits, hex: the *blind index*
  that answers "who has this number?" with an equality lookup, and that a
  unique constraint keeps unique, without the number being stored;
* a **fingerprint** — SHA-256 of HKDF output, stored in the database the first
  time a key is used, so that a different secret configured under a known key
  id is told apart from tampered data.

The stored ciphertext is ``nonce (12 bytes) ‖ encrypted digits (12) ‖ tag (16)``
= 40 bytes.  Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .keys import Key, Keyring

NONCE_BYTES = 12
TAG_BYTES = 16
CIPHERTEXT_BYTES = NONCE_BYTES + 12 + TAG_BYTES  # 40
INDEX_HEX_LENGTH = 64

_ENCRYPTION_INFO = b"yakuba.vault.mynumber.encryption.v1"
_INDEX_INFO = b"yakuba.vault.mynumber.blind-index.v1"
_FINGERPRINT_INFO = b"yakuba.vault.mynumber.fingerprint.v1"
_ASSOCIATED_DATA = "yakuba.vault.mynumber.v1|person:{person_id}"


class VaultError(Exception):
    """The vault cannot do what was asked; ``message`` is for staff (translated)."""

    message = _("個人番号を扱えません。システム管理者に連絡してください。")
    code = "vault_error"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail  # for operators' logs: key ids, never numbers
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class KeyMissingError(VaultError):
    message = _(
        "個人番号の暗号鍵が設定されていないため、個人番号を扱えません。"
        "システム管理者に連絡してください（YAKUBA_MYNUMBER_KEYS または YAKUBA_MYNUMBER_KEY_FILE）。"
    )
    code = "key_missing"


class UnknownKeyError(VaultError):
    message = _(
        "この個人番号を暗号化した鍵が設定されていないため、表示できません。"
        "システム管理者に連絡してください（鍵の切替え中に古い鍵を外した可能性があります）。"
    )
    code = "unknown_key"


class WrongKeyError(VaultError):
    message = _(
        "設定されている暗号鍵が、個人番号を暗号化した鍵と一致しません。"
        "システム管理者に連絡してください（同じ鍵IDに別の鍵が設定されています）。"
    )
    code = "wrong_key"


class TamperedError(VaultError):
    message = _(
        "保存されている個人番号の暗号データが改ざんされているか壊れているため、表示できません。"
        "システム管理者に連絡してください。"
    )
    code = "tampered"


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


@dataclass(frozen=True)
class DerivedKey:
    """The keys derived from one configured secret."""

    key_id: str
    aead: AESGCM
    index_key: bytes
    fingerprint: str

    def __repr__(self) -> str:
        return f"DerivedKey({self.key_id!r})"


@lru_cache(maxsize=32)
def derive(key: Key) -> DerivedKey:
    """Derive (once per process and key) the encryption, index and fingerprint keys."""
    return DerivedKey(
        key_id=key.key_id,
        aead=AESGCM(_derive(key.secret, _ENCRYPTION_INFO)),
        index_key=_derive(key.secret, _INDEX_INFO),
        fingerprint=hashlib.sha256(_derive(key.secret, _FINGERPRINT_INFO)).hexdigest(),
    )


def configured_keyring() -> Keyring:
    """The keyring from the settings, or :class:`KeyMissingError`."""
    keyring = getattr(settings, "YAKUBA_MYNUMBER_KEYRING", None)
    if keyring is None:
        raise KeyMissingError("no YAKUBA_MYNUMBER_KEYS or YAKUBA_MYNUMBER_KEY_FILE")
    return keyring


def _associated_data(person_id: int) -> bytes:
    return _ASSOCIATED_DATA.format(person_id=int(person_id)).encode("ascii")


@dataclass(frozen=True)
class Sealed:
    """What is stored for one number: key id, ciphertext and blind index."""

    key_id: str
    ciphertext: bytes
    blind_index: str

    def __repr__(self) -> str:
        return f"Sealed(key_id={self.key_id!r})"


class Cipher:
    """Seals and opens numbers with a keyring (the active key seals, any key opens)."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self.active = derive(keyring.active)

    def blind_index(self, number: str, key: DerivedKey | None = None) -> str:
        """HMAC-SHA-256 of the 12 digits under the active (or given) key, lowercase hex."""
        return hmac.new(
            (key or self.active).index_key, number.encode("ascii"), hashlib.sha256
        ).hexdigest()

    def blind_indexes(self, number: str) -> list[str]:
        """The number's index under every configured key (lookups during a rotation)."""
        return [self.blind_index(number, derive(key)) for key in self.keyring.keys]

    def seal(self, person_id: int, number: str) -> Sealed:
        """Encrypt ``number`` for ``person_id`` with the active key."""
        nonce = os.urandom(NONCE_BYTES)
        encrypted = self.active.aead.encrypt(
            nonce, number.encode("ascii"), _associated_data(person_id)
        )
        return Sealed(self.active.key_id, nonce + encrypted, self.blind_index(number))

    def open(self, person_id: int, key_id: str, ciphertext: bytes) -> str:
        """Decrypt; :class:`UnknownKeyError` or :class:`TamperedError` on failure.

        A GCM tag failure cannot tell a wrong key from altered data; the caller
        compares fingerprints (:func:`yakuba.vault.services`) to say which.
        """
        key = self.keyring.get(key_id)
        if key is None:
            raise UnknownKeyError(f"key id {key_id!r} is not configured")
        data = bytes(ciphertext)
        if len(data) != CIPHERTEXT_BYTES:
            raise TamperedError(f"ciphertext of {len(data)} bytes under key {key_id!r}")
        try:
            plain = derive(key).aead.decrypt(
                data[:NONCE_BYTES], data[NONCE_BYTES:], _associated_data(person_id)
            )
        except InvalidTag as error:
            raise TamperedError(f"authentication tag mismatch under key {key_id!r}") from error
        number = plain.decode("ascii", errors="replace")
        if not (len(number) == 12 and number.isascii() and number.isdigit()):
            raise TamperedError(f"decrypted value is not 12 digits under key {key_id!r}")
        return number


_cipher_cache: dict[int, Cipher] = {}


def current_cipher() -> Cipher:
    """The cipher of the configured keyring (cached per keyring object)."""
    keyring = configured_keyring()
    cipher = _cipher_cache.get(id(keyring))
    if cipher is None or cipher.keyring is not keyring:
        cipher = Cipher(keyring)
        _cipher_cache.clear()
        _cipher_cache[id(keyring)] = cipher
    return cipher
