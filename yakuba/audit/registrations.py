"""What the audit module registers: its own file, purposes, the citizen subject, screens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, Panel, mypage_cards, staff_menu

from .services import Subject, register_record_kind, register_subject_resolver

register_file(
    PersonalInformationFile(
        key="audit.access_records",
        module="audit",
        name=_("アクセス記録"),
        items=(
            _("日時"),
            _("職員と所属"),
            _("対象者"),
            _("記録の種類と項目"),
            _("利用目的"),
            _("IPアドレス"),
        ),
        subjects=_("市が保有する個人情報の本人"),
        purposes=(
            Purpose(
                "audit_review",
                _("アクセス記録の監査"),
                _("個人情報の保護に関する法律 第66条（安全管理措置）"),
            ),
        ),
        legal_basis=_("個人情報の保護に関する法律 第66条"),
        retention=_("10年"),
        collection_method=_("職員の操作時に自動記録"),
        readers=(("bunsho", "approver"),),
    )
)


def _citizen_account(user) -> list[Subject]:
    if getattr(user, "kind", None) == "citizen":
        return [Subject("identity.citizen", str(user.pk))]
    return []


register_subject_resolver(_citizen_account)
register_record_kind("audit.access_record", _("アクセス記録"))
register_record_kind("identity.citizen", _("利用者アカウント"))


LATEST_ON_CARD = 3


def _latest_accesses(request):
    from .queries import access_records_for_citizen

    return {"records": list(access_records_for_citizen(request.user)[:LATEST_ON_CARD])}


mypage_cards.register(
    Panel(
        key="access_record",
        title=_("あなたの情報の閲覧記録"),
        template="audit/access_record-card.html",
        context=_latest_accesses,
        order=10,
    )
)

# The audit log: for 文書情報課 approvers, and (a second entry, shown once) for
# system administrators; the chain check for system administrators only.
staff_menu.register(
    MenuEntry(
        key="audit_log",
        title=_("アクセス記録"),
        url_name="console:audit_log",
        order=900,
        departments=("bunsho",),
        minimum_role="approver",
    )
)
staff_menu.register(
    MenuEntry(
        key="audit_log.system_admin",
        title=_("アクセス記録"),
        url_name="console:audit_log",
        order=900,
        system_admin_only=True,
    )
)
staff_menu.register(
    MenuEntry(
        key="audit_chain",
        title=_("アクセス記録の改ざん検査"),
        url_name="console:audit_chain",
        order=910,
        system_admin_only=True,
    )
)
