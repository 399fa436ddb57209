"""届出・証明書: certificates by post and notifications (市民課・都市計画課)."""

from __future__ import annotations

from .base import StandardProcedure, contact, in_days
from .fields import (
    HANAKO,
    accuracy_consent,
    address,
    applicant_fields,
    checkboxes,
    date,
    delivery_fields,
    equals,
    group,
    kana,
    number,
    paged,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "todokede"
SHIMIN = contact("市民課", "住民記録係", "231")

PURPOSES = [
    ("work", "勤務先への提出", "For my employer"),
    ("pension", "年金の手続き", "Pension"),
    ("insurance", "保険・共済の手続き", "Insurance"),
    ("car", "自動車の登録・運転免許", "Car registration or driving licence"),
    ("school", "学校・奨学金の手続き", "School or scholarship"),
    ("housing", "住宅ローン・賃貸の契約", "Housing loan or lease"),
    ("other", "その他", "Other"),
]

JUMINHYO = StandardProcedure(
    code="juminhyo-yuso",
    title="住民票の写し交付申請（郵送）",
    title_en="Request a copy of your residence record by post",
    title_kana="ジュウミンヒョウノウツシコウフシンセイ（ユウソウ）",
    summary="住民票の写しを、窓口に来ずにオンラインで申請し、郵送で受け取れます。",
    summary_en="Ask online for a copy of your residence record (juminhyo) and receive it by post.",
    description=(
        "住民票の写し（世帯全員または一部の方）を請求できます。\n"
        "申請できる方：武蔵村山市に住民登録があるご本人（同じ世帯の方の分も請求できます）。\n"
        "準備するもの：マイナンバーカード（電子署名に使います）。手数料は1通300円で、"
        "交付時に同封する納付書または定額小為替でお支払いください。\n"
        "結果の受け取り：審査のあと、住民登録の住所へ郵送します（通常1週間程度）。"
        "勤務先などへの送付を希望する場合は理由をお書きください。"
        "マイナンバー（個人番号）入りの住民票は郵送ではご本人の住所にのみ送付します。"
    ),
    description_en=(
        "Request a copy of the residence record of your whole household or of some members.\n"
        "Who: a person registered as a resident of the city (also for members of the same "
        "household).\nYou need your My Number card to sign the application. The fee is "
        "300 yen per copy, paid with the payment slip sent with it or by postal money order.\n"
        "The copies are posted to your registered address, usually within a week."
    ),
    keywords="住民票 写し 郵送 証明書 世帯 本籍 続柄 コンビニ",
    category=CATEGORY,
    department_code="shimin",
    applicant_kind="resident",
    identity_level="card",
    fee_yen=300,
    fee_note="1通 300円（郵送料は市が負担します）",
    fee_note_en="300 yen per copy (postage paid by the city)",
    handling_days=7,
    contact=SHIMIN,
    order=1,
    form=paged(
        "住民票の写し交付申請（郵送）",
        "Copy of residence record by post",
        [
            ("applicant", "申請者", "Applicant", applicant_fields()),
            (
                "request",
                "請求の内容",
                "What you need",
                [
                    radio(
                        "scope",
                        "必要な方",
                        "Who should be on the copy",
                        [
                            ("all", "世帯全員", "The whole household"),
                            ("some", "世帯の一部の方", "Some members"),
                        ],
                    ),
                    textarea(
                        "members",
                        "必要な方の氏名",
                        "Names of the members",
                        max_length=300,
                        show_if=equals("scope", "some"),
                        help="1行に1人ずつお書きください。",
                        help_en="One name per line.",
                    ),
                    checkboxes(
                        "include",
                        "記載が必要な事項",
                        "Items to include",
                        [
                            ("domicile", "本籍・筆頭者", "Registered domicile"),
                            ("relationship", "世帯主・続柄", "Head and relationships"),
                            ("history", "前住所・住所を定めた日", "Previous address"),
                        ],
                        required=False,
                        help="提出先から指定がなければ、チェックは不要です。",
                        help_en="Leave empty unless the recipient asks for them.",
                    ),
                    number("copies", "通数", "Number of copies", minimum=1, maximum=10),
                    select("purpose", "使いみち", "Purpose", PURPOSES),
                    text(
                        "purpose_other",
                        "その他の使いみち",
                        "Other purpose",
                        max_length=100,
                        show_if=equals("purpose", "other"),
                    ),
                ],
            ),
            ("delivery", "郵送先", "Delivery", [*delivery_fields(), accuracy_consent()]),
        ],
    ),
    example={
        **HANAKO,
        "scope": "all",
        "include": ["relationship"],
        "copies": 1,
        "purpose": "work",
        "delivery": "home",
        "consent": True,
    },
)

INKAN = StandardProcedure(
    code="inkan-shomei-yuso",
    title="印鑑登録証明書交付申請（郵送）",
    title_en="Request a seal registration certificate by post",
    title_kana="インカントウロクショウメイショコウフシンセイ（ユウソウ）",
    summary="登録済みの印鑑の証明書を、オンラインで申請し郵送で受け取れます。",
    summary_en="Ask online for a certificate of your registered seal and receive it by post.",
    description=(
        "武蔵村山市で印鑑登録をしているご本人が、印鑑登録証明書を請求できます。\n"
        "準備するもの：マイナンバーカード（電子署名）と印鑑登録証（カード）の登録番号。\n"
        "手数料は1通300円です。証明書は住民登録の住所にのみ郵送します（転送不要郵便）。\n"
        "印鑑登録そのもの（新規登録・廃止）は窓口での手続きです。"
    ),
    description_en=(
        "A person with a registered seal in the city may request its certificate. You need "
        "your My Number card and the number of your seal registration card. 300 yen per "
        "copy. The certificate is posted only to your registered address. Registering a "
        "seal is done at the counter."
    ),
    keywords="印鑑証明 印鑑登録 実印 証明書 郵送",
    category=CATEGORY,
    department_code="shimin",
    applicant_kind="resident",
    identity_level="card",
    fee_yen=300,
    fee_note="1通 300円",
    fee_note_en="300 yen per copy",
    handling_days=7,
    contact=SHIMIN,
    order=2,
    form=paged(
        "印鑑登録証明書交付申請（郵送）",
        "Seal registration certificate by post",
        [
            ("applicant", "申請者", "Applicant", applicant_fields()),
            (
                "request",
                "請求の内容",
                "Request",
                [
                    text(
                        "card_number",
                        "印鑑登録証の登録番号",
                        "Seal registration card number",
                        max_length=10,
                        pattern="^[0-9]{1,10}$",
                        help="印鑑登録証（カード）に記載の数字です。",
                        help_en="The number printed on your seal registration card.",
                    ),
                    number("copies", "通数", "Number of copies", minimum=1, maximum=5),
                    select("purpose", "使いみち", "Purpose", PURPOSES),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={**HANAKO, "card_number": "120345", "copies": 2, "purpose": "car", "consent": True},
)

TENSHUTSU = StandardProcedure(
    code="tenshutsu-yuso",
    title="転出届（郵送・オンライン）",
    title_en="Moving out of the city (notification by post/online)",
    title_kana="テンシュツトドケ",
    summary="市外へ引っ越す方は、来庁せずに転出届を出し、転出証明書を郵送で受け取れます。",
    summary_en="Moving out of the city: notify us online and receive the moving-out certificate by post.",
    description=(
        "武蔵村山市から他の市区町村へ引っ越す方の転出届です。"
        "マイナポータルの引越しワンストップサービスを使わない方、"
        "マイナンバーカードを持たない世帯員がいる方はこちらから届け出てください。\n"
        "届け出る方：転出するご本人または同じ世帯の方。\n"
        "準備するもの：マイナンバーカード（電子署名）、新しい住所、引越し予定日。\n"
        "結果：転出証明書を郵送します。引越し先の市区町村で、転入届の際に提出してください。"
        "国民健康保険・児童手当・介護保険などの手続きが別に必要な場合があります"
        "（ライフイベント「引越し」をご覧ください）。"
    ),
    description_en=(
        "For people moving out of the city who do not use the My Number portal's moving "
        "service. You need your My Number card, the new address and the moving date. We post "
        "the moving-out certificate, which you hand in at your new city office."
    ),
    keywords="転出 引越し 引っ越し 転出証明書 住所変更 市外",
    category=CATEGORY,
    department_code="shimin",
    applicant_kind="resident",
    identity_level="card",
    handling_days=5,
    contact=SHIMIN,
    order=3,
    form=paged(
        "転出届",
        "Moving-out notification",
        [
            ("applicant", "届出人", "Person notifying", applicant_fields()),
            (
                "move",
                "引越しの内容",
                "Your move",
                [
                    date(
                        "move_date",
                        "引越し（予定）日",
                        "Moving date",
                        min="today-14",
                        max="today+30",
                        help="引越しの14日前から届け出られます。",
                        help_en="You may notify us up to 14 days before moving.",
                    ),
                    address("new_address", "新しい住所", "New address"),
                    text(
                        "new_head", "新しい世帯の世帯主", "Head of the new household", max_length=50
                    ),
                    group(
                        "movers",
                        "引越しする方",
                        "People moving",
                        [
                            text("name", "氏名", "Name", max_length=50),
                            kana("name_kana", "フリガナ", "Katakana", max_length=50),
                            date("birth_date", "生年月日", "Date of birth", max="today"),
                        ],
                        add_label="引越しする方を追加",
                        add_label_en="Add a person",
                        max_items=10,
                    ),
                ],
            ),
            (
                "delivery",
                "転出証明書の送付先",
                "Where to send the certificate",
                [
                    radio(
                        "delivery",
                        "送付先",
                        "Send to",
                        [
                            ("current", "現住所", "Current address"),
                            ("new", "新しい住所", "New address"),
                        ],
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "move_date": in_days(10),
        "new_address": {
            "postal_code": "190-0023",
            "address": "東京都立川市柴崎町三丁目8番地の2",
            "building": "コーポ柴崎201",
        },
        "new_head": "村山 太郎",
        "movers": [
            {"name": "村山 太郎", "name_kana": "ムラヤマ タロウ", "birth_date": "1968-07-20"},
            {"name": "村山 花子", "name_kana": "ムラヤマ ハナコ", "birth_date": "1970-03-01"},
        ],
        "delivery": "new",
        "consent": True,
    },
)

JUKYO_HYOJI = StandardProcedure(
    code="jukyo-hyoji-shomei",
    title="住居表示証明書交付申請",
    title_en="Request a residential address indication certificate",
    title_kana="ジュウキョヒョウジショウメイショコウフシンセイ",
    summary="住居表示（○丁目○番○号）と地番の対応を証明する書類を請求できます。",
    summary_en="A certificate matching the residential address with the land lot number.",
    description=(
        "住居表示が実施された地区で、住居番号と地番の対応や、住居表示の実施による住所の変更を"
        "証明します。法人の登記（本店所在地の変更）や不動産登記の住所変更に使います。\n"
        "申請できる方：どなたでも（本人・法人・代理人）。\n"
        "結果：証明書を申請者の住所へ郵送します。手数料はかかりません。"
    ),
    description_en=(
        "Certifies the match between the residential address and the lot number, used for "
        "company and land registration. Anyone may apply. Free; posted to you."
    ),
    keywords="住居表示 地番 証明 登記 住所変更 法人",
    category=CATEGORY,
    department_code="toshikeikaku",
    applicant_kind="anyone",
    identity_level="account",
    handling_days=7,
    contact=contact("都市計画課", "住居表示係", "352"),
    order=4,
    form=paged(
        "住居表示証明書交付申請",
        "Residential address indication certificate",
        [
            (
                "applicant",
                "申請者",
                "Applicant",
                applicant_fields(prefill=False, birth_date=False),
            ),
            (
                "request",
                "証明する場所",
                "Place to certify",
                [
                    text(
                        "target_address", "住居表示（住所）", "Residential address", max_length=100
                    ),
                    text(
                        "lot_number",
                        "地番（わかれば）",
                        "Lot number (if known)",
                        max_length=100,
                        required=False,
                    ),
                    text("owner", "建物の所有者・居住者", "Owner or occupant", max_length=100),
                    select(
                        "purpose",
                        "使いみち",
                        "Purpose",
                        [
                            ("company", "法人の登記", "Company registration"),
                            ("land", "不動産の登記", "Land registration"),
                            ("other", "その他", "Other"),
                        ],
                    ),
                    number("copies", "通数", "Number of copies", minimum=1, maximum=5),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        "name": "榎本 健一",
        "name_kana": "エノモト ケンイチ",
        "address": {"postal_code": "208-0022", "address": "東京都武蔵村山市榎二丁目3番地の5"},
        "phone": "042-560-7788",
        "target_address": "武蔵村山市榎二丁目3番5号",
        "owner": "榎本 健一",
        "purpose": "land",
        "copies": 1,
        "consent": True,
    },
)

PROCEDURES = [JUMINHYO, INKAN, TENSHUTSU, JUKYO_HYOJI]
