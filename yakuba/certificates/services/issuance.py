"""Issuing a certificate at a kiosk: idempotent, charged once, audited per person printed.

The kiosk's confirm screen carries a ``request_id`` (a UUID made when the screen was
shown). :func:`issue_certificate` turns one ``request_id`` into at most one
:class:`~yakuba.certificates.models.Issuance` — one serial, one fee, one set of access
records, one ``certificate_issued`` event — whatever happens around it: a double tap, a
network error and a retry, a crashed print, two requests racing on two connections
(the unique index on ``request_id`` decides; the loser returns the winner's row).

Order of work (the CPU-heavy part outside the transaction, so the audit chain head — which
serialises every access record of the city — is held only for the inserts):

1. malformed input → ``ValidationError`` (kind, copies, request id, card serial, language);
2. an issuance with this ``request_id`` → returned as it is (another kiosk, person or kind
   → :class:`IssuanceError` ``request_mismatch``) — checked **before** the service hours:
   a retry of a paid request must still reach its certificate;
3. service hours and maintenance windows → :class:`ServiceClosed`;
4. ``content.build_certificate`` (``Refused`` and option errors propagate: nothing saved,
   nothing recorded). It runs outside the issuing transaction like the rendering: when the
   holder chose to print the 個人番号, the vault records that read at once (it happened);
5. serial, verification URL, PDF, PAdES signature;
6. one transaction: the row, one access record per person printed (actor ``None``,
   ``system_actor`` naming the kiosk), the event after commit.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access
from yakuba.core.services import get_municipality

from ..events import certificate_issued
from ..models import MAX_COPIES, SERIAL_ALPHABET, SERIAL_LENGTH, CertificateKind, Issuance, Kiosk
from .kiosks import ServiceStatus, service_status

logger = logging.getLogger(__name__)

PURPOSE = "certificate_issuance"
PERSON_SUBJECT_KIND = "residents.person"
RECORD_KIND_PREFIX = "certificates.issuance."
CARD_SERIAL_PATTERN = re.compile(r"^[0-9A-Za-z]{1,40}$")
SERIAL_ATTEMPTS = 3


def record_kind_for(kind: str) -> str:
    """The audit record kind of an issued certificate: ``certificates.issuance.residence``…"""
    return RECORD_KIND_PREFIX + kind


class IssuanceError(Exception):
    """An issuance request that cannot be served. ``code`` for logs and tests, ``message``
    (lazy, in the page's language) for the kiosk screen. ``str(error)`` is the code."""

    messages: dict[str, Promise] = {
        "request_mismatch": _(
            "この受付番号は別の請求で使われています。最初からやり直してください。"
        ),
        "kiosk_inactive": _(
            "この端末は現在ご利用いただけません。お手数ですが、別の店舗をご利用ください。"
        ),
        "not_found": _("この証明書はこの端末では印刷できません。最初からやり直してください。"),
        "reprint_expired": _(
            "再印刷できる時間を過ぎました。証明書が必要なときは、もう一度請求してください。"
        ),
        "purged": _(
            "再印刷できる時間を過ぎました。証明書が必要なときは、もう一度請求してください。"
        ),
    }

    def __init__(self, code: str, message: Any = None) -> None:
        self.code = code
        self.message = message if message is not None else self.messages[code]
        super().__init__(code)


class ServiceClosed(IssuanceError):
    """Outside the service hours or in a maintenance window; ``status`` says which and when
    the service reopens."""

    def __init__(self, status: ServiceStatus) -> None:
        self.status = status
        super().__init__(status.reason or "closed", status.message)


# ------------------------------------------------------------------------ fees


@dataclass(frozen=True)
class Quote:
    """The fee of a request: ``unit`` yen per copy, ``total`` = unit × copies."""

    unit: int
    total: int
    copies: int


def _clean_kind(kind: Any) -> str:
    if kind not in CertificateKind.values:
        raise ValidationError({"kind": _("証明書の種類を選んでください。")}, code="unknown_kind")
    return str(kind)


def _clean_copies(copies: Any) -> int:
    if isinstance(copies, str) and copies.strip().isdigit():
        copies = int(copies.strip())
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise ValidationError(
            {
                "copies": _("通数は1通から%(maximum)d通までで選んでください。")
                % {"maximum": MAX_COPIES}
            },
            code="copies_range",
        )
    return copies


def quote_fee(kind: str, copies: Any) -> Quote:
    """The fee for ``copies`` certificates of ``kind`` (``settings.YAKUBA_CERTIFICATE_FEES``).
    Raises ``ValidationError`` for an unknown kind or copies outside 1..``MAX_COPIES``."""
    kind = _clean_kind(kind)
    copies = _clean_copies(copies)
    unit = int(settings.YAKUBA_CERTIFICATE_FEES[kind])
    return Quote(unit=unit, total=unit * copies, copies=copies)


# ---------------------------------------------------------------------- helpers


def _clean_request_id(request_id: Any) -> uuid.UUID:
    if isinstance(request_id, uuid.UUID):
        return request_id
    try:
        return uuid.UUID(str(request_id))
    except (TypeError, ValueError, AttributeError) as error:
        raise ValidationError(
            {"request_id": _("受付番号の形式が正しくありません。最初からやり直してください。")},
            code="bad_request_id",
        ) from error


def _clean_request(
    *, person_id: Any, card_certificate_serial: Any, language: Any
) -> tuple[int, str, str]:
    errors: dict[str, Any] = {}
    if isinstance(person_id, bool) or not isinstance(person_id, int) or person_id < 1:
        errors["person_id"] = _("本人確認の情報が正しくありません。最初からやり直してください。")
    serial = str(card_certificate_serial or "")
    if not CARD_SERIAL_PATTERN.match(serial):
        errors["card_certificate_serial"] = _(
            "マイナンバーカードの電子証明書の情報が正しくありません。最初からやり直してください。"
        )
    languages = {code for code, _name in settings.LANGUAGES}
    if language not in languages:
        errors["language"] = _("画面の言語が正しくありません。")
    if errors:
        raise ValidationError(errors, code="malformed")
    return person_id, serial, str(language)


def _same_request(issuance: Issuance, *, kiosk: Kiosk, person_id: int, kind: str) -> Issuance:
    """The issuance already made for this request id, if it is the same request."""
    if issuance.kiosk_id != kiosk.pk or issuance.person_id != person_id or issuance.kind != kind:
        logger.warning(
            "request id %s reused by kiosk %s for another request", issuance.request_id, kiosk.code
        )
        raise IssuanceError("request_mismatch")
    return issuance


def new_serial() -> str:
    """16 random characters of the Crockford alphabet (80 bits)."""
    return "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))


def verify_url(serial: str, content_hash: str) -> str:
    """``<site>/certificates/verify/<serial>/?h=<first 16 hex of the content hash>``."""
    try:
        path = reverse("portal:certificates:verify_serial", args=[serial])
    except NoReverseMatch:
        path = f"/certificates/verify/{serial}/"
    return f"{settings.YAKUBA_SITE_URL}{path}?h={content_hash[:16]}"


def mayor_line() -> str:
    """「武蔵村山市長　山田 太郎」 (the title alone when no mayor's name is set)."""
    profile = get_municipality()
    if profile is None:
        return ""
    title = f"{profile.name}長"
    return f"{title}　{profile.mayor_name}" if profile.mayor_name else title


def kiosk_label(kiosk: Kiosk) -> str:
    """How the access record names the issuing system: 「コンビニ交付（K0001 店舗名）」."""
    return f"コンビニ交付（{kiosk.code} {kiosk.name}）"


def printed_person_ids(shown: Any, holder_id: int) -> list[int]:
    """Everyone whose data the certificate prints, in the order shown (each once); the
    holder alone if the builder named nobody."""
    ids = list(dict.fromkeys(int(person_id) for person_id in shown))
    return ids or [holder_id]


def printed_fields(document: Any) -> list[str]:
    """The names (never the values) of the items the certificate prints."""
    keys: list[str] = []
    for item in (*document.header, *document.table):
        keys.append(item.key)
    for entry in document.people:
        keys.extend(item.key for item in entry.items)
    if getattr(document, "seal_image_png", None):
        keys.append("seal_image")
    return list(dict.fromkeys(key for key in keys if key))


def _page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - a count is informative only; the PDF is already signed
        logger.warning("could not count the pages of an issued PDF")
        return 1


def _render_and_sign(document: Any, stamp: Any) -> bytes:
    from ..pdf import render_certificate_pdf
    from ..signing import sign_certificate_pdf

    return sign_certificate_pdf(render_certificate_pdf(document, stamp))


# --------------------------------------------------------------------- issuing


def issue_certificate(
    *,
    kiosk: Kiosk,
    person_id: int,
    card_certificate_serial: str,
    kind: str,
    options: dict[str, Any] | None,
    copies: int,
    request_id: uuid.UUID | str,
    language: str = "ja",
    now: datetime.datetime | None = None,
) -> Issuance:
    """Issue (or find again) the certificate of one kiosk request; see the module docstring.

    Raises ``ValidationError`` (malformed request), :class:`IssuanceError`
    (``request_mismatch``, ``kiosk_inactive``), :class:`ServiceClosed`, and the content
    builders' ``Refused`` — in every case nothing is saved and nothing is charged."""
    from .. import content
    from ..content.document import IssueStamp

    request_id = _clean_request_id(request_id)
    quote = quote_fee(kind, copies)
    person_id, card_serial, language = _clean_request(
        person_id=person_id, card_certificate_serial=card_certificate_serial, language=language
    )
    existing = Issuance.objects.filter(request_id=request_id).first()
    if existing is not None:
        return _same_request(existing, kiosk=kiosk, person_id=person_id, kind=kind)
    now = now or timezone.now()
    status = service_status(now)
    if not status.is_open:
        raise ServiceClosed(status)
    if not kiosk.is_active:
        raise IssuanceError("kiosk_inactive")
    try:
        built = content.build_certificate(kind, person_id, options or {}, at=now)
    except content.Refused as refusal:
        logger.info(
            "certificate refused at kiosk %s: kind=%s code=%s request=%s",
            kiosk.code,
            kind,
            refusal.code,
            request_id,
        )
        raise
    document, cleaned_options = built.document, built.options
    content_hash = document.content_hash()
    people = printed_person_ids(built.person_ids, person_id)
    fields = printed_fields(document)
    for _attempt in range(SERIAL_ATTEMPTS):
        serial = new_serial()
        if Issuance.objects.filter(serial=serial).exists():
            continue
        stamp = IssueStamp(
            serial=serial,
            issued_at_iso=now.isoformat(),
            mayor_line=mayor_line(),
            verify_url=verify_url(serial, content_hash),
            copies=quote.copies,
        )
        pdf = _render_and_sign(document, stamp)
        issuance = Issuance(
            serial=serial,
            request_id=request_id,
            kiosk=kiosk,
            person_id=person_id,
            printed_person_ids=people,
            kind=kind,
            options=cleaned_options,
            copies=quote.copies,
            unit_fee=quote.unit,
            total_fee=quote.total,
            issued_at=now,
            content_hash=content_hash,
            document_hash=hashlib.sha256(pdf).hexdigest(),
            document=pdf,
            page_count=_page_count(pdf),
            card_certificate_serial=card_serial,
            language=language,
        )
        try:
            with transaction.atomic():
                issuance.save(force_insert=True)
                _record_prints(issuance, kiosk, fields)
                transaction.on_commit(
                    lambda issued=issuance: certificate_issued.send(
                        Issuance,
                        issuance_id=issued.pk,
                        person_id=issued.person_id,
                        kind=issued.kind,
                        kiosk_code=kiosk.code,
                    ),
                    robust=True,
                )
        except IntegrityError:
            winner = Issuance.objects.filter(request_id=request_id).first()
            if winner is not None:
                return _same_request(winner, kiosk=kiosk, person_id=person_id, kind=kind)
            if Issuance.objects.filter(serial=serial).exists():
                continue  # a serial collision between two issuances: draw again
            raise
        logger.info(
            "certificate %s issued at kiosk %s: kind=%s copies=%s fee=%s",
            issuance.serial,
            kiosk.code,
            kind,
            quote.copies,
            quote.total,
        )
        return issuance
    raise RuntimeError("no free certificate serial after several attempts")


def _record_prints(issuance: Issuance, kiosk: Kiosk, fields: list[str]) -> None:
    """One access record per person whose data the certificate prints."""
    label = kiosk_label(kiosk)
    for printed_id in issuance.printed_person_ids:
        record_access(
            None,
            subject=Subject(PERSON_SUBJECT_KIND, str(printed_id)),
            record_kind=record_kind_for(issuance.kind),
            fields=fields,
            purpose=PURPOSE,
            action="print",
            system_actor=label,
        )


# ---------------------------------------------------------------------- printing


def _reprint_deadline(issuance: Issuance) -> datetime.datetime:
    return issuance.issued_at + datetime.timedelta(
        minutes=settings.YAKUBA_CERTIFICATE_REPRINT_MINUTES
    )


def record_print(issuance_id: int, *, kiosk: Kiosk, succeeded: bool) -> Issuance:
    """Count one print attempt of the issuing kiosk; a success sets ``printed_at`` (the
    first success stays). Never charges: the fee was recorded at issue."""
    now = timezone.now()
    changes: dict[str, Any] = {"print_attempts": F("print_attempts") + 1, "updated": now}
    if succeeded:
        changes["printed_at"] = Coalesce(F("printed_at"), now)
    updated = Issuance.objects.filter(pk=issuance_id, kiosk_id=kiosk.pk).update(**changes)
    if not updated:
        raise IssuanceError("not_found")
    return Issuance.objects.get(pk=issuance_id)


def document_for_print(
    issuance_id: int, *, kiosk: Kiosk, now: datetime.datetime | None = None
) -> bytes:
    """The signed PDF, for the issuing kiosk only and only within the reprint window
    (``YAKUBA_CERTIFICATE_REPRINT_MINUTES`` after issue). Raises :class:`IssuanceError`
    ``not_found`` (another kiosk or no such issuance), ``reprint_expired`` or ``purged``."""
    now = now or timezone.now()
    issuance = Issuance.objects.filter(pk=issuance_id, kiosk_id=kiosk.pk).first()
    if issuance is None:
        raise IssuanceError("not_found")
    if now >= _reprint_deadline(issuance):
        raise IssuanceError("reprint_expired")
    if issuance.document is None:
        raise IssuanceError("purged")
    return bytes(issuance.document)


def purge_documents(now: datetime.datetime | None = None) -> int:
    """Empty ``document`` of every issuance older than the reprint window; the number
    emptied (0 on a second run: idempotent). Hashes, serial and fee stay."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.YAKUBA_CERTIFICATE_REPRINT_MINUTES)
    count = Issuance.objects.filter(document__isnull=False, issued_at__lte=cutoff).update(
        document=None, updated=now
    )
    if count:
        logger.info("emptied the PDF of %s issuances past the reprint window", count)
    return count
