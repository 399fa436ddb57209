"""What the JMA codes mean, and the fixed wording of automatic alerts in three languages.

Kind codes are the 個別コード表 values (legacy H27 messages and the R06 additions as
collected in ``shared/STANDARDS.md`` §2.3–2.4); names are used as a fall-back when a
code is unknown, so a new code never makes a real warning disappear.
"""

from __future__ import annotations

import re

from .models import Level

#: Level ordering: a higher rank is more severe.
RANK = {Level.CLEAR: 0, Level.ADVISORY: 2, Level.WARNING: 3, Level.DANGER: 4, Level.SPECIAL: 5}

_WARNINGS = {"02": "暴風雪", "03": "大雨", "04": "洪水", "05": "暴風", "06": "大雪"}
_WARNINGS |= {"07": "波浪", "08": "高潮", "09": "土砂災害"}
_ADVISORIES = {"10": "大雨", "12": "大雪", "13": "風雪", "14": "雷", "15": "強風", "16": "波浪"}
_ADVISORIES |= {"17": "融雪", "18": "洪水", "19": "高潮", "20": "濃霧", "21": "乾燥"}
_ADVISORIES |= {"22": "なだれ", "23": "低温", "24": "霜", "25": "着氷", "26": "着雪"}
_ADVISORIES |= {"27": "その他", "29": "土砂災害"}
_SPECIAL = {"32": "暴風雪", "33": "大雨", "35": "暴風", "36": "大雪", "37": "波浪", "38": "高潮"}
_SPECIAL |= {"39": "土砂災害"}
_DANGER = {"43": "大雨", "48": "高潮", "49": "土砂災害"}

KIND_CODES: dict[str, tuple[str, str]] = {
    **{code: (name, Level.WARNING) for code, name in _WARNINGS.items()},
    **{code: (name, Level.ADVISORY) for code, name in _ADVISORIES.items()},
    **{code: (name, Level.SPECIAL) for code, name in _SPECIAL.items()},
    **{code: (name, Level.DANGER) for code, name in _DANGER.items()},
}

_SUFFIXES = (
    ("特別警報", Level.SPECIAL),
    ("危険警報", Level.DANGER),
    ("警報", Level.WARNING),
    ("注意報", Level.ADVISORY),
)
_LEVEL_PREFIX = re.compile(r"^レベル([0-9０-９])")
_ZENKAKU = str.maketrans("０１２３４５６７８９", "0123456789")

#: 警戒レベル from R06 ``Significancy/Code`` (別表5).
SIGNIFICANCY_LEVEL = {"21": 2, "22": 2, "31": 3, "41": 4, "51": 5}


def kind_from(code: str, name: str) -> tuple[str, str] | None:
    """(phenomenon, level) of a Kind; ``None`` for 解除 (00) and the empty kind."""
    code = (code or "").strip()
    name = _LEVEL_PREFIX.sub("", (name or "").strip())
    if code in KIND_CODES:
        return KIND_CODES[code]
    for suffix, level in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], level
    return None


def alert_level_of(name: str) -> int | None:
    """The 警戒レベル written in an R06 kind name (``レベル３大雨警報`` → 3)."""
    found = _LEVEL_PREFIX.match((name or "").strip())
    return int(found.group(1).translate(_ZENKAKU)) if found else None


def kind_name(phenomenon: str, level: str) -> str:
    suffix = {
        Level.SPECIAL: "特別警報",
        Level.DANGER: "危険警報",
        Level.WARNING: "警報",
        Level.ADVISORY: "注意報",
    }.get(level, "")
    return f"{phenomenon}{suffix}"


PHENOMENA_EN = {
    "大雨": "Heavy rain",
    "洪水": "Flood",
    "土砂災害": "Landslide",
    "暴風": "Storm",
    "暴風雪": "Snowstorm",
    "大雪": "Heavy snow",
    "波浪": "High waves",
    "高潮": "Storm surge",
    "雷": "Thunderstorm",
    "強風": "Strong wind",
    "風雪": "Wind and snow",
    "融雪": "Snowmelt",
    "濃霧": "Dense fog",
    "乾燥": "Dry air",
    "なだれ": "Avalanche",
    "低温": "Low temperature",
    "霜": "Frost",
    "着氷": "Icing",
    "着雪": "Snow accretion",
    "その他": "Weather",
}
PHENOMENA_EASY = {
    "大雨": "おおあめ",
    "洪水": "こうずい（かわの みずが あふれる）",
    "土砂災害": "どしゃさいがい（がけくずれ など）",
    "暴風": "つよい かぜ（ぼうふう）",
    "暴風雪": "つよい かぜと ゆき（ぼうふうせつ）",
    "大雪": "おおゆき",
    "波浪": "たかい なみ",
    "高潮": "たかしお（うみの みずが たかくなる）",
    "雷": "かみなり",
    "強風": "つよい かぜ",
    "風雪": "かぜと ゆき",
    "融雪": "ゆきどけ",
    "濃霧": "こい きり",
    "乾燥": "くうきの かんそう",
    "なだれ": "なだれ",
    "低温": "ひくい きおん",
    "霜": "しも",
    "着氷": "こおりの つく こと",
    "着雪": "ゆきの つく こと",
    "その他": "てんき",
}
LEVEL_EN = {
    Level.SPECIAL: "emergency warning",
    Level.DANGER: "danger warning",
    Level.WARNING: "warning",
    Level.ADVISORY: "advisory",
}
LEVEL_EASY = {
    Level.SPECIAL: "とくべつ けいほう",
    Level.DANGER: "きけん けいほう",
    Level.WARNING: "けいほう",
    Level.ADVISORY: "ちゅういほう",
}
#: What to do, per level (English / やさしい日本語).
ADVICE_EN = {
    Level.SPECIAL: "A disaster may already be happening. Act now to protect your life.",
    Level.DANGER: "Evacuate from dangerous places now. Follow the city's evacuation information.",
    Level.WARNING: "Be ready to evacuate. Check the city's evacuation information.",
    Level.ADVISORY: "Take care and check the latest weather information.",
}
ADVICE_EASY = {
    Level.SPECIAL: "とても あぶないです。いのちを まもる ために すぐ にげて ください。",
    Level.DANGER: "あぶない ところに いる ひとは すぐ にげて ください。",
    Level.WARNING: "にげる じゅんびを して ください。しの じょうほうを みて ください。",
    Level.ADVISORY: "きを つけて ください。あたらしい じょうほうを みて ください。",
}

#: CAP (severity, urgency, certainty) per level.
CAP_PARAMETERS = {
    Level.SPECIAL: ("Extreme", "Immediate", "Observed"),
    Level.DANGER: ("Severe", "Immediate", "Likely"),
    Level.WARNING: ("Severe", "Expected", "Likely"),
    Level.ADVISORY: ("Moderate", "Expected", "Possible"),
    Level.CLEAR: ("Minor", "Past", "Observed"),
}

#: Japanese seismic intensity scale in order (震度).
INTENSITIES = ["1", "2", "3", "4", "5-", "5+", "6-", "6+", "7"]
INTENSITY_JA = {"5-": "5弱", "5+": "5強", "6-": "6弱", "6+": "6強"}
INTENSITY_EN = {"5-": "5 lower", "5+": "5 upper", "6-": "6 lower", "6+": "6 upper"}
INTENSITY_EASY = {"5-": "5じゃく", "5+": "5きょう", "6-": "6じゃく", "6+": "6きょう"}


def intensity_rank(value: str) -> int:
    """Position on the 震度 scale (``-1`` for an unknown value such as ``震度５弱以上未入電``)."""
    value = (value or "").strip().translate(_ZENKAKU)
    value = value.replace("弱", "-").replace("強", "+")
    return INTENSITIES.index(value) if value in INTENSITIES else -1


def quake_cap_parameters(intensity: str) -> tuple[str, str, str]:
    rank = intensity_rank(intensity)
    if rank >= intensity_rank("6-"):
        severity = "Extreme"
    elif rank >= intensity_rank("4"):
        severity = "Severe"
    elif rank >= intensity_rank("3"):
        severity = "Moderate"
    else:
        severity = "Minor"
    return severity, "Immediate", "Observed"
