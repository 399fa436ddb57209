"""The VAPID key pair (RFC 8292) that identifies this city's server to the push services.

Production names a PEM file in ``YAKUBA_VAPID_PRIVATE_KEY_FILE`` (a system check fails
when it does not).  Development, the demo and the tests have no such file: a key is
generated once into ``var/vapid-private.pem`` and reused, so subscriptions made in the
browser keep working across restarts.  Changing the key voids every push subscription
(the browser bound each one to the public key it was given).
"""

from __future__ import annotations

import base64
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid

#: Settings modules that are not production: they may generate a key under var/.
NON_PRODUCTION_SETTINGS = (".dev", ".test", ".bench")


def is_production() -> bool:
    """Production: not DEBUG and not one of the dev/test/bench settings modules."""
    # Under override_settings SETTINGS_MODULE reads None: fall back to the environment.
    module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get(
        "DJANGO_SETTINGS_MODULE", ""
    )
    return not settings.DEBUG and not module.endswith(NON_PRODUCTION_SETTINGS)


def generated_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / "vapid-private.pem"


def key_path() -> Path:
    """The PEM file in use: the configured one, else (never in production) the generated one."""
    configured = settings.YAKUBA_VAPID_PRIVATE_KEY_FILE
    if configured:
        return Path(configured)
    if is_production():
        raise ImproperlyConfigured(
            "YAKUBA_VAPID_PRIVATE_KEY_FILE must name the VAPID private key (PEM) in production."
        )
    path = generated_key_path()
    if not path.exists():
        _generate(path)
    return path


def _generate(path: Path) -> None:
    """Write a new P-256 key atomically: concurrent workers end up sharing the first one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
    try:
        os.write(handle, pem)
        os.close(handle)
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)  # fails if another process won the race
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


@lru_cache(maxsize=4)
def _load(path: str, modified: float) -> Vapid:
    del modified  # part of the cache key: a replaced file is read again
    pem = Path(path).read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ImproperlyConfigured("The VAPID key must be an EC P-256 private key (PEM).")
    return Vapid(key)


def load() -> Vapid:
    """The VAPID signer (py-vapid), loaded once per process and file version."""
    path = key_path()
    return _load(str(path), path.stat().st_mtime)


def public_key() -> str:
    """The application server key for ``pushManager.subscribe``: base64url uncompressed point."""
    raw = load().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@checks.register(checks.Tags.security)
def vapid_key_configured(app_configs=None, **kwargs):
    """Production must name its key: a generated one would change with every new server."""
    if not is_production():
        return []
    configured = settings.YAKUBA_VAPID_PRIVATE_KEY_FILE
    if not configured:
        return [
            checks.Error(
                "YAKUBA_VAPID_PRIVATE_KEY_FILE is not set: Web Push cannot sign its requests.",
                hint="Generate a P-256 key (docs/modules/alerts-push-line.md) and name its PEM file.",
                id="alerts.E001",
            )
        ]
    if not Path(configured).is_file():
        return [
            checks.Error(
                f"YAKUBA_VAPID_PRIVATE_KEY_FILE names no readable file: {configured}",
                id="alerts.E002",
            )
        ]
    return []
