"""Registrations of the issuance part: the 個人情報ファイル 「証明書交付記録」 with the purpose
``certificate_issuance``, the record kinds of issued certificates (what a resident sees on
the access record), and the staff menu entries for kiosks and fee accounting."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import register_record_kind
from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, staff_menu

from ..models import CertificateKind
from ..policies import REGISTER_VIEW_GRANTS
from ..queries.issuances import INQUIRY_PURPOSE, ISSUANCE_HISTORY_KIND
from ..services.issuance import PURPOSE, record_kind_for

register_file(
    PersonalInformationFile(
        key="certificates.issuances",
        module="certificates",
        name=_("証明書交付記録"),
        items=(
            _("証明書番号・交付日時・交付したキオスク端末"),
            _("請求者（マイナンバーカードの所有者）と証明書に記載された人"),
            _("証明書の種類・選択した記載事項・通数・手数料"),
            _("利用者証明用電子証明書のシリアル番号"),
            _("証明書の内容とPDFのハッシュ値（PDFは再印刷できる時間だけ保存）"),
        ),
        subjects=_("コンビニ交付で証明書の交付を受けた者と、その証明書に記載された者"),
        purposes=(
            Purpose(
                key=PURPOSE,
                label=_("証明書の交付（本人の請求による）"),
                legal_basis=_(
                    "住民基本台帳法第12条（本人等の請求による住民票の写し等の交付）、"
                    "武蔵村山市印鑑条例、地方税法第20条の10（証明書の交付）"
                ),
            ),
            Purpose(
                key=INQUIRY_PURPOSE,
                label=_("証明書の交付記録の確認（本人からの問合せ・不正な請求の調査）"),
                legal_basis=_("個人情報の保護に関する法律第61条（所掌事務の遂行に必要な範囲）"),
            ),
        ),
        legal_basis=_("個人情報の保護に関する法律第61条（所掌事務の遂行に必要な範囲）"),
        retention=_("交付から5年（手数料の会計記録と同じ）。PDFは再印刷できる時間の経過後に消去"),
        collection_method=_(
            "本人がコンビニエンスストアのキオスク端末でマイナンバーカードにより請求する"
        ),
        readers=REGISTER_VIEW_GRANTS,
        external_provision=_("なし"),
    )
)

_RECORD_KIND_LABELS = {
    CertificateKind.RESIDENCE: _("住民票の写し（コンビニ交付）"),
    CertificateKind.RESIDENCE_ITEMS: _("住民票記載事項証明書（コンビニ交付）"),
    CertificateKind.SEAL: _("印鑑登録証明書（コンビニ交付）"),
    CertificateKind.TAX: _("課税・所得証明書（コンビニ交付）"),
}
for _kind, _label in _RECORD_KIND_LABELS.items():
    register_record_kind(record_kind_for(_kind), _label)
register_record_kind(ISSUANCE_HISTORY_KIND, _("証明書の交付記録"))

staff_menu.register(
    MenuEntry(
        key="certificates.kiosks",
        title=_("コンビニ交付の端末"),
        url_name="console:certificates:kiosk_list",
        order=520,
        departments=("shimin",),
        minimum_role="admin",
    )
)
staff_menu.register(
    MenuEntry(
        key="certificates.accounting",
        title=_("コンビニ交付の手数料"),
        url_name="console:certificates:accounting",
        order=521,
        departments=("kaikei",),
        minimum_role="viewer",
    )
)
staff_menu.register(
    MenuEntry(
        key="certificates.accounting.shimin",
        title=_("コンビニ交付の手数料"),
        url_name="console:certificates:accounting",
        order=521,
        departments=("shimin",),
        minimum_role="admin",
    )
)
