"""事業者向け: advertising, patronage, start-up support (秘書広報課・産業観光課)."""

from __future__ import annotations

from .base import StandardProcedure, contact, in_days
from .fields import (
    address,
    checkboxes,
    consent,
    date,
    email,
    equals,
    file,
    kana,
    number,
    paged,
    phone,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "jigyosha"
HISHO = contact("秘書広報課", "広報係", "217")

BUSINESS_FIELDS = [
    text("company", "事業者名（広告主）", "Business name", max_length=100),
    kana("company_kana", "事業者名（フリガナ）", "Business name (katakana)", max_length=100),
    text("representative", "代表者の役職・氏名", "Representative", max_length=100),
    address("address", "所在地", "Address"),
    text("contact_name", "担当者の氏名", "Contact person", max_length=50),
    phone("phone", "担当者の電話番号", "Phone number"),
    email("email", "担当者のメールアドレス", "E-mail"),
]

KOKOKU = StandardProcedure(
    code="koho-kokoku",
    title="市報・ホームページ広告掲載申込",
    title_en="Advertise in the city newsletter or on the city website",
    title_kana="シホウ・ホームページコウコクケイサイモウシコミ",
    summary="市報「むさしむらやま」とホームページのバナーに、事業者の広告を掲載できます。",
    summary_en="Place an advertisement in the city newsletter or a banner on the city website.",
    description=(
        "市報（毎月1日・15日発行、約3万部）の最終面の広告枠と、市ホームページのバナー広告枠に、"
        "事業者の広告を掲載します。\n"
        "申し込める方：市の広告掲載基準に適合する事業者（市税の滞納がないこと）。\n"
        "準備するもの：広告原稿（PDF・PNG・JPEG。市報は縦45mm×横85mm、"
        "バナーは横150×縦60ピクセル）。\n"
        "掲載料：市報1枠1号 20,000円、バナー1か月 10,000円。審査のあと掲載決定通知と請求書をお送りします。"
    ),
    description_en=(
        "Advertising space in the city newsletter (1st and 15th of each month, about 30,000 "
        "copies) and banners on the city website, for businesses meeting the city's "
        "advertising standards. Upload the artwork as PDF, PNG or JPEG. 20,000 yen per "
        "newsletter issue, 10,000 yen per banner month."
    ),
    keywords="広告 市報 ホームページ バナー 掲載 事業者 有料広告",
    category=CATEGORY,
    department_code="hisho",
    applicant_kind="business",
    identity_level="account",
    fee_note="市報 1枠1号 20,000円、バナー 1か月 10,000円",
    fee_note_en="Newsletter 20,000 yen per issue; banner 10,000 yen per month",
    handling_days=14,
    contact=HISHO,
    order=1,
    form=paged(
        "広告掲載申込書",
        "Advertising application",
        [
            ("business", "広告主", "Advertiser", BUSINESS_FIELDS),
            (
                "advert",
                "広告の内容",
                "Advertisement",
                [
                    select(
                        "industry",
                        "業種",
                        "Industry",
                        [
                            ("retail", "小売・飲食", "Retail and food"),
                            ("medical", "医療・介護", "Medical and care"),
                            ("education", "教育・習い事", "Education"),
                            ("realestate", "不動産・建設", "Real estate and building"),
                            ("finance", "金融・保険", "Finance and insurance"),
                            ("service", "サービス", "Services"),
                            ("other", "その他", "Other"),
                        ],
                    ),
                    radio(
                        "medium",
                        "広告媒体",
                        "Medium",
                        [
                            ("newsletter", "市報", "Newsletter"),
                            ("banner", "ホームページのバナー", "Website banner"),
                        ],
                    ),
                    checkboxes(
                        "issues",
                        "掲載を希望する号",
                        "Issues",
                        [
                            ("apr1", "4月1日号", "1 April"),
                            ("apr15", "4月15日号", "15 April"),
                            ("may1", "5月1日号", "1 May"),
                            ("may15", "5月15日号", "15 May"),
                            ("jun1", "6月1日号", "1 June"),
                            ("jun15", "6月15日号", "15 June"),
                        ],
                        min_items=1,
                        max_items=6,
                        show_if=equals("medium", "newsletter"),
                    ),
                    number(
                        "banner_months",
                        "バナーの掲載月数",
                        "Banner months",
                        minimum=1,
                        maximum=12,
                        show_if=equals("medium", "banner"),
                    ),
                    text(
                        "link_url",
                        "バナーのリンク先URL",
                        "Banner link",
                        max_length=200,
                        pattern="^https://",
                        show_if=equals("medium", "banner"),
                    ),
                    file(
                        "artwork",
                        "広告原稿",
                        "Artwork",
                        accept=["application/pdf", "image/png", "image/jpeg"],
                        max_bytes=5 * 1024 * 1024,
                        help="PDF・PNG・JPEG、5MBまで。",
                        help_en="PDF, PNG or JPEG, up to 5 MB.",
                    ),
                    consent(
                        "standards",
                        "広告掲載基準",
                        "Advertising standards",
                        "武蔵村山市広告掲載基準を読み、広告の内容に責任を持つことを確認しました。",
                        "I have read the city's advertising standards and take responsibility for the content.",
                    ),
                ],
            ),
        ],
    ),
    example={
        "company": "株式会社むらやま商事",
        "company_kana": "カブシキガイシャムラヤマショウジ",
        "representative": "代表取締役 伊奈平 誠",
        "address": {"postal_code": "208-0023", "address": "東京都武蔵村山市伊奈平五丁目20番地"},
        "contact_name": "三ツ藤 美香",
        "phone": "042-560-9900",
        "email": "ad@murayama-shoji.example.jp",
        "industry": "retail",
        "medium": "newsletter",
        "issues": ["apr1", "may1"],
        "artwork": [1],
        "standards": True,
    },
    example_files=("artwork",),
)

KOEN = StandardProcedure(
    code="koen-meigi",
    title="後援名義使用承認申請",
    title_en="Request the city's patronage (use of its name)",
    title_kana="コウエンメイギシヨウショウニンシンセイ",
    summary="催しに「武蔵村山市後援」の名義を使うための承認を申請します。",
    summary_en="Ask for permission to name the city as patron of your event.",
    description=(
        "市民の文化・福祉・教育の向上につながる催しに、市の後援名義の使用を承認します。\n"
        "申請できる方：催しを主催する団体・事業者（営利を主な目的とする催しは対象外）。\n"
        "準備するもの：催しの企画書・チラシ案（PDF）、団体の規約または会社概要。\n"
        "期限：開催日の30日前まで。結果は承認書または不承認の通知としてお送りします。"
        "終了後1か月以内に実施報告が必要です。"
    ),
    description_en=(
        "Patronage for events that improve culture, welfare or education, for organisers "
        "other than purely commercial ones. Apply 30 days ahead with the plan and a draft "
        "leaflet; report on the event within a month."
    ),
    keywords="後援 名義 後援名義 催し イベント 承認 共催",
    category=CATEGORY,
    department_code="hisho",
    applicant_kind="business",
    identity_level="account",
    handling_days=14,
    contact=contact("秘書広報課", "秘書係", "212"),
    order=2,
    form=paged(
        "後援名義使用承認申請書",
        "Patronage request",
        [
            ("organiser", "主催者", "Organiser", BUSINESS_FIELDS),
            (
                "event",
                "催し",
                "Event",
                [
                    text("event_name", "催しの名称", "Event name", max_length=100),
                    date("event_date", "開催日", "Date", min="today+30"),
                    text("venue", "会場", "Venue", max_length=100),
                    textarea("event_purpose", "目的と内容", "Purpose and content", max_length=1000),
                    number(
                        "expected",
                        "参加見込み人数",
                        "Expected participants",
                        minimum=1,
                        maximum=100000,
                    ),
                    radio(
                        "fee",
                        "参加費",
                        "Fee",
                        [("free", "無料", "Free"), ("paid", "有料", "Paid")],
                    ),
                    number(
                        "fee_amount",
                        "参加費（円）",
                        "Fee (yen)",
                        minimum=1,
                        maximum=100000,
                        show_if=equals("fee", "paid"),
                    ),
                    file(
                        "documents",
                        "企画書・チラシ案",
                        "Plan and draft leaflet",
                        accept=["application/pdf"],
                        max_items=3,
                    ),
                    consent(
                        "conditions",
                        "承認の条件",
                        "Conditions",
                        "承認後に内容を変更するときは届け出ること、終了後1か月以内に実施報告を出すことを承知しました。",
                        "I will report any change, and report on the event within a month after it.",
                    ),
                ],
            ),
        ],
    ),
    example={
        "company": "武蔵村山市文化協会",
        "company_kana": "ムサシムラヤマシブンカキョウカイ",
        "representative": "会長 残堀 和夫",
        "address": {"postal_code": "208-0004", "address": "東京都武蔵村山市本町一丁目17番地の1"},
        "contact_name": "中原 恵",
        "phone": "042-565-0001",
        "email": "info@bunka-kyokai.example.jp",
        "event_name": "第40回 むらやま市民合唱祭",
        "event_date": in_days(60),
        "venue": "市民会館（さくらホール）",
        "event_purpose": "市内の合唱団体が日頃の成果を発表し、合唱文化の振興を図ります。",
        "expected": 600,
        "fee": "free",
        "documents": [1],
        "conditions": True,
    },
    example_files=("documents",),
)

SOGYO = StandardProcedure(
    code="sogyo-shien-shomei",
    title="特定創業支援等事業の証明書交付申請",
    title_en="Certificate of start-up support (for reduced registration tax)",
    title_kana="トクテイソウギョウシエントウジギョウノショウメイショコウフシンセイ",
    summary="市の創業塾などを修了した方は、会社設立時の登録免許税の軽減などに使える証明書を受けられます。",
    summary_en="Graduates of the city's start-up course get a certificate that reduces registration tax.",
    description=(
        "産業競争力強化法に基づく、市の特定創業支援等事業（創業塾・創業相談で4回以上・1か月以上の"
        "支援）を受けた方に証明書を交付します。株式会社設立の登録免許税の減額、"
        "創業関連保証の特例などに使えます。\n"
        "申請できる方：支援を受け、市内で創業する（または創業後5年未満の）個人・法人。\n"
        "結果：証明書を郵送します（手数料なし）。"
    ),
    description_en=(
        "A certificate for people who completed the city's start-up support (four sessions "
        "over at least a month) under the Industrial Competitiveness Enhancement Act, used "
        "to reduce company registration tax and for credit guarantees. Free; posted to you."
    ),
    keywords="創業 起業 開業 証明書 登録免許税 創業塾 事業を始める",
    category=CATEGORY,
    department_code="sangyo",
    applicant_kind="resident_or_business",
    identity_level="account",
    handling_days=10,
    contact=contact("産業観光課", "商工係", "642"),
    order=3,
    form=paged(
        "特定創業支援等事業 証明書交付申請書",
        "Start-up support certificate",
        [
            (
                "applicant",
                "申請者",
                "Applicant",
                [
                    text("name", "氏名", "Name", max_length=50, autocomplete="name"),
                    kana("name_kana", "氏名（フリガナ）", "Name (katakana)", max_length=50),
                    address("address", "住所", "Address"),
                    phone("phone", "電話番号", "Phone number"),
                ],
            ),
            (
                "business",
                "事業",
                "Business",
                [
                    radio(
                        "stage",
                        "創業の状況",
                        "Stage",
                        [
                            ("planned", "これから創業する", "Not yet started"),
                            ("started", "創業済み（5年未満）", "Started less than five years ago"),
                        ],
                    ),
                    date(
                        "started_on",
                        "創業日",
                        "Start date",
                        max="today",
                        show_if=equals("stage", "started"),
                    ),
                    radio(
                        "form_of_business",
                        "形態",
                        "Form",
                        [
                            ("sole", "個人事業", "Sole proprietor"),
                            ("company", "株式会社", "Stock company"),
                            ("llc", "合同会社", "LLC"),
                        ],
                    ),
                    text("business_name", "屋号・会社名（予定）", "Trade name", max_length=100),
                    textarea("business_summary", "事業の内容", "Business", max_length=1000),
                    address("business_address", "事業所の所在地（予定）", "Business address"),
                    select(
                        "course",
                        "受講した支援",
                        "Support received",
                        [
                            ("school", "むさしむらやま創業塾", "Start-up school"),
                            ("consulting", "創業相談（4回以上）", "Consultations (4+)"),
                        ],
                    ),
                    text(
                        "course_term",
                        "受講期間",
                        "When",
                        max_length=50,
                        placeholder="令和8年9月〜10月",
                    ),
                ],
            ),
        ],
    ),
    example={
        "name": "学園 拓也",
        "name_kana": "ガクエン タクヤ",
        "address": {"postal_code": "208-0021", "address": "東京都武蔵村山市三ツ藤二丁目4番地の7"},
        "phone": "080-2222-3333",
        "stage": "planned",
        "form_of_business": "company",
        "business_name": "株式会社さやまベーカリー",
        "business_summary": "狭山茶を使ったパン・焼き菓子の製造販売",
        "business_address": {"postal_code": "208-0022", "address": "東京都武蔵村山市榎一丁目5番地"},
        "course": "school",
        "course_term": "令和8年9月〜10月",
    },
)

PROCEDURES = [KOKOKU, KOEN, SOGYO]
