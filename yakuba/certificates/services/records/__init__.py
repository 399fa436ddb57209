"""Services of the records part: 印鑑登録, 課税・所得, 支援措置 (import from here).

Every function is atomic, checks the policy (``actor=None`` is the system where
allowed), validates with Japanese messages (``ValidationError``, nothing written),
writes, and leaves one access record per person changed.  No events are sent: the
kiosk reads these records when it issues (``yakuba.certificates.queries.records``).
"""

from .common import (
    IMPORT_SYSTEM_ACTOR,
    PERSON_SUBJECT_KIND,
    REGISTER_PURPOSE,
    SEAL_FILE_KEY,
    SEAL_PURPOSE,
    SEAL_RECORD_KIND,
    SUPPORT_FILE_KEY,
    SUPPORT_PURPOSE,
    SUPPORT_RECORD_KIND,
    TAX_FILE_KEY,
    TAX_PURPOSE,
    TAX_RECORD_KIND,
)
from .seal_image import MAX_SIDE, MAX_STORED_BYTES, MAX_UPLOAD_BYTES, normalise_seal_image
from .seals import (
    MINIMUM_AGE,
    STAFF_ABOLITION_REASONS,
    abolish_seal,
    abolish_seals_for_movement,
    next_registration_number,
    register_seal,
)
from .support import flag_support_measure, lift_support_measure, open_measures
from .tax import VALUE_FIELDS, ImportReport, correct_tax_assessment, import_tax_assessments
from .tax_csv import COLUMNS, LineError

__all__ = [
    "COLUMNS",
    "IMPORT_SYSTEM_ACTOR",
    "MAX_SIDE",
    "MAX_STORED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MINIMUM_AGE",
    "PERSON_SUBJECT_KIND",
    "REGISTER_PURPOSE",
    "SEAL_FILE_KEY",
    "SEAL_PURPOSE",
    "SEAL_RECORD_KIND",
    "STAFF_ABOLITION_REASONS",
    "SUPPORT_FILE_KEY",
    "SUPPORT_PURPOSE",
    "SUPPORT_RECORD_KIND",
    "TAX_FILE_KEY",
    "TAX_PURPOSE",
    "TAX_RECORD_KIND",
    "VALUE_FIELDS",
    "ImportReport",
    "LineError",
    "abolish_seal",
    "abolish_seals_for_movement",
    "correct_tax_assessment",
    "flag_support_measure",
    "import_tax_assessments",
    "lift_support_measure",
    "next_registration_number",
    "normalise_seal_image",
    "open_measures",
    "register_seal",
]
