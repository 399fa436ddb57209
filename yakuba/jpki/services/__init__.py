"""Every write of the jpki module, and the login and signing functions other modules call.

* cards, certificates, PINs — :mod:`.cards`;
* the certificate revocation list — :mod:`.crl`;
* challenge–response login — :mod:`.login`;
* document signatures (CMS) — :mod:`.signing`;
* the certificate checks both share — :mod:`.verification`.

See docs/modules/jpki.md.
"""

from .cards import (
    MOVEMENT_REVOCATIONS,
    RECORD_KIND,
    STAFF_REVOCATION_REASONS,
    BulkHolder,
    IssuedCard,
    issue_card,
    issue_cards_in_bulk,
    reset_pin,
    revoke_certificates,
    revoke_for_movement,
)
from .crl import current_crl, publish_crl
from .login import (
    CHALLENGE_LIFETIME,
    Challenge,
    LoginRefusedError,
    LoginResult,
    issue_challenge,
    login_message,
    verify_login,
)
from .signing import SignatureVerdict, sign_document, verify_document_signature
from .verification import CertificateRefusedError

__all__ = [
    "CHALLENGE_LIFETIME",
    "MOVEMENT_REVOCATIONS",
    "RECORD_KIND",
    "STAFF_REVOCATION_REASONS",
    "BulkHolder",
    "CertificateRefusedError",
    "Challenge",
    "IssuedCard",
    "LoginRefusedError",
    "LoginResult",
    "SignatureVerdict",
    "current_crl",
    "issue_card",
    "issue_cards_in_bulk",
    "issue_challenge",
    "login_message",
    "publish_crl",
    "reset_pin",
    "revoke_certificates",
    "revoke_for_movement",
    "sign_document",
    "verify_document_signature",
    "verify_login",
]
