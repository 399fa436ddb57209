from .card import (
    PIN_LIMITS,
    Card,
    CardCertificate,
    CertificateKind,
    KeyAlgorithm,
    RevocationReason,
)
from .challenge import LoginChallenge, PublishedCrl

__all__ = [
    "PIN_LIMITS",
    "Card",
    "CardCertificate",
    "CertificateKind",
    "KeyAlgorithm",
    "LoginChallenge",
    "PublishedCrl",
    "RevocationReason",
]
