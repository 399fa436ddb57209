"""Settings for bench/: production-like request handling on loopback, quiet logs.

bench/_harness.py sets DATABASE_URL (a throwaway SQLite file unless one is given),
YAKUBA_VAR_DIR (a temporary directory) and LOG_LEVEL=WARNING, so the figures
measure Django and yakuba rather than log output.  Not for deployment: it runs
without TLS and falls back to a fixed secret key.
"""

from __future__ import annotations

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = SECRET_KEY or "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: F405
# Bench loads the demo city (with My Numbers): a key generated in the bench's var dir.
if YAKUBA_MYNUMBER_KEYRING is None:  # noqa: F405
    from yakuba.vault.keys import demo_keyring

    YAKUBA_MYNUMBER_KEYRING = demo_keyring(VAR_DIR / "mynumber-demo.keys")  # noqa: F405
