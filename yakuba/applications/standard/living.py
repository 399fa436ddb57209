"""くらし・ごみ・動物: dogs, bulky waste, waste calendar, road reports (環境課・都市計画課)."""

from __future__ import annotations

from .base import StandardProcedure, contact, in_days
from .fields import (
    HANAKO,
    accuracy_consent,
    address,
    applicant_fields,
    date,
    email,
    equals,
    file,
    form,
    group,
    number,
    paged,
    phone,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "kurashi"
KANKYO = contact("環境課", "ごみ対策係", "545")
KANKYO_DOGS = contact("環境課", "環境保全係", "542")

DOG_FIELDS = [
    text("dog_name", "犬の名前", "Dog's name", max_length=30),
    text("breed", "犬種", "Breed", max_length=50, placeholder="柴犬"),
    text("colour", "毛色", "Colour", max_length=30, placeholder="赤"),
    radio(
        "dog_sex", "犬の性別", "Dog's sex", [("male", "オス", "Male"), ("female", "メス", "Female")]
    ),
    date(
        "dog_birth_date",
        "犬の生年月日",
        "Dog's date of birth",
        max="today",
        help="わからない場合はおおよその日付で構いません。",
        help_en="An approximate date is fine.",
    ),
]

INU = StandardProcedure(
    code="inu-toroku",
    title="犬の登録申請",
    title_en="Register your dog",
    title_kana="イヌノトウロクシンセイ",
    summary="生後91日以上の犬を飼い始めたら、30日以内に登録が必要です（生涯1回）。",
    summary_en="Register a dog older than 90 days within 30 days of getting it (once in its life).",
    description=(
        "狂犬病予防法により、生後91日以上の犬の飼い主は、飼い始めてから30日以内に"
        "登録をしなければなりません。登録は犬の生涯に1回です。\n"
        "申請できる方：市内で犬を飼っている方。\n"
        "準備するもの：今年度の狂犬病予防注射の接種日（動物病院の証明書）。\n"
        "手数料：登録 3,000円。注射済票の交付 550円が別にかかります。\n"
        "結果：鑑札と注射済票を郵送します（納付書同封）。犬の首輪などに着けてください。"
        "マイクロチップを装着している犬は、環境省の登録で鑑札に代わります。"
    ),
    description_en=(
        "Owners must register a dog older than 90 days within 30 days (once in its life). "
        "You need the date of this year's rabies vaccination. Fee 3,000 yen, plus 550 yen "
        "for the vaccination tag. We post the licence tag and vaccination tag with a payment slip."
    ),
    keywords="犬 登録 鑑札 ペット 狂犬病 飼い犬 いぬ",
    category=CATEGORY,
    department_code="kankyo",
    applicant_kind="resident",
    identity_level="account",
    fee_yen=3000,
    fee_note="登録手数料 3,000円（注射済票交付手数料 550円は別）",
    fee_note_en="3,000 yen (vaccination tag 550 yen extra)",
    handling_days=10,
    contact=KANKYO_DOGS,
    order=1,
    form=paged(
        "犬の登録申請",
        "Dog registration",
        [
            ("owner", "飼い主", "Owner", applicant_fields(prefill=False, birth_date=False)),
            (
                "dog",
                "犬について",
                "Your dog",
                [
                    *DOG_FIELDS,
                    date("acquired_on", "飼い始めた日", "Date you got the dog", max="today"),
                    date(
                        "vaccinated_on",
                        "狂犬病予防注射の接種日",
                        "Rabies vaccination date",
                        max="today",
                        help="今年度（4月以降）の接種日です。",
                        help_en="This fiscal year's vaccination (from April).",
                    ),
                    text("clinic", "接種した動物病院", "Veterinary clinic", max_length=100),
                    radio(
                        "keeping_place",
                        "飼養場所",
                        "Where the dog is kept",
                        [
                            ("owner", "飼い主の住所と同じ", "At the owner's address"),
                            ("other", "別の場所", "Somewhere else"),
                        ],
                    ),
                    address(
                        "keeping_address",
                        "飼養場所の住所",
                        "Address where the dog is kept",
                        show_if=equals("keeping_place", "other"),
                    ),
                    accuracy_consent(),
                ],
            ),
        ],
    ),
    example={
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "address": HANAKO["address"],
        "phone": "042-565-1234",
        "dog_name": "こむぎ",
        "breed": "柴犬",
        "colour": "赤",
        "dog_sex": "female",
        "dog_birth_date": "2026-07-10",
        "acquired_on": "2026-11-01",
        "vaccinated_on": "2026-11-15",
        "clinic": "むらやま動物病院",
        "keeping_place": "owner",
        "consent": True,
    },
)

CHUSHA = StandardProcedure(
    code="kyokenbyo-chusha",
    title="狂犬病予防注射済票交付申請",
    title_en="Rabies vaccination tag",
    title_kana="キョウケンビョウヨボウチュウシャズミヒョウコウフシンセイ",
    summary="動物病院で狂犬病予防注射を受けた犬の、今年度の注射済票を申請できます。",
    summary_en="Get this year's rabies vaccination tag for a registered dog vaccinated at a clinic.",
    description=(
        "犬の飼い主は毎年1回（4〜6月）、狂犬病予防注射を受けさせ、注射済票の交付を受ける"
        "義務があります。市と協定のない動物病院や市外で接種した場合に、このフォームで申請できます。\n"
        "準備するもの：動物病院の注射証明書（画像またはPDF）、鑑札の番号。\n"
        "手数料：550円（納付書を同封して注射済票を郵送します）。"
    ),
    description_en=(
        "Dogs must be vaccinated against rabies every year (April–June). If the clinic did "
        "not issue the tag, apply here with the clinic's certificate. Fee 550 yen; we post "
        "the tag with a payment slip."
    ),
    keywords="狂犬病 予防注射 注射済票 犬 ワクチン",
    category=CATEGORY,
    department_code="kankyo",
    applicant_kind="resident",
    identity_level="account",
    fee_yen=550,
    fee_note="1頭 550円",
    fee_note_en="550 yen per dog",
    handling_days=10,
    contact=KANKYO_DOGS,
    order=2,
    form=form(
        "狂犬病予防注射済票交付申請",
        "Rabies vaccination tag",
        [
            text("name", "飼い主の氏名", "Owner's name", max_length=50, autocomplete="name"),
            address("address", "飼い主の住所", "Owner's address"),
            phone("phone", "電話番号", "Phone number"),
            text(
                "licence_number",
                "鑑札の番号",
                "Licence tag number",
                max_length=20,
                placeholder="R8武村第123号",
            ),
            text("dog_name", "犬の名前", "Dog's name", max_length=30),
            date("vaccinated_on", "接種日", "Vaccination date", max="today"),
            text("clinic", "動物病院の名称", "Clinic", max_length=100),
            file(
                "certificate",
                "注射証明書",
                "Vaccination certificate",
                accept=["application/pdf", "image/jpeg", "image/png"],
                help="動物病院が発行した証明書を撮影した画像またはPDF。",
                help_en="A photo or PDF of the clinic's certificate.",
            ),
            accuracy_consent(),
        ],
    ),
    example={
        "name": "三ツ木 修",
        "address": {"postal_code": "208-0032", "address": "東京都武蔵村山市三ツ木一丁目10番地の2"},
        "phone": "042-560-2222",
        "licence_number": "R3武村第418号",
        "dog_name": "ハチ",
        "vaccinated_on": "2026-05-10",
        "clinic": "立川どうぶつクリニック",
        "certificate": [1],
        "consent": True,
    },
    example_files=("certificate",),
)

BULKY_ITEMS = [
    ("futon", "布団・毛布（1枚）", "Futon or blanket"),
    ("chair", "いす", "Chair"),
    ("table", "テーブル・こたつ", "Table or kotatsu"),
    ("chest", "たんす・食器棚", "Chest of drawers or cupboard"),
    ("bed", "ベッド（枠）", "Bed frame"),
    ("mattress", "マットレス", "Mattress"),
    ("sofa", "ソファー", "Sofa"),
    ("bicycle", "自転車", "Bicycle"),
    ("carpet", "カーペット・じゅうたん", "Carpet"),
    ("stove", "石油ストーブ（灯油を抜いたもの）", "Oil heater (emptied)"),
    ("other", "その他", "Other"),
]

SODAI = StandardProcedure(
    code="sodai-gomi",
    title="粗大ごみ収集申込",
    title_en="Book a bulky waste collection",
    title_kana="ソダイゴミシュウシュウモウシコミ",
    summary="一辺がおおむね50cmを超える家具などの粗大ごみを、戸別に収集します（有料）。",
    summary_en="Home collection of furniture and other bulky waste (charged per item).",
    description=(
        "家庭から出る粗大ごみを、ご自宅の前まで収集に伺います。\n"
        "申し込める方：市内にお住まいの方（事業所のごみは対象外です）。\n"
        "手数料：品目ごとに400円〜2,000円。収集日が決まったらお知らせする金額の"
        "粗大ごみ処理券をコンビニ・市内取扱店で購入し、品物に貼ってください。\n"
        "収集日：申込から1〜2週間後の平日です。決まった収集日をメールでお知らせします。"
        "エアコン・テレビ・冷蔵庫・洗濯機・パソコンは家電リサイクルの対象で、収集できません。"
    ),
    description_en=(
        "Collection of bulky household waste from your home. Fee 400–2,000 yen per item: "
        "buy bulky waste tickets at a convenience store for the amount we tell you and stick "
        "them on the items. Collection on a weekday one or two weeks later. Air conditioners, "
        "TVs, fridges, washing machines and PCs are recycled separately."
    ),
    keywords="粗大ごみ 粗大 ごみ 家具 収集 処理券 引越し",
    category=CATEGORY,
    department_code="kankyo",
    applicant_kind="resident",
    identity_level="account",
    fee_note="品目ごとに 400円〜2,000円（粗大ごみ処理券）",
    fee_note_en="400–2,000 yen per item (bulky waste tickets)",
    handling_days=5,
    contact=KANKYO,
    order=3,
    form=paged(
        "粗大ごみ収集申込",
        "Bulky waste collection",
        [
            (
                "items",
                "出す品物",
                "Items",
                [
                    group(
                        "items",
                        "品物",
                        "Items",
                        [
                            select("item", "品目", "Item", BULKY_ITEMS),
                            text(
                                "detail",
                                "大きさ・材質など",
                                "Size, material",
                                max_length=100,
                                required=False,
                            ),
                            number("quantity", "数量", "Quantity", minimum=1, maximum=10),
                        ],
                        add_label="品物を追加",
                        add_label_en="Add an item",
                        max_items=10,
                    ),
                ],
            ),
            (
                "collection",
                "収集の場所と日",
                "Where and when",
                [
                    text("name", "氏名", "Name", max_length=50, autocomplete="name"),
                    address("address", "収集場所の住所", "Collection address"),
                    phone("phone", "当日連絡のつく電話番号", "Phone on the day"),
                    date(
                        "wish_date",
                        "収集の希望日",
                        "Preferred collection date",
                        min="today+7",
                        max="today+60",
                        help="平日のみ。ご希望に添えない場合は別の日をご連絡します。",
                        help_en="Weekdays only; we will suggest another day if needed.",
                    ),
                    radio(
                        "outdoors",
                        "品物を屋外（玄関先・道路に面した場所）に出せますか",
                        "Can you put the items outside?",
                        [
                            ("yes", "出せる", "Yes"),
                            ("no", "出せない（運び出しの相談をしたい）", "No (I need help)"),
                        ],
                        help="収集員は家の中には入れません。",
                        help_en="Collectors cannot enter your home.",
                    ),
                    textarea(
                        "outdoors_reason",
                        "運び出せない理由",
                        "Why not",
                        max_length=300,
                        show_if=equals("outdoors", "no"),
                        help="高齢・障害などで運び出せない方は、ふれあい収集をご案内します。",
                        help_en="We offer assisted collection for older and disabled people.",
                    ),
                ],
            ),
        ],
    ),
    example={
        "items": [
            {"item": "chest", "detail": "木製 高さ120cm", "quantity": 1},
            {"item": "futon", "quantity": 2},
        ],
        "name": "村山 花子",
        "address": HANAKO["address"],
        "phone": "090-1234-5678",
        "wish_date": in_days(14),
        "outdoors": "yes",
    },
)

CALENDAR = StandardProcedure(
    code="gomi-calendar",
    title="家庭ごみ収集カレンダー郵送申込",
    title_en="Have the household waste calendar posted to you",
    title_kana="カテイゴミシュウシュウカレンダーユウソウモウシコミ",
    summary="地区ごとの収集日が載った「ごみ・資源物の収集カレンダー」を郵送します。",
    summary_en="We post the collection calendar of your district.",
    description=(
        "燃やせるごみ・燃やせないごみ・容器包装プラスチック・資源物の収集日を地区別に載せた"
        "カレンダー（年度版）と分け方・出し方の冊子を郵送します。転入・転居された方もどうぞ。\n"
        "申し込める方：どなたでも（本人確認は不要です）。無料です。"
    ),
    description_en=(
        "We post the year's collection calendar of your district with the sorting guide. "
        "Free; no sign-in needed."
    ),
    keywords="ごみカレンダー 収集日 ごみ 分別 資源 カレンダー 転入",
    category=CATEGORY,
    department_code="kankyo",
    applicant_kind="anyone",
    identity_level="none",
    handling_days=7,
    contact=KANKYO,
    order=4,
    form=form(
        "家庭ごみ収集カレンダー郵送申込",
        "Waste calendar by post",
        [
            text("name", "氏名", "Name", max_length=50, autocomplete="name"),
            address("address", "送付先の住所", "Address"),
            select(
                "district",
                "収集地区",
                "Collection district",
                [
                    ("a", "A地区（中藤・神明・中央）", "District A"),
                    ("b", "B地区（本町・学園・緑が丘）", "District B"),
                    ("c", "C地区（大南・三ツ藤・榎）", "District C"),
                    ("d", "D地区（伊奈平・岸・三ツ木・残堀・中原）", "District D"),
                    ("unknown", "わからない", "I don't know"),
                ],
            ),
            select(
                "language",
                "言語",
                "Language",
                [
                    ("ja", "日本語", "Japanese"),
                    ("en", "英語", "English"),
                    ("zh", "中国語", "Chinese"),
                    ("ko", "韓国語", "Korean"),
                    ("vi", "ベトナム語", "Vietnamese"),
                ],
            ),
            number("copies", "部数", "Copies", minimum=1, maximum=3),
        ],
    ),
    example={
        "name": "大南 さくら",
        "address": {
            "postal_code": "208-0013",
            "address": "東京都武蔵村山市大南三丁目5番地の1",
            "building": "グリーンハイツ102",
        },
        "district": "c",
        "language": "ja",
        "copies": 1,
    },
)

TSUHO = StandardProcedure(
    code="doro-fuguai-tsuho",
    title="放置自転車・道路の不具合の通報",
    title_en="Report abandoned bicycles or road damage",
    title_kana="ホウチジテンシャ・ドウロノフグアイノツウホウ",
    summary="道路の穴・街路灯の故障・放置自転車などを見つけたら、写真を添えて知らせてください。",
    summary_en="Tell us about potholes, broken street lights or abandoned bicycles, with a photo.",
    description=(
        "市道の穴・段差、側溝のふたの破損、街路灯・カーブミラーの故障、"
        "道路上の放置自転車・倒木などをお知らせください。"
        "どなたでも、ログインせずに通報できます。写真があると場所と状況が早くわかります。\n"
        "危険が迫っているとき、夜間・休日の緊急のときは、警察（110番）または市役所の代表電話へ。\n"
        "都道・国道の場合は管理者（東京都北多摩北部建設事務所など）へ引き継ぎます。"
        "対応の結果は、メールアドレスを書いた方にお知らせします。"
    ),
    description_en=(
        "Report potholes, broken drain covers, street lights, mirrors, abandoned bicycles or "
        "fallen trees on city roads. Anyone may report without signing in; a photo helps. "
        "In an emergency call the police (110) or the city office."
    ),
    keywords="道路 穴 街路灯 放置自転車 通報 カーブミラー 側溝 倒木 不具合",
    category=CATEGORY,
    department_code="toshikeikaku",
    applicant_kind="anyone",
    identity_level="none",
    handling_days=7,
    contact=contact("都市計画課", "道路管理係", "355"),
    order=5,
    form=form(
        "放置自転車・道路の不具合の通報",
        "Road and bicycle report",
        [
            select(
                "kind",
                "内容",
                "What",
                [
                    ("pothole", "道路の穴・段差・陥没", "Pothole or sinking"),
                    ("light", "街路灯・カーブミラーの故障", "Street light or mirror"),
                    ("drain", "側溝・ふたの破損", "Drain or cover"),
                    ("bicycle", "放置自転車・バイク", "Abandoned bicycle"),
                    ("tree", "倒木・枝の張り出し", "Tree or branches"),
                    ("other", "その他", "Other"),
                ],
            ),
            text(
                "place",
                "場所",
                "Place",
                max_length=200,
                placeholder="本町二丁目 ○○公園の北側の交差点",
                help="住所・目印となる建物・電柱の番号など。",
                help_en="Address, landmark or pole number.",
            ),
            textarea("details", "状況", "Details", max_length=1000),
            file(
                "photos",
                "写真",
                "Photos",
                required=False,
                accept=["image/jpeg", "image/png"],
                max_items=3,
            ),
            radio(
                "wants_reply",
                "対応の結果を知らせてほしいですか",
                "Do you want a reply?",
                [("yes", "はい", "Yes"), ("no", "いいえ", "No")],
            ),
            text("name", "氏名", "Name", max_length=50, show_if=equals("wants_reply", "yes")),
            email("email", "メールアドレス", "E-mail", show_if=equals("wants_reply", "yes")),
        ],
    ),
    example={
        "kind": "pothole",
        "place": "学園四丁目 学園通りのバス停「学園東」前",
        "details": "車道の端に直径30cmほどの穴があり、自転車が避けて通っています。",
        "wants_reply": "yes",
        "name": "中原 ひろし",
        "email": "hiroshi@example.jp",
    },
)

PROCEDURES = [INU, CHUSHA, SODAI, CALENDAR, TSUHO]
