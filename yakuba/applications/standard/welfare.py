"""福祉・介護: long-term care certification, disability handbook (高齢福祉課・障害福祉課)."""

from __future__ import annotations

from .base import StandardProcedure, contact
from .fields import (
    HANAKO,
    accuracy_consent,
    address,
    applicant_fields,
    checkboxes,
    consent,
    date,
    equals,
    kana,
    paged,
    phone,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "fukushi"

KAIGO = StandardProcedure(
    code="kaigo-nintei",
    title="介護保険 要介護・要支援認定申請",
    title_en="Apply for long-term care certification",
    title_kana="カイゴホケン ヨウカイゴ・ヨウシエンニンテイシンセイ",
    summary="介護サービスを使うために、介護や支援がどの程度必要かの認定を申請します。",
    summary_en="Apply for the assessment of how much care you need, to use care insurance services.",
    description=(
        "介護保険のサービス（訪問介護・デイサービス・施設入所など）を使うには、"
        "要介護・要支援の認定が必要です。\n"
        "申請できる方：65歳以上の方、40〜64歳で特定疾病（末期がん・関節リウマチなど）のある方。"
        "ご家族やケアマネジャーが代わりに申請することもできます（この場合は申請者の"
        "マイナンバーカードで署名します）。\n"
        "準備するもの：介護保険被保険者証の番号、主治医の氏名と医療機関（市が意見書を依頼します）。\n"
        "流れ：調査員がご自宅などを訪問して聞き取り調査をし、主治医意見書とあわせて"
        "介護認定審査会が判定します。結果は申請から原則30日以内に郵送します。"
    ),
    description_en=(
        "To use care insurance services you need a care-level certification. For people 65+ "
        "and people 40–64 with a specified disease; family or a care manager may apply for "
        "them. You need the insurance card number and the name of the doctor. An assessor "
        "visits, and the decision is posted within 30 days."
    ),
    keywords="介護保険 要介護 要支援 認定 介護 ケアマネ デイサービス 高齢者",
    category=CATEGORY,
    department_code="koreifukushi",
    applicant_kind="resident",
    identity_level="card",
    handling_days=30,
    contact=contact("高齢福祉課", "介護保険係", "183"),
    order=1,
    form=paged(
        "介護保険 要介護・要支援認定申請書",
        "Long-term care certification",
        [
            ("applicant", "申請者（署名する方）", "Applicant (who signs)", applicant_fields()),
            (
                "insured",
                "認定を受ける方",
                "Person to be assessed",
                [
                    radio(
                        "insured_is_applicant",
                        "認定を受ける方は申請者本人ですか",
                        "Are you the person to be assessed?",
                        [
                            ("yes", "はい", "Yes"),
                            (
                                "no",
                                "いいえ（家族・ケアマネジャーとして申請）",
                                "No (I apply for them)",
                            ),
                        ],
                    ),
                    text(
                        "insured_name",
                        "認定を受ける方の氏名",
                        "Their name",
                        max_length=50,
                        show_if=equals("insured_is_applicant", "no"),
                    ),
                    kana(
                        "insured_kana",
                        "認定を受ける方のフリガナ",
                        "Their name (katakana)",
                        max_length=50,
                        show_if=equals("insured_is_applicant", "no"),
                    ),
                    date(
                        "insured_birth_date",
                        "認定を受ける方の生年月日",
                        "Their date of birth",
                        max="today",
                        show_if=equals("insured_is_applicant", "no"),
                    ),
                    text(
                        "relationship",
                        "本人との関係",
                        "Relationship",
                        max_length=30,
                        show_if=equals("insured_is_applicant", "no"),
                    ),
                    text(
                        "insured_number",
                        "介護保険被保険者番号",
                        "Care insurance number",
                        max_length=10,
                        pattern="^[0-9]{10}$",
                        help="被保険者証に記載の10桁の番号です。",
                        help_en="The 10 digits on the insurance card.",
                    ),
                    select(
                        "kind",
                        "申請の区分",
                        "Kind",
                        [
                            ("new", "新規", "New"),
                            ("renewal", "更新", "Renewal"),
                            ("change", "区分変更（状態が変わった）", "Change of level"),
                        ],
                    ),
                    radio(
                        "whereabouts",
                        "現在いる場所",
                        "Where the person is now",
                        [
                            ("home", "自宅", "At home"),
                            ("hospital", "入院中", "In hospital"),
                            ("facility", "施設に入所中", "In a care facility"),
                        ],
                    ),
                    text(
                        "facility_name",
                        "病院・施設の名称と所在地",
                        "Hospital or facility",
                        max_length=200,
                        show_if={"field": "whereabouts", "in": ["hospital", "facility"]},
                    ),
                ],
            ),
            (
                "doctor",
                "主治医と調査",
                "Doctor and visit",
                [
                    text("doctor_name", "主治医の氏名", "Doctor's name", max_length=50),
                    text("clinic", "医療機関の名称", "Clinic or hospital", max_length=100),
                    phone("clinic_phone", "医療機関の電話番号", "Clinic phone"),
                    text(
                        "contact_name",
                        "調査の日程調整の連絡先（氏名）",
                        "Contact for the visit",
                        max_length=50,
                    ),
                    phone("contact_phone", "調査の日程調整の連絡先（電話）", "Contact phone"),
                    textarea(
                        "condition",
                        "現在の状況",
                        "Current situation",
                        max_length=1000,
                        help="困っていること、病気やけがの状況など。",
                        help_en="What is difficult, illnesses or injuries.",
                    ),
                    consent(
                        "info_consent",
                        "情報提供への同意",
                        "Consent",
                        "認定調査の結果・主治医意見書を、ケアマネジャー・サービス事業者に提示することに同意します。",
                        "I agree that the assessment and doctor's opinion are shown to the care manager and providers.",
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "insured_is_applicant": "no",
        "insured_name": "村山 トメ",
        "insured_kana": "ムラヤマ トメ",
        "insured_birth_date": "1942-09-15",
        "relationship": "義母",
        "insured_number": "0001234567",
        "kind": "new",
        "whereabouts": "home",
        "doctor_name": "大南 一郎",
        "clinic": "大南内科クリニック",
        "clinic_phone": "042-590-1234",
        "contact_name": "村山 花子",
        "contact_phone": "090-1234-5678",
        "condition": "昨年の骨折以来、歩行が不安定で、入浴と買い物に介助が必要です。",
        "info_consent": True,
        "consent": True,
    },
)

TECHO = StandardProcedure(
    code="shogai-techo-jusho",
    title="障害者手帳の住所・氏名変更届",
    title_en="Change of address or name on a disability handbook",
    title_kana="ショウガイシャテチョウノジュウショ・シメイヘンコウトドケ",
    summary="身体障害者手帳・愛の手帳・精神障害者保健福祉手帳の住所や氏名が変わったときの届出です。",
    summary_en="Notify a change of address or name on a physical, intellectual or mental disability handbook.",
    description=(
        "市内での転居、市外からの転入、結婚などで氏名が変わったときに届け出てください。\n"
        "届け出る方：手帳をお持ちのご本人（保護者・代理人も可）。\n"
        "準備するもの：手帳の番号。転入の方は前住所地の手帳をお持ちください。\n"
        "結果：新しい住所・氏名を記載した手帳（またはシール）を郵送、"
        "または窓口でお渡しします。手当・医療費助成の住所変更もあわせて行います。"
    ),
    description_en=(
        "Notify us when your address or name changes. You need the handbook number. We post "
        "the updated handbook (or sticker), and update allowances and medical aid as well."
    ),
    keywords="障害者手帳 身体障害者手帳 愛の手帳 精神 住所変更 転居 氏名変更",
    category=CATEGORY,
    department_code="shogaifukushi",
    applicant_kind="resident",
    identity_level="card",
    handling_days=14,
    contact=contact("障害福祉課", "障害者支援係", "191"),
    order=2,
    form=paged(
        "障害者手帳 住所・氏名変更届",
        "Disability handbook change",
        [
            ("holder", "手帳をお持ちの方", "Handbook holder", applicant_fields()),
            (
                "change",
                "変更の内容",
                "Change",
                [
                    checkboxes(
                        "handbooks",
                        "お持ちの手帳",
                        "Handbooks",
                        [
                            ("physical", "身体障害者手帳", "Physical disability"),
                            ("intellectual", "愛の手帳（療育手帳）", "Intellectual disability"),
                            ("mental", "精神障害者保健福祉手帳", "Mental disability"),
                        ],
                        min_items=1,
                    ),
                    text("handbook_number", "手帳の番号", "Handbook number", max_length=20),
                    checkboxes(
                        "changes",
                        "変更した事項",
                        "What changed",
                        [
                            ("address", "住所", "Address"),
                            ("name", "氏名", "Name"),
                        ],
                        min_items=1,
                    ),
                    date("changed_on", "変更日", "Date of the change", max="today"),
                    address("old_address", "変更前の住所", "Previous address", required=False),
                    text(
                        "old_name", "変更前の氏名", "Previous name", max_length=50, required=False
                    ),
                    radio(
                        "receive",
                        "手帳の受け取り方法",
                        "How to receive the handbook",
                        [
                            ("post", "郵送", "By post"),
                            ("counter", "窓口", "At the counter"),
                        ],
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "handbooks": ["physical"],
        "handbook_number": "東京都 第12345号",
        "changes": ["address"],
        "changed_on": "2026-11-30",
        "old_address": {"postal_code": "208-0003", "address": "東京都武蔵村山市中央一丁目2番地"},
        "receive": "post",
        "consent": True,
    },
)

PROCEDURES = [KAIGO, TECHO]
