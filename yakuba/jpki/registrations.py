"""What jpki registers: its 個人情報ファイル, record kind, person section, menu entry, service entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import register_record_kind
from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, PersonSection, person_sections, staff_menu

from .policies import CARD_PURPOSE, FILE_KEY, VIEW_GRANTS
from .services.cards import RECORD_KIND

register_file(
    PersonalInformationFile(
        key=FILE_KEY,
        module="jpki",
        name=_("マイナンバーカード電子証明書ファイル（エミュレーション）"),
        items=(
            _("カード番号"),
            _("利用者証明用電子証明書及び署名用電子証明書（シリアル番号、有効期間、署名用は氏名）"),
            _("暗証番号（ハッシュ値）と連続誤り回数"),
            _("失効の日時と理由"),
        ),
        subjects=_("カードの交付を受けた住民（消除された者を含む）"),
        purposes=(
            Purpose(
                CARD_PURPOSE,
                _("電子証明書の発行・失効・暗証番号の再設定"),
                _("公的個人認証法第3条（署名用電子証明書）・第22条（利用者証明用電子証明書）ほか"),
            ),
        ),
        legal_basis=_(
            "電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律（公的個人認証法）"
        ),
        retention=_("電子証明書の有効期間の満了又は失効の後、市の文書管理規程に定める期間"),
        collection_method=_("窓口での交付申請（暗証番号は本人が入力）"),
        readers=VIEW_GRANTS,
    )
)

register_record_kind(RECORD_KIND, _("マイナンバーカードの電子証明書"))


def _person_section(request, person_id: int):
    """The card in use and its two certificates, for 市民課 staff (recorded when a card exists)."""
    from yakuba.identity.decorators import staff_may

    from .policies import may_operate_cards
    from .queries import card_in_use_for

    if not staff_may(request.user, VIEW_GRANTS):
        return None
    return {
        "card": card_in_use_for(request.user, person_id, request=request),
        "cards_url": reverse("console:card_person", args=[person_id]),
        "issue_url": (
            reverse("console:card_issue", args=[person_id])
            if may_operate_cards(request.user)
            else ""
        ),
    }


person_sections.register(
    PersonSection(
        key="jpki.card",
        title=_("マイナンバーカード"),
        template="jpki/person-section.html",
        context=_person_section,
        order=30,
    )
)

staff_menu.register(
    MenuEntry(
        key="jpki.cards",
        title=_("マイナンバーカード"),
        url_name="console:card_list",
        order=120,
        departments=tuple(dict.fromkeys(code for code, _role in VIEW_GRANTS)),
        minimum_role="viewer",
    )
)
