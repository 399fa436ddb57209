"""What the transfer part of the residents module registers: its file, record kind, screens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, register_record_kind, register_subject_resolver
from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, staff_menu

from .policies import BACKUP_PURPOSE, MIGRATION_PURPOSE, TRANSFER_FILE_KEY, TRANSFER_GRANTS

#: The subject of an access that covers the whole register at once (an import or export).
REGISTER_SUBJECT = Subject("residents.register", "all")
REGISTER_RECORD_KIND = "residents.register"

register_file(
    PersonalInformationFile(
        key=TRANSFER_FILE_KEY,
        module="residents",
        name=_("住民基本台帳の移行・連携データ"),
        items=(
            _("住民基本台帳の記載事項（個人番号を除く）"),
            _("取込・連携の処理記録（件数とエラーの箇所。記載事項の値は含まない）"),
        ),
        subjects=_("市の住民基本台帳に記録されている者（消除された者を含む）"),
        purposes=(
            Purpose(
                MIGRATION_PURPOSE,
                _("住民記録の移行・外部システムからの取込"),
                _("住民基本台帳法第5条・第6条"),
            ),
            Purpose(
                BACKUP_PURPOSE,
                _("住民基本台帳の保全（バックアップ）"),
                _("個人情報の保護に関する法律第66条（安全管理措置）"),
            ),
        ),
        legal_basis=_("住民基本台帳法"),
        retention=_("取込ファイルは処理の終了時に消去。処理記録は5年"),
        collection_method=_("従前のシステムからの移行、標準準拠システムからの抽出ファイル"),
        readers=TRANSFER_GRANTS,
    )
)

register_record_kind(REGISTER_RECORD_KIND, _("住民基本台帳（全件）"))


def _register_subject(user) -> list[Subject]:
    """A citizen linked to a resident record sees whole-register imports and exports too."""
    from yakuba.residents.queries import linked_person_id

    return [REGISTER_SUBJECT] if linked_person_id(user) is not None else []


register_subject_resolver(_register_subject)

staff_menu.register(
    MenuEntry(
        key="residents.transfer",
        title=_("住民記録の取込・出力"),
        url_name="console:transfer_index",
        order=110,
        departments=("shimin",),
        minimum_role="admin",
    )
)
staff_menu.register(
    MenuEntry(
        key="residents.statistics",
        title=_("人口統計"),
        url_name="console:population_statistics",
        order=120,
        departments=("shimin",),
        minimum_role="viewer",
    )
)
