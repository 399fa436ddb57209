"""The six categories the plan asks for; 防災・気象 and 防犯 need a second staff member's approval."""

from django.db import migrations

CATEGORIES = [
    # code, bit, ja, en, easy, CAP category, requires approval, department, order
    ("bosai", 0, "防災・気象", "Disaster and weather", "さいがい・てんき", "Met", True, "bosai", 10),
    ("bohan", 1, "防犯", "Crime prevention", "はんざい に きをつける", "Security", True, "bosai", 20),
    ("shisei", 2, "市政", "City news", "しの おしらせ", "Other", False, "hisho", 30),
    ("kenko", 3, "健康・検診", "Health and check-ups", "けんこう・けんしん", "Health", False, "hisho", 40),
    ("kosodate", 4, "子育て・学校", "Children and schools", "こそだて・がっこう", "Other", False, "hisho", 50),
    ("jichikai", 5, "自治会", "Neighbourhood associations", "じちかい", "Other", False, "hisho", 60),
]

TEMPLATES = [
    (
        "bosai",
        "避難所開設",
        "避難所開設",
        "Severe",
        "Immediate",
        "Observed",
        "【武蔵村山市】避難所を開設しました",
        "○○のため、次の避難所を開設しました。\n\n避難所: \n\n危険を感じたら、ためらわずに避難してください。",
        "[Musashimurayama City] Evacuation shelters are open",
        "Because of ○○, the following shelters are open.\n\nShelters: \n\nIf you feel in danger, evacuate without hesitation.",
        "【むさしむらやまし】ひなんじょ を あけました",
        "○○の ため、つぎの ひなんじょ を あけました。\n\nひなんじょ: \n\nあぶない と おもったら、すぐ にげて ください。",
    ),
    (
        "bohan",
        "不審者情報",
        "不審者情報",
        "Moderate",
        "Expected",
        "Likely",
        "【武蔵村山市】不審者情報",
        "○月○日○時ごろ、○○付近で不審な人物が目撃されました。\n\n見かけたら110番通報してください。",
        "[Musashimurayama City] Suspicious person reported",
        "Around ○:○○ on ○/○, a suspicious person was seen near ○○.\n\nIf you see this person, call 110.",
        "【むさしむらやまし】あやしい ひと の じょうほう",
        "○がつ○にち ○じ ごろ、○○の ちかく で あやしい ひと が いました。\n\nみたら 110ばん に でんわ して ください。",
    ),
    (
        "shisei",
        "市からのお知らせ",
        "お知らせ",
        "Minor",
        "Future",
        "Likely",
        "【武蔵村山市】お知らせ",
        "",
        "[Musashimurayama City] Notice",
        "",
        "【むさしむらやまし】おしらせ",
        "",
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("alerts", "Category")
    AlertTemplate = apps.get_model("alerts", "AlertTemplate")
    by_code = {}
    for code, bit, ja, en, easy, cap, approval, department, order in CATEGORIES:
        by_code[code], _ = Category.objects.get_or_create(
            code=code,
            defaults=dict(bit=bit, name_ja=ja, name_en=en, name_easy=easy, cap_category=cap,
                          requires_approval=approval, department_code=department, sort_order=order),
        )
    for (code, name, event, severity, urgency, certainty,
         title_ja, body_ja, title_en, body_en, title_easy, body_easy) in TEMPLATES:
        AlertTemplate.objects.get_or_create(
            category=by_code[code],
            name=name,
            defaults=dict(event=event, severity=severity, urgency=urgency, certainty=certainty,
                          title_ja=title_ja, body_ja=body_ja, title_en=title_en, body_en=body_en,
                          title_easy=title_easy, body_easy=body_easy),
        )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
