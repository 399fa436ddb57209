"""Who may see and manage the emulated My Number cards.

市民課 issues cards, revokes certificates and resets locked PINs at the counter
(担当 / operator and up); any 市民課 member (viewer and up) may look at a
person's cards.  System administrators get no exception (least privilege).
"""

from __future__ import annotations

from typing import Any

from yakuba.identity.permissions import Grant, has_role

#: The key of this module's 個人情報ファイル (declared in ``registrations.py``).
FILE_KEY = "jpki.cards"

#: The purpose of every staff read and write of card data.
CARD_PURPOSE = "jpki_card_administration"

VIEW_GRANTS: tuple[Grant, ...] = (("shimin", "viewer"),)
OPERATE_GRANTS: tuple[Grant, ...] = (("shimin", "operator"),)


def may_view_cards(user: Any) -> bool:
    return has_role(user, VIEW_GRANTS)


def may_operate_cards(user: Any) -> bool:
    """Issue cards, revoke certificates, reset PINs."""
    return has_role(user, OPERATE_GRANTS)
