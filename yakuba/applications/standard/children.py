"""子育て・教育: child allowance and school aid (子育て支援課・教育総務課)."""

from __future__ import annotations

from .base import StandardProcedure, contact
from .fields import (
    HANAKO,
    accuracy_consent,
    applicant_fields,
    bank_account,
    consent,
    date,
    file,
    group,
    kana,
    number,
    paged,
    radio,
    select,
    text,
)

CATEGORY = "kosodate"

JIDO_TEATE = StandardProcedure(
    code="jido-teate",
    title="児童手当 認定請求",
    title_en="Claim child allowance",
    title_kana="ジドウテアテ ニンテイセイキュウ",
    summary="高校生年代までの子どもを養育している方は、児童手当を請求できます。",
    summary_en="Claim child allowance for children up to high-school age.",
    description=(
        "児童手当は、高校生年代（18歳到達後の最初の3月31日）までの子どもを養育している方に"
        "支給されます。第3子以降は月額3万円です。所得制限はありません。\n"
        "請求する方：子どもを養育している父母のうち、生計を維持する程度の高い方（公務員の方は勤務先へ）。\n"
        "期限：出生日・転入日（前住所地の転出予定日）の翌日から15日以内。遅れると遅れた月分が支給されません。\n"
        "準備するもの：マイナンバーカード（電子署名）、請求者名義の口座。\n"
        "結果：認定通知書を郵送し、偶数月（2・4・6・8・10・12月）にその前月分までを振り込みます。"
    ),
    description_en=(
        "Child allowance for children up to high-school age (30,000 yen a month from the "
        "third child; no income limit). Claimed by the parent who mainly supports the family, "
        "within 15 days of a birth or moving in. You need your My Number card and an account "
        "in your name. Paid every even month."
    ),
    keywords="児童手当 手当 子ども 出生 転入 認定請求 子育て",
    category=CATEGORY,
    department_code="kosodate",
    applicant_kind="resident",
    identity_level="card",
    handling_days=30,
    contact=contact("子育て支援課", "子育て給付係", "411"),
    order=1,
    form=paged(
        "児童手当 認定請求書",
        "Child allowance claim",
        [
            ("applicant", "請求者", "Claimant", applicant_fields()),
            (
                "reason",
                "請求の理由",
                "Reason",
                [
                    select(
                        "reason",
                        "請求の理由",
                        "Reason",
                        [
                            ("birth", "子どもが生まれた", "A child was born"),
                            ("moved_in", "武蔵村山市に転入した", "We moved to the city"),
                            ("other", "その他（公務員でなくなった等）", "Other"),
                        ],
                    ),
                    date("reason_date", "その日付", "Date", max="today+15"),
                    text("occupation", "職業・勤務先", "Occupation / employer", max_length=100),
                    radio(
                        "insurance",
                        "加入している年金",
                        "Pension scheme",
                        [
                            ("employee", "厚生年金", "Employees' pension"),
                            ("national", "国民年金", "National pension"),
                            ("public", "共済組合（公務員）", "Mutual aid (public servant)"),
                        ],
                    ),
                ],
            ),
            (
                "children",
                "養育している子ども",
                "Children",
                [
                    group(
                        "children",
                        "子ども",
                        "Children",
                        [
                            text("name", "氏名", "Name", max_length=50),
                            kana("name_kana", "フリガナ", "Katakana", max_length=50),
                            date("birth_date", "生年月日", "Date of birth", max="today"),
                            radio(
                                "lives_with",
                                "同居していますか",
                                "Lives with you",
                                [
                                    ("yes", "同居", "Yes"),
                                    ("no", "別居（単身赴任・就学など）", "No (lives elsewhere)"),
                                ],
                            ),
                        ],
                        add_label="子どもを追加",
                        add_label_en="Add a child",
                        max_items=10,
                    ),
                    number(
                        "older_children",
                        "上記以外に養育している22歳年度末までの子の人数",
                        "Other dependent children up to 22",
                        minimum=0,
                        maximum=10,
                        help="第3子以降の数え方に使います。",
                        help_en="Used to count the third and later children.",
                    ),
                ],
            ),
            (
                "payment",
                "振込先と確認",
                "Payment and consent",
                [
                    bank_account(
                        "bank_account", "振込先口座（請求者名義）", "Bank account (in your name)"
                    ),
                    text(
                        "spouse_name",
                        "配偶者の氏名",
                        "Spouse's name",
                        max_length=50,
                        required=False,
                    ),
                    consent(
                        "spouse_income_consent",
                        "配偶者の所得の確認",
                        "Spouse's income",
                        "生計を維持する程度の比較のため、市が配偶者の所得・課税の状況を確認することに同意します。",
                        "I agree that the city checks my spouse's income and tax status.",
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "reason": "birth",
        "reason_date": "2026-11-20",
        "occupation": "会社員（株式会社むらやま）",
        "insurance": "employee",
        "children": [
            {
                "name": "村山 さくら",
                "name_kana": "ムラヤマ サクラ",
                "birth_date": "2026-11-20",
                "lives_with": "yes",
            }
        ],
        "older_children": 1,
        "bank_account": {
            "bank_code": "0009",
            "branch_code": "456",
            "account_type": "ordinary",
            "account_number": "7654321",
            "holder_kana": "ﾑﾗﾔﾏ ﾊﾅｺ",
        },
        "spouse_name": "村山 太郎",
        "spouse_income_consent": True,
        "consent": True,
    },
)

SHUGAKU = StandardProcedure(
    code="shugaku-enjo",
    title="就学援助申請",
    title_en="Apply for school expense assistance",
    title_kana="シュウガクエンジョシンセイ",
    summary="経済的な理由でお困りの小・中学生の保護者に、学用品費・給食費などを援助します。",
    summary_en="Help with school supplies, lunches and trips for families on low income.",
    description=(
        "市立小・中学校に通う子の保護者で、生活保護に準じる程度に生活が苦しい方に、"
        "学用品費、通学用品費、校外活動費、修学旅行費、学校給食費、新入学学用品費などを援助します。\n"
        "申請できる方：武蔵村山市在住で、世帯全員の前年の所得が基準額以下の方。\n"
        "準備するもの：マイナンバーカード（電子署名）。市で所得を確認するため、所得証明書は原則不要です。\n"
        "結果：認定・不認定の通知を郵送します（申請月の翌月から援助の対象）。"
        "新入学学用品費の入学前支給は、12月末までの申請が対象です。"
    ),
    description_en=(
        "Assistance with school supplies, trips, lunches and new-pupil items for parents of "
        "pupils at city schools whose household income is under the limit. You need your My "
        "Number card; the city checks income itself. We post the decision; aid starts the "
        "month after you apply."
    ),
    keywords="就学援助 学用品 給食費 修学旅行 入学準備 援助 小学校 中学校",
    category=CATEGORY,
    department_code="kyoikusomu",
    applicant_kind="resident",
    identity_level="card",
    handling_days=30,
    contact=contact("教育総務課", "学務係", "631"),
    order=2,
    form=paged(
        "就学援助申請書",
        "School expense assistance",
        [
            ("applicant", "保護者", "Parent", applicant_fields()),
            (
                "pupils",
                "児童・生徒",
                "Pupils",
                [
                    group(
                        "pupils",
                        "援助を受ける児童・生徒",
                        "Pupils",
                        [
                            text("name", "氏名", "Name", max_length=50),
                            kana("name_kana", "フリガナ", "Katakana", max_length=50),
                            date("birth_date", "生年月日", "Date of birth", max="today"),
                            select(
                                "school",
                                "学校",
                                "School",
                                [
                                    ("e1", "第一小学校", "No. 1 Elementary"),
                                    ("e2", "第二小学校", "No. 2 Elementary"),
                                    ("e3", "雷塚小学校", "Ikazuchizuka Elementary"),
                                    ("e4", "大南学園第七小学校", "Ominami Gakuen No. 7 Elementary"),
                                    ("j1", "第一中学校", "No. 1 Junior High"),
                                    ("j3", "第三中学校", "No. 3 Junior High"),
                                    (
                                        "j4",
                                        "大南学園第四中学校",
                                        "Ominami Gakuen No. 4 Junior High",
                                    ),
                                    ("new", "来年4月に入学予定", "Starting school next April"),
                                ],
                            ),
                            number("grade", "学年", "Grade", minimum=0, maximum=9),
                        ],
                        add_label="児童・生徒を追加",
                        add_label_en="Add a pupil",
                        max_items=6,
                    ),
                ],
            ),
            (
                "household",
                "世帯の状況",
                "Household",
                [
                    select(
                        "reason",
                        "申請の理由",
                        "Reason",
                        [
                            ("income", "世帯の所得が少ない", "Low household income"),
                            (
                                "single_parent",
                                "ひとり親家庭（児童扶養手当を受給）",
                                "Single parent on allowance",
                            ),
                            ("tax_exempt", "住民税が非課税", "Exempt from resident tax"),
                            (
                                "job_loss",
                                "失業・病気などで収入が急に減った",
                                "Sudden loss of income",
                            ),
                        ],
                    ),
                    number(
                        "household_size",
                        "世帯の人数",
                        "People in the household",
                        minimum=2,
                        maximum=15,
                    ),
                    file(
                        "documents",
                        "収入が減ったことがわかる書類",
                        "Proof of the income drop",
                        required=False,
                        max_items=3,
                        help="離職票など。所得証明で足りる場合は不要です。",
                        help_en="E.g. a separation notice; not needed otherwise.",
                    ),
                    bank_account("bank_account", "振込先口座", "Bank account"),
                    consent(
                        "income_check",
                        "所得の確認への同意",
                        "Income check",
                        "世帯全員の所得・課税・児童扶養手当の受給状況を市が確認することに同意します。",
                        "I agree that the city checks the income and allowances of everyone in the household.",
                    ),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "pupils": [
            {
                "name": "村山 陽菜",
                "name_kana": "ムラヤマ ヒナ",
                "birth_date": "2016-06-03",
                "school": "e3",
                "grade": 5,
            }
        ],
        "reason": "single_parent",
        "household_size": 2,
        "bank_account": {
            "bank_code": "1344",
            "branch_code": "020",
            "account_type": "ordinary",
            "account_number": "0012345",
            "holder_kana": "ﾑﾗﾔﾏ ﾊﾅｺ",
        },
        "income_check": True,
    },
)

PROCEDURES = [JIDO_TEATE, SHUGAKU]
