"""The standard procedures of the demo city (武蔵村山市), as data.

One Python module per category holds its procedures (catalogue facts, the form as the
builder model, one valid example answer set); ``life_events`` orders them into guided
flows.  ``services.seeding.seed_standard_procedures`` writes them to the catalogue
(docs/modules/applications-procedures.md).
"""

from __future__ import annotations

from . import business, certificates, children, events, health, living, safety, taxes, welfare
from .base import StandardCategory, StandardLifeEvent, StandardProcedure, StandardStep
from .life_events import LIFE_EVENTS

CATEGORIES: tuple[StandardCategory, ...] = (
    StandardCategory("todokede", "届出・証明書", "Notifications and certificates", 1),
    StandardCategory("zei", "税・保険", "Taxes and insurance", 2),
    StandardCategory("kenko", "健康・検診", "Health and screening", 3),
    StandardCategory("kosodate", "子育て・教育", "Children and education", 4),
    StandardCategory("kurashi", "くらし・ごみ・動物", "Daily life, waste and animals", 5),
    StandardCategory("fukushi", "福祉・介護", "Welfare and care", 6),
    StandardCategory("shisetsu", "施設・イベント・市民活動", "Facilities, events and groups", 7),
    StandardCategory("jigyosha", "事業者向け", "For businesses", 8),
    StandardCategory("bosai", "防災・安全", "Disaster prevention and safety", 9),
)

PROCEDURES: tuple[StandardProcedure, ...] = tuple(
    procedure
    for module in (
        certificates,
        taxes,
        health,
        children,
        living,
        welfare,
        events,
        business,
        safety,
    )
    for procedure in module.PROCEDURES
)


def procedure(code: str) -> StandardProcedure:
    """The standard procedure ``code`` (KeyError when there is none)."""
    for item in PROCEDURES:
        if item.code == code:
            return item
    raise KeyError(code)


__all__ = [
    "CATEGORIES",
    "LIFE_EVENTS",
    "PROCEDURES",
    "StandardCategory",
    "StandardLifeEvent",
    "StandardProcedure",
    "StandardStep",
    "procedure",
]
