"""Who may move the whole register in and out, and who may read the population statistics.

* **Import, export and sync runs: 市民課 所属管理者 (department admin) only.**
  These act on every record at once (a migration writes the whole register,
  an export reads all of it), so the fewest people hold them: operators
  (担当) record single 異動 at the counter and have no need to.  System
  administrators get no exception, as everywhere in the residents module.
* **Statistics: any member of 市民課 (viewer and up).**  The tables are
  aggregates with small cells suppressed; they show no one's record.
"""

from __future__ import annotations

from typing import Any

from yakuba.core.privacy_register import Purpose, get_file
from yakuba.identity.permissions import Grant, has_role

#: The 個人情報ファイル of transfer data (declared in ``registrations.py``).
TRANSFER_FILE_KEY = "residents.transfer"

TRANSFER_GRANTS: tuple[Grant, ...] = (("shimin", "admin"),)
STATISTICS_GRANTS: tuple[Grant, ...] = (("shimin", "viewer"),)

#: Purposes of the transfer file (keys).
MIGRATION_PURPOSE = "register_migration"
BACKUP_PURPOSE = "register_backup"


def may_transfer(user: Any) -> bool:
    """Whether ``user`` may import, export and run the sync (市民課 admin)."""
    return has_role(user, TRANSFER_GRANTS)


def may_read_statistics(user: Any) -> bool:
    return has_role(user, STATISTICS_GRANTS)


def transfer_purposes() -> tuple[Purpose, ...]:
    return get_file(TRANSFER_FILE_KEY).purposes


def is_transfer_purpose(key: str) -> bool:
    return any(purpose.key == key for purpose in transfer_purposes())
