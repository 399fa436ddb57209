"""What the alerts module registers: its 個人情報ファイル, then the citizen and staff screens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file

from . import registrations_citizen, registrations_staff  # noqa: F401
from .policies import VIEW_GRANTS

register_file(
    PersonalInformationFile(
        key="alerts.subscribers",
        module="alerts",
        name=_("情報提供サービス配信登録者ファイル"),
        items=(
            _("電子メールアドレス"),
            _("プッシュ通知の購読情報（送信先URL・公開鍵）"),
            _("LINEのユーザーID"),
            _("配信を希望する分類・地域・言語"),
            _("配信の記録（日時・結果）"),
        ),
        subjects=_("防災・防犯メール等の配信を申し込んだ者"),
        purposes=(
            Purpose(
                key="alerts_delivery",
                label=_("防災・防犯・市政情報の配信"),
                legal_basis=_(
                    "本人の申込み（武蔵村山市個人情報の保護に関する法律施行条例）、"
                    "災害対策基本法第51条・第56条（災害に関する情報の伝達）"
                ),
            ),
        ),
        legal_basis=_("個人情報の保護に関する法律第61条（本人の申込みによる利用目的の範囲内）"),
        retention=_("配信停止まで。配信の記録は配信後1年"),
        collection_method=_("本人がウェブサイト・LINE公式アカウントから申し込む"),
        readers=VIEW_GRANTS,
        external_provision=_(
            "なし（メール・プッシュ通知・LINEの送信事業者に送信に必要な範囲で委託）"
        ),
    )
)
