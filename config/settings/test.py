"""Settings for the test suite.

The database comes from DATABASE_URL (PostgreSQL in `make test`, SQLite for the
second pass over database-guarantee tests).  Tasks run inline, e-mail stays in
memory, passwords use a cheap hasher.
"""

from __future__ import annotations

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yakuba")
os.environ.setdefault("YAKUBA_TASK_BACKEND", "immediate")

from yakuba.vault.keys import parse_keyring  # noqa: E402

from .base import *  # noqa: E402,F403

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# E-mail: every mailer in memory (django.core.mail.outbox); the alerts tests point
# MAILERS at a real loopback SMTP server with override_settings.
MAILERS = {
    alias: {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    for alias in ("default", "alerts")
}
ALLOWED_HOSTS = ["*"]

# A fixed, public test key for the My Number vault (never a real key): bytes 0..31.
YAKUBA_MYNUMBER_KEYRING = parse_keyring(
    "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", source="config.settings.test"
)

# Attachments of online applications: a throwaway directory per test process.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

YAKUBA_APPLICATIONS_FILES_DIR = Path(tempfile.mkdtemp(prefix="yakuba-application-files-"))

# Open data resource files: a throwaway directory per test process.
YAKUBA_OPENDATA_FILES_DIR = Path(tempfile.mkdtemp(prefix="yakuba-opendata-files-"))

# The city's certificate-issuing keys (コンビニ交付): a throwaway directory per test process.
YAKUBA_CERTIFICATES_DIR = Path(tempfile.mkdtemp(prefix="yakuba-certificates-"))
