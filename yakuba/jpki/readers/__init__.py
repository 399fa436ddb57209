"""Card readers: the interface (:mod:`.base`) and the configured implementation.

``get_reader()`` returns an instance of the class named by
``settings.YAKUBA_JPKI_READER`` (default: the emulated reader).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import (
    CardNotPresentError,
    CardReader,
    CardReaderError,
    CardSlot,
    CertificateNotOnCardError,
    PinLockedError,
    WrongPinError,
)


def get_reader() -> CardReader:
    """The configured card reader."""
    path = settings.YAKUBA_JPKI_READER
    try:
        reader = import_string(path)()
    except ImportError as error:
        raise ImproperlyConfigured(f"YAKUBA_JPKI_READER: cannot import {path!r}") from error
    if not isinstance(reader, CardReader):
        raise ImproperlyConfigured(f"YAKUBA_JPKI_READER: {path!r} is not a CardReader")
    return reader


__all__ = [
    "CardNotPresentError",
    "CardReader",
    "CardReaderError",
    "CardSlot",
    "CertificateNotOnCardError",
    "PinLockedError",
    "WrongPinError",
    "get_reader",
]
