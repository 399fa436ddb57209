"""Every staff read of card data, narrowed by the policy and recorded in the access record.

Each read of a person's cards writes one access record on that person (record
kind ``jpki.card``, purpose ``jpki_card_administration``), in the same
transaction as the read.  A list records one access per person listed (at
most :data:`LIST_LIMIT`).  Also here: the citizen-side lookup of the account
linked to a card's holder.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access

from .models import Card, CardCertificate, CertificateKind
from .policies import CARD_PURPOSE, may_view_cards
from .services.cards import PERSON_SUBJECT_KIND, RECORD_KIND, person_model

LIST_LIMIT = 50
CARD_FIELDS = ("カード番号", "電子証明書の状態")
LIST_FIELDS = ("氏名", "カード番号", "電子証明書の状態")

STATUS_LABELS = {
    "valid": _("有効"),
    "expired": _("有効期限切れ"),
    "locked": _("暗証番号ロック中"),
    "revoked": _("失効"),
}
STATUS_TAGS = {"valid": "success", "expired": "warning", "locked": "warning", "revoked": "error"}


@dataclass(frozen=True)
class CertificateView:
    pk: int
    kind: str
    kind_label: str
    serial_number: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    status: str
    status_label: str
    status_tag: str
    remaining_tries: int
    pin_limit: int
    revoked_at: datetime.datetime | None
    revocation_reason: str

    @property
    def valid_until(self) -> datetime.date:
        """The last day of validity, local time (the 5th birthday after issue)."""
        return timezone.localtime(self.not_after).date()

    @property
    def revoked_on(self) -> datetime.date | None:
        return timezone.localtime(self.revoked_at).date() if self.revoked_at else None


@dataclass(frozen=True)
class CardView:
    pk: int
    person_id: int
    card_number: str
    masked_number: str
    issued_on: datetime.date
    in_use: bool
    retired_at: datetime.datetime | None
    certificates: list[CertificateView]

    def certificate(self, kind: str) -> CertificateView | None:
        return next((item for item in self.certificates if item.kind == kind), None)

    @property
    def authentication(self) -> CertificateView | None:
        return self.certificate(CertificateKind.AUTHENTICATION)

    @property
    def signing(self) -> CertificateView | None:
        return self.certificate(CertificateKind.SIGNING)


@dataclass(frozen=True)
class Holder:
    person_id: int
    full_name: str
    full_name_kana: str
    birth_date: datetime.date
    status: str


@dataclass(frozen=True)
class PersonCards:
    holder: Holder
    cards: list[CardView]

    @property
    def card_in_use(self) -> CardView | None:
        return next((card for card in self.cards if card.in_use), None)


def _certificate_view(row: CardCertificate, now: datetime.datetime) -> CertificateView:
    status = row.status(now)
    return CertificateView(
        pk=row.pk,
        kind=row.kind,
        kind_label=str(row.get_kind_display()),
        serial_number=row.serial_number,
        not_before=row.not_before,
        not_after=row.not_after,
        status=status,
        status_label=str(STATUS_LABELS[status]),
        status_tag=STATUS_TAGS[status],
        remaining_tries=row.remaining_tries,
        pin_limit=row.pin_limit,
        revoked_at=row.revoked_at,
        revocation_reason=str(row.get_revocation_reason_display()) if row.revoked_at else "",
    )


def _card_view(card: Card, now: datetime.datetime) -> CardView:
    certificates = sorted(card.certificates.all(), key=lambda row: row.kind)  # auth, sign
    return CardView(
        pk=card.pk,
        person_id=card.person_id,
        card_number=card.card_number,
        masked_number=card.masked_number,
        issued_on=card.issued_on,
        in_use=card.in_use,
        retired_at=card.retired_at,
        certificates=[_certificate_view(row, now) for row in certificates],
    )


def _cards_of(person_ids: Sequence[int]) -> list[Card]:
    return list(
        Card.objects.filter(person_id__in=list(person_ids))
        .prefetch_related("certificates")
        .order_by("person_id", "retired_at", "-issued_on", "-pk")
    )


def _holder(person: Any) -> Holder:
    return Holder(
        person.pk,
        f"{person.family_name} {person.given_name}",
        f"{person.family_name_kana} {person.given_name_kana}",
        person.birth_date,
        person.status,
    )


def _record(user: Any, person_ids: Sequence[int], fields: Sequence[str], request) -> None:
    with transaction.atomic():
        for person_id in dict.fromkeys(person_ids):
            record_access(
                user,
                subject=Subject(PERSON_SUBJECT_KIND, str(person_id)),
                record_kind=RECORD_KIND,
                fields=list(fields),
                purpose=CARD_PURPOSE,
                request=request,
            )


def _require_viewer(user: Any) -> None:
    if not may_view_cards(user):
        raise PermissionDenied


def get_person_cards_for(
    user: Any, person_id: int, *, request: HttpRequest | None = None
) -> PersonCards:
    """The person (name, kana, birth date) and all their cards, newest in use first; recorded."""
    _require_viewer(user)
    person = person_model().objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    now = timezone.now()
    cards = [_card_view(card, now) for card in _cards_of([person_id])]
    _record(user, [person_id], ("氏名", "生年月日", *CARD_FIELDS), request)
    return PersonCards(_holder(person), cards)


@dataclass(frozen=True)
class CardWithHolder:
    card: CardView
    holder: Holder


def get_card_for(user: Any, card_id: int, *, request: HttpRequest | None = None) -> CardWithHolder:
    """One card with its holder; recorded."""
    _require_viewer(user)
    card = (
        Card.objects.select_related("person")
        .prefetch_related("certificates")
        .filter(pk=card_id)
        .first()
    )
    if card is None:
        raise Http404
    view = _card_view(card, timezone.now())
    _record(user, [card.person_id], ("氏名", *CARD_FIELDS), request)
    return CardWithHolder(view, _holder(card.person))


def get_certificate_for(
    user: Any, certificate_id: int, *, request: HttpRequest | None = None
) -> tuple[CertificateView, CardWithHolder]:
    """One certificate, its card and holder; recorded."""
    _require_viewer(user)
    card_id = (
        CardCertificate.objects.filter(pk=certificate_id).values_list("card_id", flat=True).first()
    )
    if card_id is None:
        raise Http404
    found = get_card_for(user, card_id, request=request)
    certificate = next(item for item in found.card.certificates if item.pk == certificate_id)
    return certificate, found


def cards_for(
    user: Any,
    *,
    card_number: str = "",
    request: HttpRequest | None = None,
    limit: int = LIST_LIMIT,
) -> list[CardWithHolder]:
    """Cards in use (or the card with ``card_number``), newest first; each holder is recorded."""
    _require_viewer(user)
    queryset = Card.objects.select_related("person").prefetch_related("certificates")
    if card_number:
        queryset = queryset.filter(card_number=card_number)
    else:
        queryset = queryset.filter(retired_at__isnull=True)
    cards = list(queryset.order_by("-issued_on", "-pk")[:limit])
    now = timezone.now()
    rows = [CardWithHolder(_card_view(card, now), _holder(card.person)) for card in cards]
    _record(user, [row.holder.person_id for row in rows], LIST_FIELDS, request)
    return rows


def card_in_use_for(
    user: Any, person_id: int, *, request: HttpRequest | None = None
) -> CardView | None:
    """The person's card in use (for the section on the person page); recorded when there is one."""
    _require_viewer(user)
    card = (
        Card.objects.prefetch_related("certificates")
        .filter(person_id=person_id, retired_at__isnull=True)
        .first()
    )
    if card is None:
        return None
    _record(user, [person_id], CARD_FIELDS, request)
    return _card_view(card, timezone.now())


def card_count() -> int:
    """Cards in use (an aggregate, not personal data)."""
    return Card.objects.filter(retired_at__isnull=True).count()


# ----------------------------------------------------------------------------- citizen side


def citizen_account_for(person_id: int) -> Any | None:
    """The active citizen account linked to this resident, if any (for the card login)."""
    return (
        get_user_model()
        .objects.filter(kind="citizen", is_active=True, resident_link__person_id=person_id)
        .first()
    )


@dataclass(frozen=True)
class CardHolderForLink:
    """What a citizen who just proved a card sees before linking it to their account."""

    person_id: int
    resident_code: str
    full_name: str
    card_masked_number: str
    linked_user_id: int | None


def card_holder_for_link(card_id: int) -> CardHolderForLink | None:
    card = Card.objects.select_related("person").filter(pk=card_id).first()
    if card is None:
        return None
    account = citizen_account_for(card.person_id)
    return CardHolderForLink(
        card.person_id,
        card.person.resident_code,
        f"{card.person.family_name} {card.person.given_name}",
        card.masked_number,
        account.pk if account is not None else None,
    )
