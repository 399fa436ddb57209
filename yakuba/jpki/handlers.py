"""Reactions to other modules' events."""

from __future__ import annotations

import logging

from .services import revoke_for_movement

logger = logging.getLogger("yakuba.jpki")


def on_movement_recorded(sender, *, kind: str, person_ids, **kwargs) -> None:
    """A 異動 was committed: revoke the certificates it invalidates (転居, 転出, 氏名変更, 死亡)."""
    revoked = revoke_for_movement(kind=kind, person_ids=person_ids)
    if revoked:
        logger.info(
            "certificates revoked after a movement",
            extra={"event": "jpki.revoked_by_movement", "kind": kind, "count": revoked},
        )
