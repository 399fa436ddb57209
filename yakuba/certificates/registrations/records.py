"""Registrations of the records part: the 個人情報ファイル 印鑑登録原票, 個人住民税課税台帳（写）
and 支援措置対象者 with their purposes, the record kinds shown to residents, the staff
menu entries, and the section on the residents' person page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import register_record_kind
from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, PersonSection, person_sections, staff_menu

from ..policies import REGISTER_VIEW_GRANTS, TAX_VIEW_GRANTS
from ..services.records import (
    SEAL_FILE_KEY,
    SEAL_PURPOSE,
    SEAL_RECORD_KIND,
    SUPPORT_FILE_KEY,
    SUPPORT_PURPOSE,
    SUPPORT_RECORD_KIND,
    TAX_FILE_KEY,
    TAX_PURPOSE,
    TAX_RECORD_KIND,
)

register_file(
    PersonalInformationFile(
        key=SEAL_FILE_KEY,
        module="certificates",
        name=_("印鑑登録原票"),
        items=(
            _("登録番号"),
            _("印影"),
            _("登録者（住民票コードにより住民基本台帳と照合）"),
            _("登録日・廃止日・廃止の理由"),
        ),
        subjects=_("市に印鑑を登録した者（廃止された登録を含む）"),
        purposes=(
            Purpose(
                SEAL_PURPOSE,
                _("印鑑の登録・廃止と印鑑登録証明書の交付"),
                _("武蔵村山市印鑑条例（印鑑登録証明事務条例）"),
            ),
        ),
        legal_basis=_("武蔵村山市印鑑条例（印鑑登録証明事務処理要領に準拠）"),
        retention=_("登録の廃止から5年"),
        collection_method=_("本人の登録申請（窓口）、転出・死亡の届出による職権廃止"),
        readers=REGISTER_VIEW_GRANTS,
        external_provision=_("なし"),
    )
)

register_file(
    PersonalInformationFile(
        key=TAX_FILE_KEY,
        module="certificates",
        name=_("個人住民税課税台帳（写）"),
        items=(
            _("住民票コード"),
            _("年度"),
            _("給与収入・合計所得金額・所得控除額の合計・課税標準額"),
            _("市民税・都民税の所得割額と均等割額"),
            _("扶養人数"),
        ),
        subjects=_("市の個人住民税の納税義務者"),
        purposes=(
            Purpose(
                TAX_PURPOSE,
                _("課税・所得証明書の交付と課税台帳（写）の管理"),
                _("地方税法第20条の10（所得証明）"),
            ),
        ),
        legal_basis=_("地方税法第20条の10、地方税法施行令第6条の21"),
        retention=_("各年度から5年"),
        collection_method=_("税務システムからのCSV取込と課税課職員による訂正"),
        readers=TAX_VIEW_GRANTS,
        external_provision=_("なし"),
    )
)

register_file(
    PersonalInformationFile(
        key=SUPPORT_FILE_KEY,
        module="certificates",
        name=_("支援措置対象者"),
        items=(_("対象者"), _("支援措置の期間"), _("職員のメモ"), _("解除の日時")),
        subjects=_("DV・ストーカー行為等・児童虐待等の被害者で支援措置を受ける者"),
        purposes=(
            Purpose(
                SUPPORT_PURPOSE,
                _("住民基本台帳事務における支援措置の実施"),
                _("住民基本台帳事務における支援措置（住民基本台帳事務処理要領）"),
            ),
        ),
        legal_basis=_("住民基本台帳法第11条第1項・第12条第6項、住民基本台帳事務処理要領"),
        retention=_("支援措置の終了から5年"),
        collection_method=_("本人の支援措置申出（窓口）に基づき市民課職員が登録"),
        readers=REGISTER_VIEW_GRANTS,
        external_provision=_("なし"),
    )
)

register_record_kind(SEAL_RECORD_KIND, _("印鑑登録"))
register_record_kind(TAX_RECORD_KIND, _("課税・所得情報"))
register_record_kind(SUPPORT_RECORD_KIND, _("支援措置"))


def _person_section(request, person_id: int):
    """Seal registration and support-measure state, for 市民課 staff (each read recorded)."""
    from yakuba.identity.decorators import staff_may

    from ..policies import may_operate_register
    from ..queries.records import person_record_state_for

    if not staff_may(request.user, REGISTER_VIEW_GRANTS):
        return None
    return {
        "state": person_record_state_for(request.user, person_id, request=request),
        "seal_url": reverse("console:certificates:records_seal_person", args=[person_id]),
        "support_url": reverse("console:certificates:records_support_person", args=[person_id]),
        "may_operate": may_operate_register(request.user),
    }


person_sections.register(
    PersonSection(
        key="certificates.records",
        title=_("印鑑登録・支援措置"),
        template="certificates/staff/records/person-section.html",
        context=_person_section,
        order=40,
    )
)

staff_menu.register(
    MenuEntry(
        key="certificates.seals",
        title=_("印鑑登録"),
        url_name="console:certificates:records_seal_list",
        order=510,
        departments=("shimin",),
        minimum_role="viewer",
    )
)
staff_menu.register(
    MenuEntry(
        key="certificates.support",
        title=_("支援措置"),
        url_name="console:certificates:records_support_list",
        order=511,
        departments=("shimin",),
        minimum_role="operator",
    )
)
staff_menu.register(
    MenuEntry(
        key="certificates.tax",
        title=_("課税・所得"),
        url_name="console:certificates:records_tax_search",
        order=512,
        departments=("kazei",),
        minimum_role="viewer",
    )
)
