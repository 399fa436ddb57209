"""Models of the online applications module (one file per concept)."""

from .attachment import Attachment, ScanStatus
from .catalogue import (
    ApplicantKind,
    Category,
    IdentityLevel,
    LifeEvent,
    LifeEventStep,
    Procedure,
)
from .form_version import FormState, FormVersion
from .signature import SubmissionSignature
from .submission import (
    OPEN_STATUSES,
    SUBMITTED_STATUSES,
    TRANSITIONS,
    Status,
    Submission,
)
from .timeline import EventKind, SubmissionEvent

__all__ = [
    "OPEN_STATUSES",
    "SUBMITTED_STATUSES",
    "TRANSITIONS",
    "ApplicantKind",
    "Attachment",
    "Category",
    "EventKind",
    "FormState",
    "FormVersion",
    "IdentityLevel",
    "LifeEvent",
    "LifeEventStep",
    "Procedure",
    "ScanStatus",
    "Status",
    "Submission",
    "SubmissionEvent",
    "SubmissionSignature",
]
