"""Registrations of the verification part: the service-catalogue entry 「証明書の確認」
(the public verification page) and the マイページ card 「コンビニ交付の履歴」."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import Panel, ServiceEntry, mypage_cards, service_catalogue

#: How many issuances the card lists.
CARD_ROWS = 3

service_catalogue.register(
    ServiceEntry(
        key="certificates.verify",
        title=_("コンビニ交付の証明書の確認"),
        description=_(
            "コンビニで交付された住民票の写しなどの証明書が本物かどうかを、証明書番号・QRコード・PDFファイルで確認できます。"
        ),
        url_name="portal:certificates:verify",
        category=_("手続き"),
        order=20,
    )
)


def _issuances_card(request: HttpRequest) -> dict[str, Any] | None:
    """The signed-in citizen's latest issuances (hidden for anyone but a citizen)."""
    if getattr(request.user, "kind", None) != "citizen":
        return None
    from yakuba.residents.queries import linked_person_id

    from ..queries.verification import issuances_of

    person_id = linked_person_id(request.user)
    if person_id is None:
        return {"linked": False, "rows": []}
    return {"linked": True, "rows": issuances_of(person_id)[:CARD_ROWS]}


mypage_cards.register(
    Panel(
        key="certificates.mine",
        title=_("コンビニ交付の履歴"),
        template="certificates/mine/mine-card.html",
        context=_issuances_card,
        order=36,
    )
)
