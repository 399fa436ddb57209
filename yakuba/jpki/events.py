"""Events the jpki module sends (Django signals, sent after commit).

``card_issued``
    A card was issued.  Keyword arguments: ``card_id`` (int), ``person_id``
    (int), ``kinds`` (list[str]: the certificates on it, ``auth`` and maybe
    ``sign``).

``certificate_revoked``
    A certificate was revoked.  Keyword arguments: ``certificate_id`` (int),
    ``card_id`` (int), ``person_id`` (int), ``kind`` (``auth`` / ``sign``),
    ``reason`` (a :class:`~yakuba.jpki.models.RevocationReason` value).
"""

from __future__ import annotations

from django.dispatch import Signal

card_issued = Signal()
certificate_revoked = Signal()
