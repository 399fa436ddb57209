"""Who may read the resident register, and for which purposes."""

from __future__ import annotations

from typing import Any

from yakuba.core.privacy_register import Purpose, get_file
from yakuba.identity.permissions import Grant, has_role

#: The key of this module's 個人情報ファイル (declared in ``registrations.py``).
REGISTER_FILE_KEY = "residents.register"

#: 市民課 only: any member (viewer and up) may search and read resident records.
READ_GRANTS: tuple[Grant, ...] = (("shimin", "viewer"),)

#: 市民課 担当 (operator) and up: may record 異動 (届出 and 職権).
WRITE_GRANTS: tuple[Grant, ...] = (("shimin", "operator"),)


def may_read_people(user: Any) -> bool:
    """Whether ``user`` may search and read resident records.

    System administrators get no exception here: least privilege means they
    see residents only through a 市民課 role.
    """
    return has_role(user, READ_GRANTS)


def may_record_movements(user: Any) -> bool:
    """Whether ``user`` may record 異動 (転入, 転出, …, 職権修正)."""
    return has_role(user, WRITE_GRANTS)


def register_purposes() -> tuple[Purpose, ...]:
    """The legal purposes declared by the 住民基本台帳 file, in declaration order."""
    return get_file(REGISTER_FILE_KEY).purposes


def is_register_purpose(key: str) -> bool:
    return any(purpose.key == key for purpose in register_purposes())
