"""What the residents module registers: its file, the citizen subject, record kinds, screens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, register_record_kind, register_subject_resolver
from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, Panel, staff_menu, staff_panels

from .policies import READ_GRANTS, REGISTER_FILE_KEY

PERSON_RECORD_KIND = "residents.person"

register_file(
    PersonalInformationFile(
        key=REGISTER_FILE_KEY,
        module="residents",
        name=_("住民基本台帳"),
        items=(
            _("氏名"),
            _("氏名かな"),
            _("旧氏"),
            _("生年月日"),
            _("性別"),
            _("住所"),
            _("世帯主・続柄"),
            _("住民となった年月日"),
            _("住所を定めた年月日"),
            _("従前の住所"),
            _("住民票コード"),
            _("本籍・筆頭者"),
        ),
        subjects=_("市の住民基本台帳に記録されている者（消除された者を含む）"),
        purposes=(
            Purpose("resident_certificate", _("住民票の写し等の交付"), _("住民基本台帳法第12条")),
            Purpose("resident_change", _("住民異動届の処理"), _("住民基本台帳法第22条〜第25条")),
            Purpose("resident_inquiry", _("本人からの問合せ対応"), _("住民基本台帳法第1条")),
            Purpose(
                "resident_correction", _("職権による記載の修正"), _("住民基本台帳法施行令第12条")
            ),
        ),
        legal_basis=_("住民基本台帳法"),
        retention=_("除票は消除後150年（住民基本台帳法施行令第34条）"),
        collection_method=_("住民異動届、戸籍の届出に基づく通知、職権による記載"),
        readers=READ_GRANTS,
    )
)

register_record_kind(PERSON_RECORD_KIND, _("住民票の記載事項"))


def _linked_person(user) -> list[Subject]:
    """A citizen linked to a resident record is also that record's subject."""
    from .queries import linked_person_id

    person_id = linked_person_id(user)
    return [Subject(PERSON_RECORD_KIND, str(person_id))] if person_id is not None else []


register_subject_resolver(_linked_person)


def _registry_panel(request):
    from .queries import registry_counts_for

    counts = registry_counts_for(request.user)
    return None if counts is None else {"counts": counts}


staff_menu.register(
    MenuEntry(
        key="residents.search",
        title=_("住民検索"),
        url_name="console:resident_search",
        order=100,
        departments=("shimin",),
        minimum_role="viewer",
    )
)
staff_menu.register(
    MenuEntry(
        key="residents.move_in",
        title=_("転入届"),
        url_name="console:residents_move_in",
        order=101,
        departments=("shimin",),
        minimum_role="operator",
    )
)
staff_panels.register(
    Panel(
        key="residents.registry",
        title=_("住民記録"),
        template="residents/registry-panel.html",
        context=_registry_panel,
        order=100,
        departments=("shimin",),
        minimum_role="viewer",
    )
)
