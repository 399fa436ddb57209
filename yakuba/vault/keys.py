"""The vault's key material: parsing, loading and the demo key file.

Read by ``config/settings/base.py`` at start-up, so this module imports
nothing from Django and nothing from the rest of yakuba.

A **key line** is ``<key id>:<base64 of 32 random bytes>``, for example
``k2026a:0y4k…=``.  ``YAKUBA_MYNUMBER_KEYS`` holds one or more key lines
separated by commas or white space; ``YAKUBA_MYNUMBER_KEY_FILE`` names a file
with one key line per line (blank lines and ``#`` comments ignored).  The
**first** key is the active one: new numbers are encrypted with it.  The others
only decrypt numbers that were encrypted before a rotation
(``manage.py rotate_mynumber_keys`` re-encrypts them with the active key).

Error messages name the variable or file and the position of the bad entry,
never the key material itself.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

KEY_BYTES = 32
KEY_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,15}")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


class KeyConfigurationError(ValueError):
    """The configured key material is missing, malformed or ambiguous."""


@dataclass(frozen=True)
class Key:
    """One secret: its id (stored with every number it encrypts) and its 32 bytes."""

    key_id: str
    secret: bytes = field(repr=False)

    def __repr__(self) -> str:  # never print the secret
        return f"Key({self.key_id!r})"


@dataclass(frozen=True)
class Keyring:
    """The configured keys, the active (first) one first; ``source`` says where they came from."""

    keys: tuple[Key, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyConfigurationError("a keyring needs at least one key")

    @property
    def active(self) -> Key:
        return self.keys[0]

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(key.key_id for key in self.keys)

    def get(self, key_id: str) -> Key | None:
        return next((key for key in self.keys if key.key_id == key_id), None)

    def __repr__(self) -> str:  # what `diffsettings` and debug pages show
        return f"Keyring(active={self.active.key_id!r}, keys={list(self.key_ids)!r})"


def _decode_secret(text: str) -> bytes | None:
    if not _BASE64.fullmatch(text):
        return None
    padded = text + "=" * (-len(text) % 4)
    try:
        if "-" in text or "_" in text:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_keyring(text: str, *, source: str) -> Keyring:
    """Parse key lines (comma, space or newline separated; ``#`` starts a comment).

    ``source`` names the variable or file in error messages.  Refuses an empty
    list, a malformed entry, a key that is not exactly 32 bytes, and a repeated
    key id or repeated key.
    """
    entries: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        entries.extend(part for part in re.split(r"[\s,]+", line) if part)
    if not entries:
        raise KeyConfigurationError(f"{source}: no key found")
    keys: list[Key] = []
    for position, entry in enumerate(entries, start=1):
        key_id, separator, encoded = entry.partition(":")
        if not separator or not KEY_ID_PATTERN.fullmatch(key_id):
            raise KeyConfigurationError(
                f"{source}: entry {position} must be <key id>:<base64 key>, where the key id is "
                "1-16 characters of a-z, 0-9, '-' or '_' starting with a letter or digit"
            )
        secret = _decode_secret(encoded)
        if secret is None:
            raise KeyConfigurationError(
                f"{source}: the key of {key_id!r} (entry {position}) is not valid base64"
            )
        if len(secret) != KEY_BYTES:
            raise KeyConfigurationError(
                f"{source}: the key of {key_id!r} (entry {position}) must be {KEY_BYTES} bytes, "
                f"got {len(secret)}"
            )
        if any(key.key_id == key_id for key in keys):
            raise KeyConfigurationError(f"{source}: key id {key_id!r} appears twice")
        if any(secrets.compare_digest(key.secret, secret) for key in keys):
            raise KeyConfigurationError(
                f"{source}: the key of {key_id!r} (entry {position}) repeats an earlier key"
            )
        keys.append(Key(key_id, secret))
    return Keyring(tuple(keys), source=source)


def read_key_file(path: str | Path, *, source: str = "YAKUBA_MYNUMBER_KEY_FILE") -> Keyring:
    """Load a key file; refuses a file that others (not owner or group) may read or write."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise KeyConfigurationError(f"{source}: {path} is not a regular file")
        if mode & (stat.S_IROTH | stat.S_IWOTH):
            raise KeyConfigurationError(
                f"{source}: {path} is readable or writable by other users; "
                f"run `chmod 600 {path}` (or 640 with a dedicated group)"
            )
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KeyConfigurationError(
            f"{source}: cannot read {path}: {error.strerror or error}"
        ) from error
    except UnicodeDecodeError as error:
        raise KeyConfigurationError(f"{source}: {path} is not UTF-8 text") from error
    return parse_keyring(text, source=f"{source} ({path})")


def load_keyring(*, keys: str, key_file: str) -> Keyring | None:
    """The keyring from ``YAKUBA_MYNUMBER_KEYS`` or ``YAKUBA_MYNUMBER_KEY_FILE`` (not both).

    ``None`` when neither is set: the vault then refuses every operation with a
    clear message, and ``manage.py check --deploy`` says so.
    """
    if keys.strip() and key_file.strip():
        raise KeyConfigurationError(
            "set either YAKUBA_MYNUMBER_KEYS or YAKUBA_MYNUMBER_KEY_FILE, not both"
        )
    if keys.strip():
        return parse_keyring(keys, source="YAKUBA_MYNUMBER_KEYS")
    if key_file.strip():
        return read_key_file(key_file.strip())
    return None


def new_key_line(key_id: str) -> str:
    """A fresh key line ``<key id>:<base64 of 32 random bytes>`` (``secrets.token_bytes``)."""
    if not KEY_ID_PATTERN.fullmatch(key_id):
        raise KeyConfigurationError(
            f"key id {key_id!r} must be 1-16 characters of a-z, 0-9, '-' or '_'"
        )
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode('ascii')}"


DEMO_KEY_FILE_HEADER = """\
# yakuba My Number vault: DEMO key, generated by config.settings.dev.
# It encrypts the demo city's fictional numbers only.  NEVER use it in
# production: set YAKUBA_MYNUMBER_KEYS or YAKUBA_MYNUMBER_KEY_FILE to your own
# key (python -m yakuba new-mynumber-key <id>).  Deleting this file makes
# the numbers in var/yakuba.sqlite3 unreadable; `make clean` removes both.
"""


def demo_keyring(path: str | Path) -> Keyring:
    """The demo key file under ``var/``, created (mode 600) with a random key when missing."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written to a private temporary file, then linked into place: a process
        # starting at the same moment sees either no file or the whole file.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(DEMO_KEY_FILE_HEADER + new_key_line("demo-1") + "\n")
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process won the race; use its key
        finally:
            temporary.unlink(missing_ok=True)
    return read_key_file(path, source="demo key file")
