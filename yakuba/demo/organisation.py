"""The demo city's organisation (部/課), as the plan names it; plausible, not official."""

from __future__ import annotations

import datetime

ORGANISATION_VALID_FROM = datetime.date(2024, 4, 1)

# (code, name, English name, divisions [(code, name, English name), ...]).
# 会計課 answers to the 会計管理者, outside the 部, so it has no parent.
BUREAUS: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "kikakuzaimu",
        "企画財務部",
        "Planning and Finance Department",
        (
            ("kikaku", "企画政策課", "Planning and Policy Division"),
            ("hisho", "秘書広報課", "Secretarial and Public Relations Division"),
        ),
    ),
    (
        "somubu",
        "総務部",
        "General Affairs Department",
        (
            ("somu", "総務契約課", "General Affairs and Contracts Division"),
            ("shokuin", "職員課", "Personnel Division"),
            ("bunsho", "文書情報課", "Records and Information Division"),
            ("bosai", "防災安全課", "Disaster Prevention and Safety Division"),
        ),
    ),
    (
        "shiminbu",
        "市民部",
        "Citizens Department",
        (
            ("shimin", "市民課", "Citizens Division"),
            ("kazei", "課税課", "Taxation Division"),
            ("shuno", "収納課", "Tax Collection Division"),
            ("kankyo", "環境課", "Environment Division"),
        ),
    ),
    (
        "kyodobu",
        "協働推進部",
        "Community Collaboration Department",
        (
            ("kyodo", "協働推進課", "Community Collaboration Division"),
            ("bunka", "文化振興課", "Culture Promotion Division"),
            ("sangyo", "産業観光課", "Industry and Tourism Division"),
        ),
    ),
    (
        "kenkofukushi",
        "健康福祉部",
        "Health and Welfare Department",
        (
            ("chiikifukushi", "地域福祉課", "Community Welfare Division"),
            ("koreifukushi", "高齢福祉課", "Elderly Welfare Division"),
            ("shogaifukushi", "障害福祉課", "Disability Welfare Division"),
            ("kenko", "健康推進課", "Health Promotion Division"),
        ),
    ),
    (
        "kodomokatei",
        "子ども家庭部",
        "Children and Families Department",
        (("kosodate", "子育て支援課", "Child-Rearing Support Division"),),
    ),
    (
        "toshiseibi",
        "都市整備部",
        "Urban Development Department",
        (("toshikeikaku", "都市計画課", "City Planning Division"),),
    ),
    (
        "kyoikubu",
        "教育部",
        "Education Department",
        (
            ("kyoikusomu", "教育総務課", "Education General Affairs Division"),
            ("kyoikushido", "教育指導課", "Educational Guidance Division"),
            ("toshokan", "図書館", "Library"),
        ),
    ),
)
INDEPENDENT_DIVISIONS: tuple[tuple[str, str, str], ...] = (
    ("kaikei", "会計課", "Accounting Division"),
)
