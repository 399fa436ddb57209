"""施設・イベント: events, facility use, community groups (文化振興課・協働推進課)."""

from __future__ import annotations

from .base import StandardProcedure, contact, in_days
from .fields import (
    HANAKO,
    accuracy_consent,
    address,
    consent,
    date,
    email,
    equals,
    form,
    kana,
    number,
    paged,
    phone,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "shisetsu"

EVENT = StandardProcedure(
    code="event-sanka",
    title="イベント・講座の参加申込",
    title_en="Sign up for an event or course",
    title_kana="イベント・コウザノサンカモウシコミ",
    summary="市民会館・公民館の講座、文化祭のワークショップなど、市の催しに申し込めます。",
    summary_en="Sign up for city events: community centre courses, festival workshops and more.",
    description=(
        "市が主催する講座・イベントの参加申込です。ログインせずに申し込めます。\n"
        "申し込める方：どなたでも（催しによって対象が決まっています）。\n"
        "定員を超えた場合は抽選とし、結果を締切後1週間以内にメールでお知らせします。"
        "参加費がある催しは当日会場でお支払いください。"
    ),
    description_en=(
        "Sign up for events and courses run by the city, without signing in. If there are "
        "more applicants than places we draw lots and e-mail you within a week of the deadline."
    ),
    keywords="イベント 講座 参加 申込 ワークショップ 文化祭 公民館 市民会館",
    category=CATEGORY,
    department_code="bunka",
    applicant_kind="anyone",
    identity_level="none",
    handling_days=7,
    contact=contact("文化振興課", "文化振興係", "622"),
    order=1,
    form=form(
        "イベント・講座の参加申込",
        "Event sign-up",
        [
            select(
                "event",
                "参加する催し",
                "Event",
                [
                    (
                        "festival-ws",
                        "市民文化祭 こども陶芸ワークショップ",
                        "Festival pottery workshop for children",
                    ),
                    (
                        "smartphone",
                        "はじめてのスマートフォン教室（60歳以上）",
                        "Smartphone class (60+)",
                    ),
                    ("concert", "さくらホール ニューイヤーコンサート", "New Year concert"),
                    ("history", "村山の歴史講座「狭山丘陵と里山」", "Local history lecture"),
                ],
            ),
            text("name", "代表者の氏名", "Name", max_length=50, autocomplete="name"),
            kana("name_kana", "代表者の氏名（フリガナ）", "Name (katakana)", max_length=50),
            email("email", "メールアドレス", "E-mail"),
            phone("phone", "電話番号", "Phone number"),
            number(
                "participants",
                "参加人数（代表者を含む）",
                "Participants (including you)",
                minimum=1,
                maximum=5,
            ),
            radio(
                "resident",
                "市内在住・在勤・在学ですか",
                "Do you live, work or study in the city?",
                [("yes", "はい", "Yes"), ("no", "いいえ", "No")],
            ),
            textarea(
                "needs",
                "配慮が必要なこと",
                "Support you need",
                max_length=500,
                required=False,
                help="車いすでの参加、手話通訳の希望など。",
                help_en="Wheelchair access, sign-language interpreting, etc.",
            ),
            consent(
                "consent",
                "個人情報の取扱い",
                "Personal data",
                "申込内容を、この催しの運営と連絡のためだけに使うことに同意します。",
                "I agree that my details are used only to run this event and contact me.",
            ),
        ],
    ),
    example={
        "event": "smartphone",
        "name": "岸 正男",
        "name_kana": "キシ マサオ",
        "email": "masao.kishi@example.jp",
        "phone": "042-531-4567",
        "participants": 2,
        "resident": "yes",
        "consent": True,
    },
)

FACILITIES = [
    ("hall", "市民会館（さくらホール）", "Civic Hall (Sakura Hall)"),
    ("kominkan", "中央公民館", "Central Community Centre"),
    ("gym", "総合体育館", "Gymnasium"),
    ("ground", "野山北公園運動場", "Noyamakita Park ground"),
    ("plaza", "市民総合センター前広場", "Civic centre plaza"),
]

SHISETSU = StandardProcedure(
    code="shisetsu-shiyo",
    title="施設使用許可申請（展示・物販・撮影など）",
    title_en="Permission to use a city facility (exhibitions, sales, filming)",
    title_kana="シセツシヨウキョカシンセイ",
    summary="市の施設で展示・物品販売・撮影などを行うときの使用許可を申請します。",
    summary_en="Apply for permission to exhibit, sell or film at a city facility.",
    description=(
        "施設予約システムで予約できない使い方（ロビーでの展示、物品の販売、撮影、"
        "広場でのイベントなど）の使用許可申請です。\n"
        "申請できる方：ログインした個人・団体・事業者。\n"
        "準備するもの：催しの内容がわかる資料（任意）。\n"
        "結果：使用許可書または不許可の通知をメールでお知らせします。使用料は許可書に記載します。"
        "使用日の1か月前までに申請してください。"
    ),
    description_en=(
        "For uses the booking system does not cover (lobby exhibitions, sales, filming, "
        "plaza events). Apply at least a month ahead; we e-mail the permit with the fee."
    ),
    keywords="施設 使用許可 撮影 ロケ 展示 販売 広場 ホール",
    category=CATEGORY,
    department_code="bunka",
    applicant_kind="anyone",
    identity_level="account",
    fee_note="施設・内容により異なります（許可書でお知らせします）",
    fee_note_en="Depends on the facility and use (stated in the permit)",
    handling_days=14,
    contact=contact("文化振興課", "施設係", "625"),
    order=2,
    form=paged(
        "施設使用許可申請書",
        "Facility use permission",
        [
            (
                "applicant",
                "申請者",
                "Applicant",
                [
                    text(
                        "organisation",
                        "団体・事業者名（個人の方は空欄）",
                        "Organisation",
                        max_length=100,
                        required=False,
                    ),
                    text(
                        "name",
                        "責任者の氏名",
                        "Person in charge",
                        max_length=50,
                        autocomplete="name",
                    ),
                    address("address", "住所（所在地）", "Address"),
                    phone("phone", "電話番号", "Phone number"),
                    email("email", "メールアドレス", "E-mail"),
                ],
            ),
            (
                "use",
                "使用の内容",
                "Use",
                [
                    select("facility", "施設", "Facility", FACILITIES),
                    date("use_date", "使用日", "Date of use", min="today+7", max="today+365"),
                    select(
                        "time",
                        "時間帯",
                        "Time",
                        [
                            ("am", "午前（9:00〜12:00）", "Morning"),
                            ("pm", "午後（13:00〜17:00）", "Afternoon"),
                            ("night", "夜間（18:00〜21:30）", "Evening"),
                            ("day", "終日", "All day"),
                        ],
                    ),
                    select(
                        "purpose",
                        "使用の目的",
                        "Purpose",
                        [
                            ("exhibition", "展示", "Exhibition"),
                            ("sale", "物品の販売", "Sales"),
                            ("filming", "撮影", "Filming"),
                            ("event", "イベント", "Event"),
                            ("other", "その他", "Other"),
                        ],
                    ),
                    textarea("details", "内容", "Details", max_length=1000),
                    number(
                        "attendees",
                        "参加・来場の見込み人数",
                        "Expected attendance",
                        minimum=1,
                        maximum=5000,
                    ),
                    radio(
                        "charges_entry",
                        "入場料・参加費を取りますか",
                        "Will you charge an entry fee?",
                        [("yes", "はい", "Yes"), ("no", "いいえ", "No")],
                    ),
                    number(
                        "entry_fee",
                        "入場料・参加費（円）",
                        "Entry fee (yen)",
                        minimum=1,
                        maximum=100000,
                        show_if=equals("charges_entry", "yes"),
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        "organisation": "むらやま写真クラブ",
        "name": "中藤 洋子",
        "address": {"postal_code": "208-0011", "address": "東京都武蔵村山市学園二丁目1番地"},
        "phone": "042-520-3344",
        "email": "yoko@example.jp",
        "facility": "hall",
        "use_date": in_days(40),
        "time": "day",
        "purpose": "exhibition",
        "details": "ロビーで会員の写真作品（約40点）を展示します。",
        "attendees": 300,
        "charges_entry": "no",
        "consent": True,
    },
)

DANTAI = StandardProcedure(
    code="shimin-katsudo-dantai",
    title="市民活動団体登録申請",
    title_en="Register a community group",
    title_kana="シミンカツドウダンタイトウロクシンセイ",
    summary="市内で公益的な活動をする団体を登録し、協働事業や情報発信の支援を受けられます。",
    summary_en="Register a non-profit community group to get the city's support.",
    description=(
        "市民活動センターの利用、市のホームページでの団体紹介、協働事業提案への応募などに"
        "団体登録が必要です。\n"
        "登録できる団体：市内で活動する、会員5人以上の非営利の団体（宗教・政治活動を目的とする団体を除く）。\n"
        "準備するもの：会則・規約、会員名簿（人数がわかるもの）。\n"
        "結果：登録証をメールでお送りします。登録は2年ごとに更新します。"
    ),
    description_en=(
        "Registration lets a group use the community activity centre, appear on the city "
        "website and propose joint projects. For non-profit groups of five or more members "
        "active in the city. Renewed every two years."
    ),
    keywords="市民活動 団体 登録 NPO ボランティア 協働 サークル",
    category=CATEGORY,
    department_code="kyodo",
    applicant_kind="anyone",
    identity_level="account",
    handling_days=14,
    contact=contact("協働推進課", "協働推進係", "612"),
    order=3,
    form=paged(
        "市民活動団体登録申請書",
        "Community group registration",
        [
            (
                "group",
                "団体",
                "Group",
                [
                    text("group_name", "団体名", "Group name", max_length=100),
                    kana(
                        "group_kana", "団体名（フリガナ）", "Group name (katakana)", max_length=100
                    ),
                    text("representative", "代表者の氏名", "Representative", max_length=50),
                    address("address", "連絡先住所", "Contact address"),
                    phone("phone", "連絡先電話番号", "Phone number"),
                    email("email", "メールアドレス", "E-mail"),
                    date("founded_on", "設立日", "Founded on", max="today"),
                    number("members", "会員数", "Members", minimum=5, maximum=10000),
                    number(
                        "members_in_city",
                        "うち市内在住・在勤の会員数",
                        "Members living or working in the city",
                        minimum=0,
                        maximum=10000,
                    ),
                ],
            ),
            (
                "activity",
                "活動",
                "Activities",
                [
                    select(
                        "field",
                        "主な活動分野",
                        "Main field",
                        [
                            ("welfare", "保健・医療・福祉", "Health and welfare"),
                            ("children", "子ども・子育て", "Children"),
                            ("environment", "環境", "Environment"),
                            ("culture", "文化・芸術・スポーツ", "Culture and sport"),
                            ("safety", "防災・防犯", "Safety"),
                            ("community", "まちづくり", "Community"),
                            ("international", "国際交流", "International exchange"),
                        ],
                    ),
                    textarea("activities", "活動の内容", "Activities", max_length=1000),
                    radio(
                        "publish",
                        "市のホームページに団体情報を載せてよいですか",
                        "May we list the group on the city website?",
                        [("yes", "はい", "Yes"), ("no", "いいえ", "No")],
                    ),
                    consent(
                        "nonprofit",
                        "確認",
                        "Confirmation",
                        "営利・宗教・政治活動を目的とする団体ではありません。",
                        "The group does not pursue profit, religious or political aims.",
                    ),
                ],
            ),
        ],
    ),
    example={
        "group_name": "さやまの森を守る会",
        "group_kana": "サヤマノモリヲマモルカイ",
        "representative": "村山 花子",
        "address": HANAKO["address"],
        "phone": "042-565-1234",
        "email": "hanako@example.jp",
        "founded_on": "2019-04-01",
        "members": 18,
        "members_in_city": 15,
        "field": "environment",
        "activities": "狭山丘陵の雑木林の下草刈り、観察会の開催（月2回）。",
        "publish": "yes",
        "nonprofit": True,
    },
)

PROCEDURES = [EVENT, SHISETSU, DANTAI]
