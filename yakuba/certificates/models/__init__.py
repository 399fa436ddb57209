"""Models of the certificates module (コンビニ交付), one file per concept."""

from .issuance import MAX_COPIES, SERIAL_ALPHABET, SERIAL_LENGTH, CertificateKind, Issuance
from .kiosk import Kiosk, MaintenanceWindow
from .seal import AbolitionReason, SealRegistration
from .support import SupportMeasure
from .tax import AMOUNT_FIELDS, TaxAssessment

__all__ = [
    "AMOUNT_FIELDS",
    "MAX_COPIES",
    "SERIAL_ALPHABET",
    "SERIAL_LENGTH",
    "AbolitionReason",
    "CertificateKind",
    "Issuance",
    "Kiosk",
    "MaintenanceWindow",
    "SealRegistration",
    "SupportMeasure",
    "TaxAssessment",
]
