"""印鑑登録証明書: the registered seal impression with the holder's 氏名, 生年月日 and 住所.

Needs a registration in force on the day (registered on or before it, not abolished
by then), else ``no_seal``. 性別 is not printed (as on most cities' certificates since
the 2000s); 旧氏 is printed when recorded (a seal may be registered in the 旧氏).
"""

from __future__ import annotations

import datetime

from yakuba.residents.queries import CertificateRecord

from ..models import CertificateKind
from .checks import seal_in_force
from .common import address_item, as_of_text, name_items, wareki
from .document import CertificateDocument, Item, PersonEntry
from .refusals import RefusalCode, Refused

TITLE = "印鑑登録証明書"
ATTESTATION = "この写しは、登録されている印影と相違ないことを証明する。"


def build_seal(record: CertificateRecord, *, at: datetime.datetime) -> CertificateDocument:
    registration = seal_in_force(record.person.person_id, at=at)
    if registration is None:
        raise Refused(RefusalCode.NO_SEAL)
    person = record.person
    items = name_items(person, kana=False)
    items.append(Item("birth_date", "生年月日", wareki(person.birth_date)))
    return CertificateDocument(
        kind=CertificateKind.SEAL.value,
        title=TITLE,
        municipality_name=record.municipality_name,
        municipality_code=record.municipality_code,
        header=(
            Item("registration_number", "登録番号", registration.registration_number),
            address_item(record),
        ),
        people=(PersonEntry(tuple(items)),),
        attestation=ATTESTATION,
        as_of=as_of_text(at),
        seal_image_png=bytes(registration.seal_image),
    )
