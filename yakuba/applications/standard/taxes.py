"""税・保険: tax certificates and direct debit (課税課・収納課)."""

from __future__ import annotations

from .base import StandardProcedure, contact
from .fields import (
    HANAKO,
    accuracy_consent,
    applicant_fields,
    bank_account,
    checkboxes,
    delivery_fields,
    equals,
    number,
    paged,
    radio,
    select,
    text,
)

CATEGORY = "zei"

FISCAL_YEARS = [
    ("r8", "令和8年度（令和7年1月〜12月の所得）", "FY2026 (income of 2025)"),
    ("r7", "令和7年度（令和6年1月〜12月の所得）", "FY2025 (income of 2024)"),
    ("r6", "令和6年度（令和5年1月〜12月の所得）", "FY2024 (income of 2023)"),
    ("r5", "令和5年度（令和4年1月〜12月の所得）", "FY2023 (income of 2022)"),
    ("r4", "令和4年度（令和3年1月〜12月の所得）", "FY2022 (income of 2021)"),
]

KAZEI = StandardProcedure(
    code="kazei-shomei-yuso",
    title="課税（所得）証明書交付申請（郵送）",
    title_en="Request a tax (income) certificate by post",
    title_kana="カゼイ（ショトク）ショウメイショコウフシンセイ（ユウソウ）",
    summary="住民税の課税額と前年の所得を証明する書類を、オンラインで申請し郵送で受け取れます。",
    summary_en="Ask online for a certificate of your resident tax and income, received by post.",
    description=(
        "市・都民税の課税（非課税）証明書です。所得・控除・税額を記載します。"
        "保育園・児童手当・奨学金・住宅ローン・公営住宅の申込などで使います。\n"
        "申請できる方：その年度の1月1日に武蔵村山市に住んでいた方（本人または同じ世帯の方）。\n"
        "準備するもの：マイナンバーカード（電子署名）。手数料は1通300円です。\n"
        "新年度の証明書は6月上旬から発行できます。住民登録の住所へ郵送します。"
    ),
    description_en=(
        "Certificate of your municipal and metropolitan resident tax, with income, "
        "deductions and tax amount. For people who lived in the city on 1 January of the "
        "fiscal year. You need your My Number card. 300 yen per copy; posted to you. "
        "Certificates of the new fiscal year are available from early June."
    ),
    keywords="課税証明 所得証明 非課税証明 住民税 市民税 証明書 郵送",
    category=CATEGORY,
    department_code="kazei",
    applicant_kind="resident",
    identity_level="card",
    fee_yen=300,
    fee_note="1年度1通 300円",
    fee_note_en="300 yen per fiscal year and copy",
    handling_days=7,
    contact=contact("課税課", "市民税係", "263"),
    order=1,
    form=paged(
        "課税（所得）証明書交付申請（郵送）",
        "Tax (income) certificate by post",
        [
            ("applicant", "申請者", "Applicant", applicant_fields()),
            (
                "request",
                "請求の内容",
                "Request",
                [
                    radio(
                        "subject",
                        "証明が必要な方",
                        "Whose certificate",
                        [
                            ("self", "申請者本人", "Myself"),
                            ("family", "同じ世帯の家族", "A member of my household"),
                        ],
                    ),
                    text(
                        "subject_name",
                        "証明が必要な方の氏名",
                        "Name of that person",
                        max_length=50,
                        show_if=equals("subject", "family"),
                    ),
                    checkboxes(
                        "fiscal_years",
                        "年度",
                        "Fiscal years",
                        FISCAL_YEARS,
                        min_items=1,
                    ),
                    number("copies", "各年度の通数", "Copies per year", minimum=1, maximum=5),
                    select(
                        "purpose",
                        "使いみち",
                        "Purpose",
                        [
                            ("nursery", "保育園・学童クラブ", "Nursery or after-school club"),
                            ("allowance", "手当・助成の申請", "Allowance or subsidy"),
                            ("scholarship", "奨学金・就学援助", "Scholarship or school aid"),
                            ("loan", "住宅ローン・融資", "Loan"),
                            ("housing", "公営住宅", "Public housing"),
                            ("other", "その他", "Other"),
                        ],
                    ),
                ],
            ),
            ("delivery", "郵送先", "Delivery", [*delivery_fields(), accuracy_consent()]),
        ],
    ),
    example={
        **HANAKO,
        "subject": "self",
        "fiscal_years": ["r8"],
        "copies": 1,
        "purpose": "scholarship",
        "delivery": "home",
        "consent": True,
    },
)

_MONTH_NAMES = {
    4: "April", 5: "May", 6: "June", 7: "July", 8: "August", 9: "September",
    10: "October", 11: "November", 12: "December", 1: "January", 2: "February", 3: "March",
}  # fmt: skip
START_MONTHS = [
    ("asap", "できるだけ早い納期から", "From the earliest possible due date"),
    *(
        (f"m{month:02d}", f"{month}月の納期から", f"From the {english} due date")
        for month, english in _MONTH_NAMES.items()
    ),
]

TAXES = [
    ("resident", "市・都民税（普通徴収）", "Resident tax (paid by yourself)"),
    ("property", "固定資産税・都市計画税", "Fixed asset and city planning tax"),
    ("light_vehicle", "軽自動車税（種別割）", "Light vehicle tax"),
    ("health_insurance", "国民健康保険税", "National health insurance tax"),
]

KOUZA = StandardProcedure(
    code="kouza-furikae",
    title="市税等口座振替Web申込",
    title_en="Pay city taxes by direct debit (online application)",
    title_kana="シゼイトウコウザフリカエウェブモウシコミ",
    summary="市税・国民健康保険税を、指定の口座から納期限に自動で引き落とします。",
    summary_en="Have city taxes and health insurance tax debited from your bank account on each due date.",
    description=(
        "市・都民税（普通徴収）、固定資産税・都市計画税、軽自動車税、国民健康保険税を"
        "口座振替で納められます。金融機関の届出印は不要です。\n"
        "申請できる方：納税義務者ご本人（口座名義人が納税者と異なる場合は名義人の同意が必要です）。\n"
        "準備するもの：マイナンバーカード（電子署名）、通帳またはキャッシュカード。\n"
        "振替開始：金融機関の確認が済んだ月の翌月以降の納期から。開始時期は通知でお知らせします。"
    ),
    description_en=(
        "Pay resident tax, fixed asset tax, light vehicle tax and national health insurance "
        "tax by direct debit. You need your My Number card and your bank details. Debits "
        "start from the first due date after your bank has confirmed the account; we will "
        "tell you when."
    ),
    keywords="口座振替 口座 引き落とし 自動払込 納付 税金 国保",
    category=CATEGORY,
    department_code="shuno",
    applicant_kind="resident",
    identity_level="card",
    handling_days=30,
    contact=contact("収納課", "収納係", "275"),
    order=2,
    form=paged(
        "市税等口座振替申込",
        "Direct debit of city taxes",
        [
            ("applicant", "納税者", "Taxpayer", applicant_fields()),
            (
                "taxes",
                "振替する税目",
                "Taxes to debit",
                [
                    checkboxes("taxes", "税目", "Taxes", TAXES, min_items=1),
                    text(
                        "notice_number",
                        "通知書番号（わかれば）",
                        "Notice number (if known)",
                        max_length=20,
                        required=False,
                        help="納税通知書の右上に記載の番号です。",
                        help_en="Printed at the top right of your tax notice.",
                    ),
                    select(
                        "start_month",
                        "振替開始の希望月",
                        "Preferred first month",
                        START_MONTHS,
                        help="金融機関の確認に1〜2か月かかります。それより前の納期は納付書でお納めください。",
                        help_en="Banks take one to two months to confirm; pay earlier instalments with the slip.",
                    ),
                ],
            ),
            (
                "account",
                "振替口座",
                "Bank account",
                [
                    bank_account(
                        "bank_account",
                        "振替口座",
                        "Bank account",
                        help="ゆうちょ銀行は振込用の店名・口座番号をお書きください。",
                        help_en="For Japan Post Bank, enter the branch and number used for transfers.",
                    ),
                    text(
                        "holder_name",
                        "口座名義人の氏名（漢字）",
                        "Account holder's name",
                        max_length=50,
                        help="口座名義（カナ）は上の振替口座の欄に入力してください。",
                        help_en="Enter the holder's name in katakana in the bank account above.",
                    ),
                    radio(
                        "holder_is_taxpayer",
                        "口座名義人は納税者本人ですか",
                        "Is the account holder the taxpayer?",
                        [
                            ("yes", "はい", "Yes"),
                            ("no", "いいえ（家族などの口座）", "No (a relative's account)"),
                        ],
                    ),
                    text(
                        "holder_relationship",
                        "納税者との続柄",
                        "Relationship to the taxpayer",
                        max_length=20,
                        show_if=equals("holder_is_taxpayer", "no"),
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "taxes": ["resident", "property"],
        "start_month": "asap",
        "bank_account": {
            "bank_code": "0005",
            "branch_code": "123",
            "account_type": "ordinary",
            "account_number": "1234567",
            "holder_kana": "ﾑﾗﾔﾏ ﾊﾅｺ",
        },
        "holder_name": "村山 花子",
        "holder_is_taxpayer": "yes",
        "consent": True,
    },
)

NOZEI = StandardProcedure(
    code="nozei-shomei-yuso",
    title="納税証明書交付申請（郵送）",
    title_en="Request a tax payment certificate by post",
    title_kana="ノウゼイショウメイショコウフシンセイ（ユウソウ）",
    summary="市税を納めたことを証明する書類を、オンラインで申請し郵送で受け取れます。",
    summary_en="A certificate that you have paid your city taxes, by post.",
    description=(
        "市税の納付額・未納がないことを証明します。入札参加資格の申請、融資、"
        "軽自動車の車検（継続検査用）などで使います。\n"
        "準備するもの：マイナンバーカード（電子署名）。手数料は1件300円"
        "（軽自動車税の継続検査用は無料）です。\n"
        "納付から証明できるまで2週間ほどかかることがあります。"
    ),
    description_en=(
        "Certifies the city taxes you paid and that nothing is unpaid (for tenders, loans, "
        "light vehicle inspections). 300 yen per item, free for light vehicle inspection."
    ),
    keywords="納税証明 完納証明 車検 軽自動車 入札 証明書",
    category=CATEGORY,
    department_code="shuno",
    applicant_kind="resident_or_business",
    identity_level="card",
    fee_yen=300,
    fee_note="1件 300円（軽自動車税 継続検査用は無料）",
    fee_note_en="300 yen per item (free for light vehicle inspections)",
    handling_days=7,
    contact=contact("収納課", "収納係", "275"),
    order=3,
    form=paged(
        "納税証明書交付申請（郵送）",
        "Tax payment certificate by post",
        [
            ("applicant", "申請者", "Applicant", applicant_fields()),
            (
                "request",
                "請求の内容",
                "Request",
                [
                    select(
                        "kind",
                        "証明の種類",
                        "Kind of certificate",
                        [
                            ("paid", "納税証明（納付額）", "Amount paid"),
                            ("no_arrears", "完納証明（未納なし）", "Nothing unpaid"),
                            ("vehicle", "軽自動車税（継続検査用）", "Light vehicle inspection"),
                        ],
                    ),
                    text(
                        "vehicle_number",
                        "車両番号",
                        "Vehicle number",
                        max_length=20,
                        show_if=equals("kind", "vehicle"),
                        placeholder="多摩 480 あ 12-34",
                    ),
                    select("fiscal_year", "年度", "Fiscal year", FISCAL_YEARS),
                    number("copies", "通数", "Number of copies", minimum=1, maximum=5),
                    *delivery_fields(),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "kind": "vehicle",
        "vehicle_number": "多摩 480 あ 12-34",
        "fiscal_year": "r8",
        "copies": 1,
        "delivery": "home",
        "consent": True,
    },
)

PROCEDURES = [KAZEI, KOUZA, NOZEI]
