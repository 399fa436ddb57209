"""Reactions of the certificates module to other modules' events."""

from __future__ import annotations

import logging

from .services.records import abolish_seals_for_movement

logger = logging.getLogger("yakuba.certificates")


def on_movement_recorded(sender, *, kind: str, person_ids, effective_on, **kwargs) -> None:
    """A 転出 or 死亡 was committed: the person's 印鑑登録 is abolished (reason 転出 / 死亡,
    on the 異動日; actor: the system)."""
    abolished = abolish_seals_for_movement(
        kind=kind, person_ids=list(person_ids), effective_on=effective_on
    )
    if abolished:
        logger.info(
            "seal registrations abolished after a movement",
            extra={
                "event": "certificates.seal_abolished_by_movement",
                "kind": kind,
                "count": abolished,
            },
        )


def connect() -> None:
    from yakuba.residents.events import movement_recorded

    movement_recorded.connect(on_movement_recorded, dispatch_uid="certificates.movement_recorded")
