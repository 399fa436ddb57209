"""Life events (ライフイベント): the standard procedures in the order a resident needs them."""

from __future__ import annotations

from .base import StandardLifeEvent, StandardStep

LIFE_EVENTS: tuple[StandardLifeEvent, ...] = (
    StandardLifeEvent(
        code="hikkoshi",
        name="引越し（転入・転出・転居）",
        name_en="Moving house",
        description=(
            "市外へ引っ越すとき、市内で引っ越すとき、市外から引っ越してきたときの手続きです。"
            "転入届・転居届は、新しい住所に住み始めてから14日以内に市民課の窓口で届け出てください"
            "（マイナンバーカードをお持ちの方は、マイナポータルで来庁予定の連絡ができます）。"
        ),
        description_en=(
            "What to do when you move out of, within or into the city. Notify a move into or "
            "within the city at the Citizens Division counter within 14 days."
        ),
        order=1,
        steps=(
            StandardStep(
                "tenshutsu-yuso",
                "市外へ引っ越す方（引越しの14日前から）",
                "Moving out of the city (from 14 days before)",
            ),
            StandardStep(
                "jido-teate",
                "高校生年代までの子を養育していて、市外から転入した方（15日以内）",
                "Moving in with children up to high-school age (within 15 days)",
            ),
            StandardStep(
                "shogai-techo-jusho",
                "障害者手帳をお持ちで、市内で転居・市外から転入した方",
                "Holders of a disability handbook",
            ),
            StandardStep(
                "inu-toroku",
                "犬を飼っていて、市外から転入した方（前住所の鑑札をお持ちの方も）",
                "Moving in with a dog",
            ),
            StandardStep(
                "sodai-gomi",
                "引越しで家具などの粗大ごみを出す方",
                "Bulky waste from the move",
            ),
            StandardStep(
                "gomi-calendar",
                "転入・転居した方（新しい地区の収集日）",
                "Everyone moving in or within the city",
            ),
            StandardStep(
                "kouza-furikae",
                "市税・国民健康保険税を口座振替にしたい方",
                "If you want to pay taxes by direct debit",
            ),
        ),
    ),
    StandardLifeEvent(
        code="shussei",
        name="出生",
        name_en="Having a baby",
        description=(
            "子どもが生まれたときの手続きです。出生届は、生まれた日を含めて14日以内に"
            "市民課の窓口へ（夜間・休日は守衛室でお預かりします）。"
        ),
        description_en=(
            "What to do when a child is born. Register the birth at the Citizens Division "
            "counter within 14 days."
        ),
        order=2,
        steps=(
            StandardStep(
                "jido-teate",
                "すべての方（出生日の翌日から15日以内に請求）",
                "Everyone (claim within 15 days of the birth)",
            ),
            StandardStep(
                "juminhyo-yuso",
                "勤務先で扶養の手続きに住民票が必要な方",
                "If your employer needs a residence record for family allowances",
            ),
            StandardStep(
                "kazei-shomei-yuso",
                "保育園の申込に所得の証明が必要な方（1月1日に市外に住んでいた方）",
                "Nursery application, if you lived elsewhere on 1 January",
            ),
        ),
    ),
    StandardLifeEvent(
        code="kaigo",
        name="介護が必要になったとき",
        name_en="When care is needed",
        description=(
            "ご本人やご家族に介護が必要になったときの手続きです。"
            "まずは地域包括支援センターにご相談ください。"
        ),
        description_en=(
            "When you or a relative needs care. Talk first to your community general "
            "support centre."
        ),
        order=3,
        steps=(
            StandardStep(
                "kaigo-nintei",
                "介護サービスを使いたい方（家族・ケアマネジャーの代理申請も可）",
                "Anyone who wants to use care services (family may apply)",
            ),
            StandardStep(
                "sodai-gomi",
                "ご自分で粗大ごみを運び出せない方（ふれあい収集）",
                "If you cannot carry bulky waste out yourself",
            ),
            StandardStep(
                "bosai-mail-dairi",
                "ご家族の分も防災メールを受け取りたい方",
                "Disaster e-mails for a relative",
            ),
            StandardStep(
                "kazei-shomei-yuso",
                "施設やサービスの負担軽減に所得の証明が必要な方",
                "Proof of income for reduced care costs",
            ),
        ),
    ),
    StandardLifeEvent(
        code="nyugaku",
        name="入学",
        name_en="Starting school",
        description=(
            "小学校・中学校に入学するときの手続きです。就学通知書は入学前年の1月下旬に郵送します。"
        ),
        description_en=(
            "When a child starts elementary or junior high school. School notices are "
            "posted in late January."
        ),
        order=4,
        steps=(
            StandardStep(
                "shugaku-enjo",
                "学用品費や給食費の援助を受けたい方（入学前支給は12月末まで）",
                "Help with school costs (apply by December for the new-pupil payment)",
            ),
            StandardStep(
                "kazei-shomei-yuso",
                "奨学金の申込に所得の証明が必要な方",
                "Proof of income for a scholarship",
            ),
            StandardStep(
                "event-sanka",
                "入学前の親子向け講座に参加したい方",
                "Courses for parents and children",
            ),
        ),
    ),
    StandardLifeEvent(
        code="kaigyo",
        name="事業を始める",
        name_en="Starting a business",
        description=(
            "市内で事業を始めるときの手続きと支援です。"
            "法人の設立届・償却資産の申告は課税課へ、開業届は税務署へ提出してください。"
        ),
        description_en=(
            "Support and procedures when you start a business in the city. File the "
            "incorporation notice with the Taxation Division and the opening notice with "
            "the tax office."
        ),
        order=5,
        steps=(
            StandardStep(
                "sogyo-shien-shomei",
                "市の創業塾・創業相談を受けた方（登録免許税の軽減）",
                "Graduates of the city's start-up support",
            ),
            StandardStep(
                "jukyo-hyoji-shomei",
                "本店所在地の登記に住居表示の証明が必要な方",
                "Address certificate for company registration",
            ),
            StandardStep(
                "koho-kokoku",
                "市報・ホームページで事業を知ってもらいたい方",
                "Advertising in the city newsletter or website",
            ),
            StandardStep(
                "koen-meigi",
                "開業記念のイベントなどに市の後援を受けたい方",
                "City patronage for an event",
            ),
            StandardStep(
                "shisetsu-shiyo",
                "市の施設で展示・販売をしたい方",
                "Exhibitions or sales at a city facility",
            ),
        ),
    ),
)
