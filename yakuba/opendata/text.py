"""Kana-, width- and case-insensitive text for the catalogue search.

``search_key`` folds text the same way for what is stored and for what a user types: NFKC
width folding (「ＣＳＶ」→「csv」, 「ｶﾅ」→「カナ」), katakana → hiragana, lower case, spaces
removed.  Parts are joined by a newline, which a folded query never contains, so a match
never spans two parts.
"""

from __future__ import annotations

import unicodedata

from yakuba.core.japanese import katakana_to_hiragana


def search_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "")
    folded = katakana_to_hiragana(folded).lower()
    return "".join(folded.split())


def joined_search_text(*parts: str) -> str:
    return "\n".join(key for key in (search_key(part) for part in parts if part) if key)
