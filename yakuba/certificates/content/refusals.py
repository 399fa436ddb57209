"""Why a certificate is not issued at a kiosk, and what the kiosk may say about it.

The kiosk is a public place and the screen may be seen by others (or by the person a
DV support measure protects against), so for the **sensitive** reasons — a 除票, a
support measure, a locked / revoked / expired card — the public message is only
「このサービスはご利用いただけません。お手数ですが、市役所の窓口でお手続きください。」.
The ``code`` is kept for the staff log (the issuance part logs it; 市民課 sees it at
the counter). For reasons that concern only the holder's own request (no seal
registered, no assessment for the year) a clearer message helps and reveals nothing.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RefusalCode(StrEnum):
    #: the holder (or a person the certificate would show) was a 除票 on the day
    REMOVED = "removed"
    #: the register held nothing for the person on the day (not yet a resident)
    NOT_REGISTERED = "not_registered"
    #: DV等支援措置 in force on a person the certificate would show
    SUPPORT_MEASURE = "support_measure"
    #: the 利用者証明用電子証明書 is locked (PIN tries used up), revoked or expired
    CARD_LOCKED = "card_locked"
    CARD_REVOKED = "card_revoked"
    CARD_EXPIRED = "card_expired"
    #: the municipality profile is not set up: no certificate can name the issuer
    NOT_CONFIGURED = "not_configured"
    #: 印鑑登録証明書 without a registration in force on the day
    NO_SEAL = "no_seal"
    #: 課税・所得証明書 for a year without an assessment of the person
    NO_ASSESSMENT = "no_assessment"


#: Codes whose reason the kiosk never reveals.
SENSITIVE_CODES = frozenset(
    {
        RefusalCode.REMOVED,
        RefusalCode.NOT_REGISTERED,
        RefusalCode.SUPPORT_MEASURE,
        RefusalCode.CARD_LOCKED,
        RefusalCode.CARD_REVOKED,
        RefusalCode.CARD_EXPIRED,
        RefusalCode.NOT_CONFIGURED,
    }
)

COUNTER_MESSAGE = _(
    "このサービスはご利用いただけません。お手数ですが、市役所の窓口でお手続きください。"
)

_PUBLIC_MESSAGES: dict[str, Promise] = {
    RefusalCode.NO_SEAL: _(
        "印鑑登録がないため、印鑑登録証明書は交付できません。"
        "印鑑登録は市役所の窓口でお手続きください。"
    ),
    RefusalCode.NO_ASSESSMENT: _(
        "選んだ年度の課税・所得の情報がないため、証明書は交付できません。"
        "市役所の窓口でお問い合わせください。"
    ),
}


def public_message(code: str) -> Promise:
    """What the kiosk shows for ``code`` (the counter message for every sensitive or
    unknown code)."""
    return _PUBLIC_MESSAGES.get(code, COUNTER_MESSAGE)


class Refused(Exception):
    """A certificate that the kiosk does not issue.

    ``code``: a :class:`RefusalCode` value, for the staff log only. ``message``: what
    the kiosk may show (lazy, in the page's language). ``str(error)`` is the code, so
    a log line never carries the public text nor anything about the person.
    """

    def __init__(self, code: str) -> None:
        self.code = str(code)
        self.message = public_message(self.code)
        super().__init__(self.code)

    @property
    def is_sensitive(self) -> bool:
        return self.code not in _PUBLIC_MESSAGES


def card_refusal(state: str) -> Refused:
    """The refusal for a card certificate in ``state`` (``locked``, ``revoked``,
    ``expired`` — the jpki states; anything else is treated as revoked)."""
    code = {
        "locked": RefusalCode.CARD_LOCKED,
        "expired": RefusalCode.CARD_EXPIRED,
    }.get(state, RefusalCode.CARD_REVOKED)
    return Refused(code)
