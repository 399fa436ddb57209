"""防災・安全: disaster e-mail for relatives, outdoor loudspeaker broadcasts (防災安全課)."""

from __future__ import annotations

from .base import StandardProcedure, contact
from .fields import (
    address,
    checkboxes,
    consent,
    date,
    email,
    form,
    phone,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "bosai"
BOSAI = contact("防災安全課", "防災係", "283")

MAIL = StandardProcedure(
    code="bosai-mail-dairi",
    title="防災メール登録の代理申込",
    title_en="Sign a relative up for the disaster e-mail service",
    title_kana="ボウサイメールトウロクノダイリモウシコミ",
    summary="スマートフォンの操作が難しいご家族に代わって、防災・防犯メールの配信登録を申し込めます。",
    summary_en="Sign up an older relative for the city's disaster and safety e-mails.",
    description=(
        "市の防災・防犯メール（避難情報・気象警報・不審者情報など）は、ご自身でも登録できますが、"
        "操作が難しいご家族の分を代わりに申し込むこともできます。\n"
        "申し込める方：どなたでも（ご本人の同意を得てください）。\n"
        "結果：登録したメールアドレスに確認メールをお送りします。"
        "ご本人が確認メールのリンクを開くと配信が始まります。"
    ),
    description_en=(
        "Sign up a relative who finds it hard to register for the city's disaster and "
        "safety e-mails. With their consent; they confirm by opening the link we send them."
    ),
    keywords="防災メール 防犯 メール 登録 代理 避難情報 高齢者",
    category=CATEGORY,
    department_code="bosai",
    applicant_kind="anyone",
    identity_level="none",
    handling_days=3,
    contact=BOSAI,
    order=1,
    form=form(
        "防災メール登録の代理申込",
        "Disaster e-mail sign-up for a relative",
        [
            text("applicant_name", "申込者の氏名", "Your name", max_length=50, autocomplete="name"),
            phone("applicant_phone", "申込者の電話番号", "Your phone"),
            text("recipient_name", "受け取る方の氏名", "Recipient's name", max_length=50),
            text(
                "relationship",
                "受け取る方との関係",
                "Relationship",
                max_length=30,
                placeholder="母",
            ),
            email("recipient_email", "受け取る方のメールアドレス", "Recipient's e-mail"),
            checkboxes(
                "topics",
                "受け取る情報",
                "Topics",
                [
                    ("evacuation", "避難情報", "Evacuation"),
                    ("weather", "気象警報・注意報", "Weather warnings"),
                    ("earthquake", "地震情報", "Earthquakes"),
                    ("crime", "防犯・不審者情報", "Crime"),
                    ("missing", "行方不明者の捜索", "Missing persons"),
                ],
                min_items=1,
            ),
            select(
                "area",
                "お住まいの地域",
                "Area",
                [
                    ("north", "北部（中藤・神明・三ツ木）", "North"),
                    ("central", "中部（本町・中央・学園・残堀）", "Central"),
                    ("south", "南部（大南・緑が丘・榎・三ツ藤・伊奈平・岸・中原）", "South"),
                ],
            ),
            consent(
                "recipient_consent",
                "受け取る方の同意",
                "Recipient's consent",
                "受け取る方の同意を得て申し込みます。",
                "The recipient has agreed to this sign-up.",
            ),
        ],
    ),
    example={
        "applicant_name": "緑 恵子",
        "applicant_phone": "090-5555-6666",
        "recipient_name": "緑 ハル",
        "relationship": "母",
        "recipient_email": "haru.midori@example.jp",
        "topics": ["evacuation", "weather", "earthquake"],
        "area": "south",
        "recipient_consent": True,
    },
)

MUSEN = StandardProcedure(
    code="bosai-musen",
    title="防災行政無線の放送内容の問い合わせ・聞こえにくさの連絡",
    title_en="Outdoor loudspeaker broadcasts: ask what was said, or report poor audibility",
    title_kana="ボウサイギョウセイムセンノホウソウナイヨウノトイアワセ",
    summary="防災行政無線の放送が聞き取れなかったとき、聞こえにくい場所があるときにお知らせください。",
    summary_en="Ask what a loudspeaker broadcast said, or tell us where it is hard to hear.",
    description=(
        "屋外スピーカーから流れる防災行政無線の放送内容は、放送内容確認ダイヤル（無料）でも"
        "聞けます。聞き取れなかった放送の内容の問い合わせ、音が聞こえにくい・大きすぎる場所の"
        "連絡はこちらからどうぞ。ログインは不要です。\n"
        "回答はメールでお送りします（放送内容は市ホームページ・防災メールにも掲載しています）。"
    ),
    description_en=(
        "Ask about a loudspeaker broadcast you could not hear, or report places where it is "
        "too quiet or too loud. No sign-in needed; we reply by e-mail."
    ),
    keywords="防災無線 防災行政無線 放送 聞こえない 屋外スピーカー 問い合わせ",
    category=CATEGORY,
    department_code="bosai",
    applicant_kind="anyone",
    identity_level="none",
    handling_days=5,
    contact=BOSAI,
    order=2,
    form=form(
        "防災行政無線についての連絡",
        "Loudspeaker broadcasts",
        [
            radio(
                "kind",
                "連絡の内容",
                "What about",
                [
                    ("content", "放送の内容を知りたい", "What was broadcast"),
                    ("quiet", "聞こえにくい", "Hard to hear"),
                    ("loud", "音が大きすぎる", "Too loud"),
                ],
            ),
            date(
                "heard_on", "放送のあった日", "Date of the broadcast", max="today", required=False
            ),
            select(
                "time_of_day",
                "時間帯",
                "Time of day",
                [
                    ("morning", "朝", "Morning"),
                    ("daytime", "昼", "Daytime"),
                    ("evening", "夕方（17時のチャイムを含む）", "Evening"),
                    ("night", "夜", "Night"),
                ],
                required=False,
            ),
            address(
                "place",
                "聞いた場所（住所）",
                "Where you heard it",
                show_if={"field": "kind", "in": ["quiet", "loud"]},
            ),
            textarea("details", "詳しい内容", "Details", max_length=1000),
            text("name", "氏名", "Name", max_length=50),
            email("email", "回答を受け取るメールアドレス", "E-mail for the reply"),
        ],
    ),
    example={
        "kind": "quiet",
        "heard_on": "2026-11-28",
        "time_of_day": "evening",
        "place": {"postal_code": "208-0035", "address": "東京都武蔵村山市中原三丁目8番地"},
        "details": "屋内にいると、反響して内容がほとんど聞き取れません。",
        "name": "中原 ひろし",
        "email": "hiroshi@example.jp",
    },
)

PROCEDURES = [MAIL, MUSEN]
