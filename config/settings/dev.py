"""Settings for `make demo` and local development: SQLite under var/, DB worker."""

from __future__ import annotations

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_bool

DEBUG = DEBUG  # noqa: F405  (from the environment; off unless DEBUG=1)
VAR_DIR.mkdir(parents=True, exist_ok=True)
if not SECRET_KEY:  # noqa: F405
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
# The demo's My Number key, generated once under var/ when no key is configured
# (docs/modules/vault.md).  Production sets YAKUBA_MYNUMBER_KEYS or _KEY_FILE.
if YAKUBA_MYNUMBER_KEYRING is None:  # noqa: F405
    from yakuba.vault.keys import demo_keyring

    YAKUBA_MYNUMBER_KEYRING = demo_keyring(VAR_DIR / "mynumber-demo.keys")
# The citizen card login lists the emulated cards (docs/modules/jpki.md); never in prod.
YAKUBA_JPKI_DEMO = env_bool("YAKUBA_JPKI_DEMO", True)
