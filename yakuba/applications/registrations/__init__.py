"""What the online applications module registers: its 個人情報ファイル, then each part's
screens, cards and menu entries (one file per part)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file

from .. import access  # noqa: F401  (record kind, subject resolver)
from ..policies import READER_GRANTS
from . import builder, citizen, mine, staff  # noqa: F401

register_file(
    PersonalInformationFile(
        key="applications.submissions",
        module="applications",
        name=_("電子申請ファイル"),
        items=(
            _("申請者の氏名・氏名（カナ）・住所・生年月日・電話番号・メールアドレス"),
            _("申請の内容（手続きごとの申請項目）と添付書類"),
            _("マイナンバーカードの署名用電子証明書による電子署名と検証結果"),
            _("申請の処理経過（受付・審査・補正・決定）"),
        ),
        subjects=_("電子申請により市に申請・届出・申込みをした者"),
        purposes=(
            Purpose(
                key="applications_handling",
                label=_("電子申請の受付・審査・決定・通知"),
                legal_basis=_(
                    "情報通信技術を活用した行政の推進等に関する法律第6条（電子情報処理組織による申請等）、"
                    "武蔵村山市行政手続等における情報通信の技術の利用に関する条例"
                ),
            ),
        ),
        legal_basis=_("個人情報の保護に関する法律第61条（所掌事務の遂行に必要な範囲）"),
        retention=_("手続きごとの文書保存年限（原則5年）。下書きは最終更新から30日"),
        collection_method=_("本人がウェブサイトから申請する（窓口・郵送の申請は各課の台帳）"),
        readers=READER_GRANTS,
        external_provision=_("なし"),
    )
)
