"""Production settings: every secret must come from the environment."""

from __future__ import annotations

from .base import *  # noqa: F403
from .env import SettingsError

if not SECRET_KEY or len(SECRET_KEY) < 40:  # noqa: F405
    raise SettingsError("SECRET_KEY must be set to a random string of at least 40 characters")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# HSTS preload is deliberately off (base.py): a municipality's domain is often
# shared with other systems (lg.jp subdomains), and the preload list is hard to
# leave.  Operators who want it can submit the domain themselves.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
