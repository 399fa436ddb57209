"""住民票記載事項証明書: the items of the 住民票 the holder chose, certified as recorded.

Always 氏名 (with 旧氏 when recorded) and 住所; then the chosen items of
``options.RESIDENCE_ITEM_TOGGLES``. Items not chosen are simply not certified (no
「省略」 note: the certificate certifies what it lists).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from yakuba.residents.queries import CertificatePerson, CertificateRecord

from ..models import CertificateKind
from .common import address_item, as_of_text, householder_item, name_items, wareki
from .document import CertificateDocument, Item, PersonEntry
from .residence import residence_people

TITLE = "住民票記載事項証明書"
ATTESTATION = "上記の事項は、住民票に記載されていることを証明する。"


def _person_entry(person: CertificatePerson, options: Mapping[str, Any]) -> PersonEntry:
    items = name_items(person, kana=False)
    if options["birth_date"]:
        items.append(Item("birth_date", "生年月日", wareki(person.birth_date)))
    if options["sex"]:
        items.append(Item("sex", "性別", person.sex_label))
    if options["relationship"]:
        items.append(Item("relationship", "続柄", person.relationship_label))
    if options["became_resident_on"]:
        items.append(
            Item("became_resident_on", "住民となった年月日", wareki(person.became_resident_on))
        )
    if options["address_set_on"]:
        items.append(Item("address_set_on", "住所を定めた年月日", wareki(person.address_set_on)))
    if options["previous_address"]:
        items.append(Item("previous_address", "前住所", person.previous_address))
    if options["domicile"]:
        items += [
            Item("registered_domicile", "本籍", person.registered_domicile),
            Item("domicile_head", "筆頭者", person.domicile_head),
        ]
    return PersonEntry(tuple(items))


def build_residence_items(
    record: CertificateRecord, options: Mapping[str, Any], *, at: datetime.datetime
) -> CertificateDocument:
    people = residence_people(record, options, at=at)
    header = [address_item(record)]
    if options["relationship"]:
        header.append(householder_item(record))
    return CertificateDocument(
        kind=CertificateKind.RESIDENCE_ITEMS.value,
        title=TITLE,
        municipality_name=record.municipality_name,
        municipality_code=record.municipality_code,
        header=tuple(header),
        people=tuple(_person_entry(person, options) for person in people),
        attestation=ATTESTATION,
        as_of=as_of_text(at),
    )
