"""Signals the certificates module sends (after commit, ``robust``: a failing listener is
logged and the issuance stays).

``certificate_issued(issuance_id, person_id, kind, kiosk_code)``
    A certificate was issued (and its fee charged) at a kiosk: sent once per issuance,
    never again for a repeated request with the same ``request_id``.
``kiosk_enrolled(kiosk_id, kiosk_code, generation)``
    A device enrolled as a kiosk (an older device of that kiosk stops working).
"""

from django.dispatch import Signal

certificate_issued = Signal()
kiosk_enrolled = Signal()
