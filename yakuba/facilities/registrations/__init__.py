"""What the facilities module registers: its 個人情報ファイル, then each part's screens,
cards and periodic jobs (one file per part)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file

from .. import access  # noqa: F401  (record kinds, subject resolver)
from ..policies import VIEW_GRANTS
from . import booking, catalogue, courses, lottery, operations, registration, waitlist  # noqa: F401

register_file(
    PersonalInformationFile(
        key="facilities.users",
        module="facilities",
        name=_("公共施設利用者登録ファイル"),
        items=(
            _("氏名・氏名（カナ）"),
            _("住所・電話番号・メールアドレス"),
            _("市内在住・在勤・在学の別"),
            _("団体の名称・代表者・構成員"),
            _("施設の予約・抽選申込・キャンセル待ちの記録、使用料の支払い"),
            _("講座の申込（生年月日を含む）と出席の記録"),
        ),
        subjects=_("公共施設の利用者登録・団体登録をした者、講座に申し込んだ者"),
        purposes=(
            Purpose(
                key="facilities_use",
                label=_("公共施設の予約・使用許可・使用料の徴収、講座の運営"),
                legal_basis=_("地方自治法第244条（公の施設）、武蔵村山市の公の施設に関する条例"),
            ),
        ),
        legal_basis=_("個人情報の保護に関する法律第61条（所掌事務の遂行に必要な範囲）"),
        retention=_("登録の廃止・失効後5年。予約と使用料の記録は5年"),
        collection_method=_("本人がウェブサイト・窓口・電話で申し込む"),
        readers=VIEW_GRANTS,
        external_provision=_("なし"),
    )
)
