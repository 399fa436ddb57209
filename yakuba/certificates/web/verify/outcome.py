"""What the page says about an uploaded PDF: the signature verdict against the city's
root (``signing.verify_certificate_pdf``) combined with whether the exact file is an
issued document (``queries.verification.issued_document``).

One outcome, from the most to the least trustworthy, each with its own message:

``issued``        signed by the city, intact, the whole file covered, and recorded as issued;
``not_issued``    the signature is the city's and valid, but no issuance has this file —
                  e.g. signed by the authority outside the kiosk system (a test, a copy
                  re-signed elsewhere) — so it is **not** a certificate this system issued;
``modified``      the signed part is intact but something was appended after signing;
``tampered``      the signed bytes were changed (or the signature does not verify);
``untrusted``     a valid signature by someone other than the city's authority;
``unsigned``      a PDF without a signature;
``unreadable``    a file that libmagic calls PDF but that cannot be parsed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ...queries.verification import IssuedFacts, issued_document

logger = logging.getLogger(__name__)

#: Outcomes whose result box is a success / an error (the others are warnings).
GOOD = frozenset({"issued"})
BAD = frozenset({"tampered", "untrusted", "unsigned", "unreadable", "modified"})


@dataclass(frozen=True)
class UploadResult:
    outcome: str
    facts: IssuedFacts | None
    verdict: Any  # signing.PdfVerdict, or None when the file could not be read

    @property
    def kind(self) -> str:
        if self.outcome in GOOD:
            return "success"
        return "error" if self.outcome in BAD else "warning"

    @property
    def has_signature(self) -> bool:
        return self.verdict is not None and self.outcome not in ("unsigned", "unreadable")

    @property
    def signature_valid(self) -> bool:
        return self.outcome in ("issued", "not_issued")


#: ``PdfVerdict.reason`` → the page's outcome.
_OUTCOMES = {
    "valid": "valid",
    "not_pdf": "unreadable",
    "unsigned": "unsigned",
    "tampered": "tampered",
    "untrusted": "untrusted",
    "modified_after_signing": "modified",
}


def _classify(verdict: Any) -> str:
    outcome = _OUTCOMES.get(str(verdict.reason))
    if outcome is None:  # an unknown reason: judge by the flags, never better than they say
        if not verdict.intact:
            return "tampered"
        if not verdict.trusted:
            return "untrusted"
        return "valid" if verdict.valid else "modified"
    if outcome == "valid" and not verdict.valid:
        return "tampered"
    return outcome


def upload_outcome(data: bytes) -> UploadResult:
    """Validate ``data`` (a PDF by content) and find its issuance; never raises for a bad file."""
    from ...signing import verify_certificate_pdf

    try:
        verdict = verify_certificate_pdf(data)
    except Exception:  # noqa: BLE001 - any unparsable upload is the visitor's file, not our error
        logger.info("an uploaded PDF could not be validated", exc_info=True)
        return UploadResult("unreadable", None, None)
    outcome = _classify(verdict)
    facts = issued_document(data) if outcome == "valid" else None
    if outcome == "valid":
        outcome = "issued" if facts is not None else "not_issued"
    return UploadResult(outcome, facts, verdict)
