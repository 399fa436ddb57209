"""Services of the core module: the municipality profile."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import MunicipalityProfile

_CACHE_KEY = "yakuba:municipality"


def get_municipality() -> MunicipalityProfile | None:
    """Return the municipality profile (cached), or ``None`` before set-up."""
    profile = cache.get(_CACHE_KEY)
    if profile is None:
        profile = MunicipalityProfile.objects.first()
        if profile is not None:
            cache.set(_CACHE_KEY, profile, 300)
    return profile


def save_municipality(**fields: Any) -> MunicipalityProfile:
    """Create or update the single municipality profile after validating every field."""
    with transaction.atomic():
        profile = MunicipalityProfile.objects.select_for_update().first() or MunicipalityProfile()
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))
    cache.delete(_CACHE_KEY)
    return profile


def site_tier() -> str:
    return settings.YAKUBA_SITE_TIER


def serves_citizens() -> bool:
    return settings.YAKUBA_SITE_TIER in ("citizen", "both")


def serves_staff() -> bool:
    return settings.YAKUBA_SITE_TIER in ("staff", "both")
