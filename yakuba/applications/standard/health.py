"""健康・検診: cancer screening (健康推進課)."""

from __future__ import annotations

from .base import StandardProcedure, contact
from .fields import (
    HANAKO,
    address,
    checkboxes,
    consent,
    date,
    kana,
    paged,
    phone,
    radio,
    select,
    text,
    textarea,
)

CATEGORY = "kenko"

MONTHS = [
    (f"m{month:02d}", f"{month}月", english)
    for month, english in (
        (6, "June"),
        (7, "July"),
        (8, "August"),
        (9, "September"),
        (10, "October"),
        (11, "November"),
        (12, "December"),
        (1, "January"),
        (2, "February"),
    )
]

KENSHIN = StandardProcedure(
    code="gan-kenshin",
    title="各種がん検診申込",
    title_en="Apply for cancer screening",
    title_kana="カクシュガンケンシンモウシコミ",
    summary="胃がん・大腸がん・肺がん・乳がん・子宮がん検診を、まとめて申し込めます。",
    summary_en="Apply for stomach, colorectal, lung, breast and cervical cancer screening at once.",
    description=(
        "市が費用の大部分を負担するがん検診です。対象年齢（年度末時点）：胃がん 50歳以上"
        "（2年に1回）、大腸がん・肺がん 40歳以上、乳がん 40歳以上の女性（2年に1回）、"
        "子宮がん 20歳以上の女性（2年に1回）。\n"
        "申し込める方：武蔵村山市に住民登録があり、職場などで同じ検診を受ける機会のない方。\n"
        "結果：受診券と検診日程を郵送します（希望月の前月下旬）。自己負担金は検診ごとに"
        "500円〜1,000円で、70歳以上の方・生活保護世帯の方は無料です。"
    ),
    description_en=(
        "City-subsidised cancer screening. Ages (at the end of the fiscal year): stomach 50+ "
        "(every two years), colorectal and lung 40+, breast 40+ women (every two years), "
        "cervical 20+ women (every two years). For residents without screening at work. "
        "We post your vouchers and dates in the month before. Co-payment 500–1,000 yen per "
        "screening; free from age 70 and for households on public assistance."
    ),
    keywords="がん検診 胃がん 大腸がん 肺がん 乳がん 子宮がん 健診 検診 受診券",
    category=CATEGORY,
    department_code="kenko",
    applicant_kind="resident",
    identity_level="account",
    fee_note="自己負担 500円〜1,000円（70歳以上は無料）",
    fee_note_en="Co-payment 500–1,000 yen (free from age 70)",
    handling_days=14,
    contact=contact("健康推進課", "成人保健係", "515"),
    order=1,
    form=paged(
        "各種がん検診申込",
        "Cancer screening",
        [
            (
                "person",
                "受診する方",
                "Person to be screened",
                [
                    text("name", "氏名", "Name", max_length=50, autocomplete="name"),
                    kana("name_kana", "氏名（フリガナ）", "Name (katakana)", max_length=50),
                    date(
                        "birth_date",
                        "生年月日",
                        "Date of birth",
                        max="today",
                        help="和暦（例：昭和45年3月1日、S45.3.1）でも入力できます。",
                        help_en="A Japanese era date (e.g. S45.3.1) is fine.",
                        autocomplete="bday",
                    ),
                    radio(
                        "sex",
                        "性別",
                        "Sex",
                        [("female", "女性", "Female"), ("male", "男性", "Male")],
                        help="乳がん・子宮がん検診の対象の確認に使います。",
                        help_en="Used to check eligibility for breast and cervical screening.",
                    ),
                    address("address", "住所", "Address"),
                    phone("phone", "日中の連絡先電話番号", "Daytime phone number"),
                ],
            ),
            (
                "screening",
                "受診する検診",
                "Screening",
                [
                    checkboxes(
                        "screenings",
                        "受診する検診",
                        "Screenings",
                        [
                            ("stomach", "胃がん検診（胃内視鏡またはX線）", "Stomach"),
                            ("colorectal", "大腸がん検診（便潜血検査）", "Colorectal"),
                            ("lung", "肺がん検診（胸部X線）", "Lung"),
                            ("breast", "乳がん検診（マンモグラフィ）", "Breast"),
                            ("cervical", "子宮がん検診（頸部細胞診）", "Cervical"),
                        ],
                        min_items=1,
                    ),
                    select("month", "受診の希望月", "Preferred month", MONTHS),
                    radio(
                        "venue",
                        "受診場所の希望",
                        "Where",
                        [
                            ("clinic", "市内の指定医療機関", "A designated clinic in the city"),
                            (
                                "group",
                                "保健相談センターでの集団検診",
                                "Group screening at the health centre",
                            ),
                        ],
                    ),
                    textarea(
                        "notes",
                        "医師に伝えたいこと",
                        "Notes for the doctor",
                        max_length=500,
                        required=False,
                        help="治療中の病気、ペースメーカーの有無など。",
                        help_en="Conditions under treatment, a pacemaker, etc.",
                    ),
                    consent(
                        "consent",
                        "確認",
                        "Confirmation",
                        "職場などで同じ検診を受ける機会がないことを確認しました。",
                        "I have no opportunity for the same screening at work.",
                    ),
                ],
            ),
        ],
    ),
    example={
        **HANAKO,
        "sex": "female",
        "screenings": ["colorectal", "breast"],
        "month": "m02",
        "venue": "clinic",
        "consent": True,
    },
)

PROCEDURES = [KENSHIN]
