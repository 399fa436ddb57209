"""Kana- and width-insensitive text for the catalogue search.

``search_key`` folds a text the same way for the stored ``Procedure.search_text`` and for
what a resident types: NFKC width folding, katakana → hiragana, lower case, spaces
removed.  So 「ｼﾞｭｳﾐﾝﾋｮｳ」「じゅうみんひょう」「ジュウミンヒョウ」 all find 住民票の写し
whose 読み is stored, and 「ＪＵＵＭＩＮ」 finds "juumin".
"""

from __future__ import annotations

import unicodedata

from yakuba.core.japanese import katakana_to_hiragana


def search_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "")
    folded = katakana_to_hiragana(folded).lower()
    return "".join(folded.split())


def procedure_search_text(*parts: str) -> str:
    """The stored search text: each part folded, joined by a separator that a folded
    query can never contain (so a match never spans two parts)."""
    return "\n".join(search_key(part) for part in parts if part)
