"""What every builder shares: reading the holder's record, the refusals, 和暦, person items.

Certificate text is an official Japanese document: its words are plain Japanese
constants, **not** translated (the content hash must not depend on the kiosk's page
language). Only the refusal messages and option labels are UI text (gettext).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from yakuba.core.japanese import format_wareki
from yakuba.residents.queries import CertificatePerson, CertificateRecord, certificate_record

from .checks import flagged_people
from .document import Item
from .refusals import RefusalCode, Refused


def wareki(day: datetime.date | None) -> str:
    """令和7年4月1日 (元年 for the first year); "" for no date."""
    return format_wareki(day) if day else ""


def moment(at: datetime.datetime | None) -> datetime.datetime:
    """``at`` as an aware local datetime (now when ``None``)."""
    if at is None:
        return timezone.localtime()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return timezone.localtime(at)


def as_of_text(at: datetime.datetime) -> str:
    return at.isoformat(timespec="seconds")


def holder_record(person_id: int, *, at: datetime.datetime) -> CertificateRecord:
    """The holder's record as of ``at``, refused when the kiosk may not serve them:
    nothing recorded that day (``not_registered``), a 除票 (``removed``), no
    municipality profile (``not_configured``), a support measure on the holder
    (``support_measure``)."""
    record = certificate_record(person_id, at=at)
    if record is None:
        raise Refused(RefusalCode.NOT_REGISTERED)
    if not record.is_resident:
        raise Refused(RefusalCode.REMOVED)
    if not record.municipality_name:
        raise Refused(RefusalCode.NOT_CONFIGURED)
    if flagged_people([person_id], at=at):
        raise Refused(RefusalCode.SUPPORT_MEASURE)
    return record


def refuse_if_flagged(people: Iterable[CertificatePerson], *, at: datetime.datetime) -> None:
    """A certificate showing anyone under a support measure is refused."""
    if flagged_people([person.person_id for person in people], at=at):
        raise Refused(RefusalCode.SUPPORT_MEASURE)


def people_shown(record: CertificateRecord, *, household: bool) -> tuple[CertificatePerson, ...]:
    """Every member of the holder's household on the day (head first) with
    ``household``, else the holder alone."""
    if household and record.members:
        return record.members
    return (record.person,)


def name_items(person: CertificatePerson, *, kana: bool) -> list[Item]:
    """氏名, 旧氏 (when recorded) and, with ``kana``, フリガナ."""
    items = [Item("name", "氏名", person.full_name)]
    if person.former_family_name:
        items.append(Item("former_family_name", "旧氏", person.former_family_name))
    if kana:
        items.append(Item("name_kana", "フリガナ", person.full_name_kana))
    return items


def address_item(record: CertificateRecord) -> Item:
    return Item("address", "住所", record.address.full)


def householder_item(record: CertificateRecord) -> Item:
    return Item("householder", "世帯主", record.head_name)
