"""Who may see, reveal, look up and record 個人番号, and for which purpose.

Least privilege: the masked number (``********1234``) is shown to anyone who
may open the vault's pages; the **clear** number only to a department that
has a legal purpose for it (番号法第9条第1項・別表, or 第7条 and 住民基本台帳法
for the 住民票 itself), at the 担当 (operator) role or above, after choosing
that purpose.  Viewers never see a clear number.  Recording a number is
市民課 work; replacing a recorded one (a leaked number, a correction) needs
the 承認 (approver) role.  System administrators get no exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yakuba.core.privacy_register import Purpose
from yakuba.identity.permissions import Grant, has_role

#: The key of this module's 特定個人情報ファイル (declared in ``registrations.py``).
FILE_KEY = "vault.mynumber"

#: The purpose under which 市民課 records and corrects numbers on the 住民票.
RECORD_PURPOSE = "mynumber_resident_record"

Text = str | Promise


@dataclass(frozen=True)
class VaultPurpose:
    """A 特定個人情報 purpose: its label, legal basis and who may reveal for it."""

    key: str
    label: Text
    legal_basis: Text
    grants: tuple[Grant, ...]

    def as_purpose(self) -> Purpose:
        return Purpose(self.key, self.label, self.legal_basis)


PURPOSES: tuple[VaultPurpose, ...] = (
    VaultPurpose(
        RECORD_PURPOSE,
        _("住民票への個人番号の記載・変更"),
        _("番号法第7条（指定及び通知）、住民基本台帳法第7条第8号の2"),
        (("shimin", "operator"),),
    ),
    VaultPurpose(
        "mynumber_certificate",
        _("個人番号を記載した住民票の写しの交付（本人等の請求）"),
        _("住民基本台帳法第12条、番号法第7条"),
        (("shimin", "operator"),),
    ),
    VaultPurpose(
        "mynumber_local_tax",
        _("個人住民税の賦課"),
        _("番号法第9条第1項・別表（地方税法による地方税の賦課徴収に関する事務）"),
        (("kazei", "operator"),),
    ),
    VaultPurpose(
        "mynumber_tax_collection",
        _("市税の徴収・滞納整理"),
        _("番号法第9条第1項・別表（地方税法による地方税の賦課徴収に関する事務）"),
        (("shuno", "operator"),),
    ),
    VaultPurpose(
        "mynumber_long_term_care",
        _("介護保険の資格・給付・保険料"),
        _("番号法第9条第1項・別表（介護保険法による保険給付の支給又は保険料の徴収に関する事務）"),
        (("koreifukushi", "operator"),),
    ),
    VaultPurpose(
        "mynumber_disability_welfare",
        _("障害福祉サービスの支給決定"),
        _(
            "番号法第9条第1項・別表（障害者の日常生活及び社会生活を総合的に支援するための"
            "法律による自立支援給付の支給に関する事務）"
        ),
        (("shogaifukushi", "operator"),),
    ),
    VaultPurpose(
        "mynumber_public_assistance",
        _("生活保護の決定・実施"),
        _("番号法第9条第1項・別表（生活保護法による保護の決定及び実施に関する事務）"),
        (("chiikifukushi", "operator"),),
    ),
)
PURPOSES_BY_KEY = {purpose.key: purpose for purpose in PURPOSES}

#: Anyone who may reveal a number for at least one purpose (the reveal and lookup pages).
REVEAL_GRANTS: tuple[Grant, ...] = tuple(
    dict.fromkeys(grant for purpose in PURPOSES for grant in purpose.grants)
)
#: Who sees the masked number and the dates (the vault page, the section on the person page).
VIEW_GRANTS: tuple[Grant, ...] = (("shimin", "viewer"), *REVEAL_GRANTS)
#: Who records a number on a 住民票 that has none.
REGISTER_GRANTS: tuple[Grant, ...] = (("shimin", "operator"),)
#: Who replaces a recorded number (leaked and changed, or recorded by mistake).
REPLACE_GRANTS: tuple[Grant, ...] = (("shimin", "approver"),)


def is_vault_purpose(key: str) -> bool:
    """Whether ``key`` is one of this file's 特定個人情報 purposes."""
    return key in PURPOSES_BY_KEY


def may_view_masked(user: Any) -> bool:
    return has_role(user, VIEW_GRANTS)


def may_reveal(user: Any, purpose: str) -> bool:
    """Whether ``user`` may see a clear number for ``purpose`` (a vault purpose only)."""
    declared = PURPOSES_BY_KEY.get(purpose)
    return declared is not None and has_role(user, declared.grants)


def reveal_purposes_for(user: Any) -> list[VaultPurpose]:
    """The purposes ``user`` may reveal or look up a number for, in declaration order."""
    return [purpose for purpose in PURPOSES if has_role(user, purpose.grants)]


def may_register(user: Any) -> bool:
    return has_role(user, REGISTER_GRANTS)


def may_replace(user: Any) -> bool:
    return has_role(user, REPLACE_GRANTS)
