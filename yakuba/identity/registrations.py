"""What the identity module registers on shared screens and in the privacy register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.privacy_register import PersonalInformationFile, Purpose, register_file
from yakuba.core.registries import MenuEntry, staff_menu

from .policies import PERSONNEL_DEPARTMENT

# --- privacy register (個人情報ファイル簿) ------------------------------------------------

ACCOUNT_SUPPORT = Purpose(
    "account_support",
    _("利用者アカウントの問合せ対応"),
    _("個人情報の保護に関する法律第61条（所掌事務の遂行に必要な範囲での保有）"),
)
ACCOUNT_SECURITY = Purpose(
    "account_security",
    _("不正ログインの防止と調査"),
    _("個人情報の保護に関する法律第66条（安全管理措置）"),
)
STAFF_ADMINISTRATION = Purpose(
    "staff_administration",
    _("職員アカウントと組織・配属の管理"),
    _("地方公務員法、個人情報の保護に関する法律第66条（安全管理措置）"),
)

register_file(
    PersonalInformationFile(
        key="identity.citizen_accounts",
        module="identity",
        name=_("利用者アカウント"),
        items=(
            _("メールアドレス"),
            _("氏名（表示名）"),
            _("パスワード（不可逆に変換したもの）"),
            _("メールアドレスの確認日時"),
            _("登録日時・最終ログイン日時"),
            _("ログイン失敗の記録（日時・IPアドレス・ブラウザの種類）"),
        ),
        subjects=_("オンライン窓口の利用登録をした人"),
        purposes=(ACCOUNT_SUPPORT, ACCOUNT_SECURITY),
        legal_basis=_("個人情報の保護に関する法律第61条"),
        retention=_("アカウント削除まで（ログイン失敗の記録は一定期間経過後に削除）"),
        collection_method=_("本人がオンライン窓口で登録"),
        readers=(("shimin", "operator"),),
    )
)

register_file(
    PersonalInformationFile(
        key="identity.staff_accounts",
        module="identity",
        name=_("職員アカウント"),
        items=(
            _("氏名・氏名（カナ）"),
            _("職員番号"),
            _("メールアドレス"),
            _("所属・役割とその期間"),
            _("パスワード・2段階認証の鍵（不可逆に変換または暗号化したもの）"),
            _("ログインの記録（日時・IPアドレス・ブラウザの種類）"),
        ),
        subjects=_("職員コンソールを利用する職員"),
        purposes=(STAFF_ADMINISTRATION, ACCOUNT_SECURITY),
        legal_basis=_("地方公務員法、個人情報の保護に関する法律第61条"),
        retention=_("退職後、所定の保存期間まで"),
        collection_method=_("職員課が人事情報から登録"),
        readers=((PERSONNEL_DEPARTMENT, "admin"),),
    )
)

# --- staff console navigation -------------------------------------------------------------
# Shown to 職員課 department administrators; system administrators pass every
# console check of the renderer as well (``staff_required(system_admin=True)``).

staff_menu.register(
    MenuEntry(
        key="identity.org_units",
        title=_("組織"),
        url_name="console:org_units",
        order=900,
        departments=(PERSONNEL_DEPARTMENT,),
        minimum_role="admin",
    )
)
staff_menu.register(
    MenuEntry(
        key="identity.staff_list",
        title=_("職員"),
        url_name="console:staff_list",
        order=910,
        departments=(PERSONNEL_DEPARTMENT,),
        minimum_role="admin",
    )
)
staff_menu.register(
    MenuEntry(
        key="identity.recovery_codes",
        title=_("回復コード"),
        url_name="console:recovery_codes",
        order=990,
    )
)
