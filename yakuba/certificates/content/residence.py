"""住民票の写し: the holder (or the holder's whole household) as of the moment."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from yakuba.residents.queries import CertificatePerson, CertificateRecord

from ..models import CertificateKind
from .common import (
    address_item,
    as_of_text,
    householder_item,
    name_items,
    people_shown,
    refuse_if_flagged,
    wareki,
)
from .document import CertificateDocument, Item, PersonEntry
from .options import RESIDENCE_TOGGLES, SCOPE_HOUSEHOLD

TITLE = "住民票の写し"
#: Printed when a chosen 個人番号 is not recorded for a person.
NO_NUMBER = "記載なし"

NumberReader = Callable[[int], str | None]


def attestation(*, household: bool, partial: bool) -> str:
    """「この写しは、世帯（個人）の全部（一部）の住民票の原本と相違ないことを証明する。」
    with 世帯 for the whole household, 個人 for the holder alone, and 一部 when items
    were left out at the holder's choice."""
    scope = "世帯" if household else "個人"
    extent = "一部" if partial else "全部"
    return f"この写しは、{scope}の{extent}の住民票の原本と相違ないことを証明する。"


def residence_people(
    record: CertificateRecord, options: Mapping[str, Any], *, at: datetime.datetime
) -> tuple[CertificatePerson, ...]:
    """Who the copy shows; refused (``support_measure``) when anyone of them is flagged."""
    people = people_shown(record, household=options["scope"] == SCOPE_HOUSEHOLD)
    refuse_if_flagged(people, at=at)
    return people


def _person_entry(
    person: CertificatePerson, options: Mapping[str, Any], read_number: NumberReader
) -> PersonEntry:
    items = name_items(person, kana=True)
    items += [
        Item("birth_date", "生年月日", wareki(person.birth_date)),
        Item("sex", "性別", person.sex_label),
    ]
    if options["relationship"]:
        items.append(Item("relationship", "続柄", person.relationship_label))
    items += [
        Item("became_resident_on", "住民となった年月日", wareki(person.became_resident_on)),
        Item("address_set_on", "住所を定めた年月日", wareki(person.address_set_on)),
        Item("previous_address", "前住所", person.previous_address),
    ]
    if options["domicile"]:
        items += [
            Item("registered_domicile", "本籍", person.registered_domicile),
            Item("domicile_head", "筆頭者", person.domicile_head),
        ]
    if options["resident_code"]:
        items.append(Item("resident_code", "住民票コード", person.resident_code))
    if options["my_number"]:
        number = read_number(person.person_id)
        items.append(Item("my_number", "個人番号", number or NO_NUMBER))
    return PersonEntry(tuple(items))


def build_residence(
    record: CertificateRecord,
    options: Mapping[str, Any],
    *,
    at: datetime.datetime,
    read_number: NumberReader,
) -> CertificateDocument:
    """The copy for ``options`` (cleaned by ``clean_options``); ``read_number`` gives a
    person's 個人番号 (called only when the holder chose it, once per person shown)."""
    household = options["scope"] == SCOPE_HOUSEHOLD
    people = residence_people(record, options, at=at)
    header = [address_item(record)]
    if options["relationship"]:
        header.append(householder_item(record))
    omitted = tuple(toggle.printed_label for toggle in RESIDENCE_TOGGLES if not options[toggle.key])
    return CertificateDocument(
        kind=CertificateKind.RESIDENCE.value,
        title=TITLE,
        municipality_name=record.municipality_name,
        municipality_code=record.municipality_code,
        header=tuple(header),
        people=tuple(_person_entry(person, options, read_number) for person in people),
        attestation=attestation(household=household, partial=bool(omitted)),
        as_of=as_of_text(at),
        omitted=omitted,
    )
