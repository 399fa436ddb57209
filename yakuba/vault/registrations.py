"""What the vault registers: its 特定個人情報ファイル, record kinds, the person section, a menu entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import register_record_kind
from yakuba.core.privacy_register import PersonalInformationFile, register_file
from yakuba.core.registries import MenuEntry, PersonSection, person_sections, staff_menu

from .policies import FILE_KEY, PURPOSES, REVEAL_GRANTS, VIEW_GRANTS
from .queries import LOOKUP_RECORD_KIND, RECORD_KIND

register_file(
    PersonalInformationFile(
        key=FILE_KEY,
        module="vault",
        name=_("個人番号ファイル（特定個人情報ファイル）"),
        items=(_("個人番号"), _("個人番号の記載日"), _("変更前の個人番号と変更の理由")),
        subjects=_("市の住民基本台帳に記録されている者（消除された者を含む）"),
        purposes=tuple(purpose.as_purpose() for purpose in PURPOSES),
        legal_basis=_(
            "行政手続における特定の個人を識別するための番号の利用等に関する法律"
            "（番号法）第7条、第9条第1項・別表、住民基本台帳法第7条第8号の2"
        ),
        retention=_(
            "住民票及び除票の保存期間に同じ（除票は消除後150年、住民基本台帳法施行令第34条）"
        ),
        collection_method=_(
            "地方公共団体情報システム機構が生成した番号に基づく市長の指定（番号法第8条）"
            "による住民票への記載"
        ),
        readers=REVEAL_GRANTS,
        external_provision=_("番号法第19条各号に定める場合に限る"),
        contains_my_number=True,
    )
)

register_record_kind(RECORD_KIND, _("個人番号"))
register_record_kind(LOOKUP_RECORD_KIND, _("個人番号による照会（該当なし）"))


def _person_section(request, person_id: int):
    """The masked number and the links, for staff who may see the vault's pages."""
    from yakuba.identity.decorators import staff_may

    from .crypto import VaultError
    from .policies import may_register, reveal_purposes_for
    from .queries import number_summary

    user = request.user
    if not staff_may(user, VIEW_GRANTS):
        return None
    context = {
        "person_id": person_id,
        "detail_url": reverse("console:mynumber_detail", args=[person_id]),
        "reveal_url": (
            reverse("console:mynumber_reveal", args=[person_id])
            if reveal_purposes_for(user)
            else ""
        ),
        "register_url": (
            reverse("console:mynumber_register", args=[person_id]) if may_register(user) else ""
        ),
    }
    try:
        context["summary"] = number_summary(person_id)
    except VaultError as error:
        context["vault_error"] = error.message
    return context


person_sections.register(
    PersonSection(
        key="vault.mynumber",
        title=_("個人番号"),
        template="vault/person-section.html",
        context=_person_section,
        order=20,
    )
)

staff_menu.register(
    MenuEntry(
        key="vault.lookup",
        title=_("個人番号で照会"),
        url_name="console:mynumber_lookup",
        order=110,
        departments=tuple(dict.fromkeys(code for code, _role in REVEAL_GRANTS)),
        minimum_role="operator",
    )
)
