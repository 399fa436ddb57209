"""The register as a certificate shows it: one person, their household and address as of a moment.

A **system read for the card-authenticated holder only** (コンビニ交付): the certificates
module calls :func:`certificate_record` after the kiosk verified the holder's
利用者証明用電子証明書, for the holder's own certificate (the holder, and the members of
the holder's household on a household 住民票). No policy is checked and nothing is
recorded here: the caller (the issuance service) records one access per person shown,
on behalf of the holder, in the same transaction as the issuance. Never use it for a
staff page (use :func:`~yakuba.residents.queries.get_person_for`).

As-of rules: ``docs/modules/residents.md`` ("History: as-of reads") — the day is the
local date of ``at``; ``known_at`` (optional) reads the history as it was recorded at
that moment (a certificate rebuilt later ignores later corrections).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from yakuba.core.services import get_municipality

from .. import history
from ..models import PersonVersion, Relationship, Sex, Status


@dataclass(frozen=True)
class CertificatePerson:
    """One person's registry entry on the day (a ``PersonVersion``, as plain values).

    ``sex_label`` and ``relationship_label`` are the Japanese words printed on a
    certificate (男/女, 世帯主/妻/子 …), independent of the page language.
    """

    person_id: int
    resident_code: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    former_family_name: str
    birth_date: datetime.date
    sex: str
    sex_label: str
    relationship: str
    relationship_label: str
    became_resident_on: datetime.date
    address_set_on: datetime.date
    previous_address: str
    registered_domicile: str
    domicile_head: str
    status: str
    removed_on: datetime.date | None
    removal_reason: str
    next_address: str

    @property
    def full_name(self) -> str:
        return f"{self.family_name}　{self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana}　{self.given_name_kana}"

    @property
    def is_resident(self) -> bool:
        return self.status == Status.RESIDENT

    @property
    def is_head(self) -> bool:
        return self.relationship == Relationship.HEAD


@dataclass(frozen=True)
class CertificateAddress:
    """The household's address on the day, with the municipality's prefecture and name."""

    prefecture: str
    municipality_name: str
    town_area_name: str
    banchi: str
    katagaki: str
    postal_code: str

    @property
    def full(self) -> str:
        """東京都武蔵村山市本町一丁目1番地の1 村山団地12号棟305号室 (方書 after a space)."""
        text = f"{self.prefecture}{self.municipality_name}{self.town_area_name}{self.banchi}"
        return f"{text}　{self.katagaki}" if self.katagaki else text


@dataclass(frozen=True)
class CertificateRecord:
    """What a certificate of ``person`` may show as of ``as_of``.

    ``members``: the household's resident members on that day, head first then by
    birth date (the person included when resident; empty for a 除票). ``head_name``:
    the 世帯主's name ("" when the household had none that day).
    """

    as_of: datetime.date
    person: CertificatePerson
    household_id: int
    household_number: str
    address: CertificateAddress
    head_name: str
    members: tuple[CertificatePerson, ...]
    municipality_name: str
    municipality_code: str

    @property
    def is_resident(self) -> bool:
        return self.person.is_resident


def _person(version: PersonVersion) -> CertificatePerson:
    with translation.override("ja"):
        sex_label = str(Sex(version.sex).label)
        relationship_label = str(Relationship(version.relationship).label)
    return CertificatePerson(
        person_id=version.person_id,
        resident_code=version.resident_code,
        family_name=version.family_name,
        given_name=version.given_name,
        family_name_kana=version.family_name_kana,
        given_name_kana=version.given_name_kana,
        former_family_name=version.former_family_name,
        birth_date=version.birth_date,
        sex=version.sex,
        sex_label=sex_label,
        relationship=version.relationship,
        relationship_label=relationship_label,
        became_resident_on=version.became_resident_on,
        address_set_on=version.address_set_on,
        previous_address=version.previous_address,
        registered_domicile=version.registered_domicile,
        domicile_head=version.domicile_head,
        status=version.status,
        removed_on=version.removed_on,
        removal_reason=version.removal_reason,
        next_address=version.next_address,
    )


def certificate_record(
    person_id: int, *, at: datetime.datetime, known_at: datetime.datetime | None = None
) -> CertificateRecord | None:
    """The person's entry, household address, members and head as of the day of ``at``.

    ``None`` when the register held nothing for the person that day (or the person
    does not exist). A 除票 on that day is returned with ``person.status ==
    "removed"`` and no members: the caller refuses it. **For the card-authenticated
    holder's own certificate only** (see the module docstring): no policy, nothing
    recorded. Costs 4–5 queries (person version, household version, members).
    """
    day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    version = history.version_as_of(person_id, day, known_at=known_at)
    if version is None:
        return None
    person = _person(version)
    household_version = history.household_version_as_of(
        version.household_id, day, known_at=known_at
    )
    if household_version is not None:
        town_area, banchi, katagaki = (
            household_version.town_area,
            household_version.banchi,
            household_version.katagaki,
        )
    else:  # no household version yet: the person's own snapshot of the address
        town_area, banchi, katagaki = version.town_area, version.banchi, version.katagaki
    profile = get_municipality()
    municipality_name = profile.name if profile else ""
    municipality_code = profile.code if profile else settings.YAKUBA_MUNICIPALITY_CODE
    address = CertificateAddress(
        prefecture=profile.prefecture if profile else "",
        municipality_name=municipality_name,
        town_area_name=town_area.name,
        banchi=banchi,
        katagaki=katagaki,
        postal_code=town_area.postal_code,
    )
    members: tuple[CertificatePerson, ...] = ()
    head_name = ""
    if person.is_resident:
        member_versions = history.household_members_as_of(
            version.household_id, day, known_at=known_at
        )
        # household_members_as_of sorts by birth date; the head goes first.
        ordered = sorted(
            member_versions,
            key=lambda member: (member.relationship != Relationship.HEAD,),
        )
        members = tuple(_person(member) for member in ordered)
        head = next((member for member in members if member.is_head), None)
        head_name = head.full_name if head else ""
    return CertificateRecord(
        as_of=day,
        person=person,
        household_id=version.household_id,
        household_number=version.household.household_number,
        address=address,
        head_name=head_name,
        members=members,
        municipality_name=municipality_name,
        municipality_code=municipality_code,
    )


__all__ = ["CertificateAddress", "CertificatePerson", "CertificateRecord", "certificate_record"]
