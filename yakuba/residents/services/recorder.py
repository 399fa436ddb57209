"""The one place that writes history: a movement, its versions, the current rows, audit, event.

Every 異動 service opens a :class:`Recorder` inside its transaction, changes
the current ``Person`` and ``Household`` objects in memory, and hands them to
:meth:`Recorder.person_changed` / :meth:`Recorder.household_changed`, which
append the snapshot and save the current row.  :meth:`Recorder.finish`
writes one access record per person (staff actors only) and sends
``movement_recorded`` after commit.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access

from .. import history
from ..events import movement_recorded
from ..models import (
    REGISTRY_FIELDS,
    Household,
    HouseholdVersion,
    Movement,
    MovementSource,
    Person,
    PersonVersion,
    Relationship,
    Status,
)
from ..policies import is_register_purpose, may_record_movements

logger = logging.getLogger(__name__)

PERSON_RECORD_KIND = "residents.person"
_PERSON_VALUES = tuple(name for name in REGISTRY_FIELDS if name != "household")


def check_actor(actor: Any, purpose: str) -> None:
    """Staff need the 市民課 operator role and a declared purpose; ``None`` is the system."""
    if actor is None:
        return
    if not may_record_movements(actor):
        raise PermissionDenied
    if not is_register_purpose(purpose):
        raise ValidationError(_("利用目的を選んでください。"), code="invalid_purpose")


def check_source(source: str) -> None:
    if source not in MovementSource.values:
        raise ValidationError(_("記録の経路が正しくありません。"), code="invalid_source")


def lock_households(households: Iterable[Household | None]) -> None:
    """``SELECT … FOR UPDATE`` households in id order (a fixed order: no deadlocks)."""
    ids = sorted({household.pk for household in households if household is not None})
    if ids:
        list(Household.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def lock_people(people: Iterable[Person]) -> dict[int, Person]:
    """Reload people locked, in id order; returns them by id (fresh from the database)."""
    ids = sorted({person.pk for person in people})
    locked = Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {person.pk: person for person in locked.select_related("household__town_area")}


def latest_valid_from(person_ids: Iterable[int]) -> dict[int, datetime.date]:
    """``valid_from`` of each person's latest version."""
    latest: dict[int, datetime.date] = {}
    rows = PersonVersion.objects.filter(person_id__in=list(person_ids)).values_list(
        "person_id", "valid_from"
    )
    for person_id, valid_from in rows:
        if person_id not in latest or valid_from > latest[person_id]:
            latest[person_id] = valid_from
    return latest


def current_members(household: Household, *, exclude: Iterable[int] = ()) -> list[Person]:
    return list(
        household.members.filter(status=Status.RESIDENT)
        .exclude(pk__in=list(exclude))
        .order_by("birth_date", "pk")
    )


def snapshot(
    person: Person, movement: Movement, valid_from: datetime.date, household: Household
) -> PersonVersion:
    """An unsaved version carrying every registry field of ``person`` and ``household``'s address."""
    return PersonVersion(
        person_id=person.pk,
        movement=movement,
        valid_from=valid_from,
        recorded_at=movement.recorded_at,
        household_id=household.pk,
        town_area_id=household.town_area_id,
        banchi=household.banchi,
        katagaki=household.katagaki,
        **{name: getattr(person, name) for name in _PERSON_VALUES},
    )


def household_snapshot(
    household: Household, movement: Movement, valid_from: datetime.date, *, dissolved: bool = False
) -> HouseholdVersion:
    return HouseholdVersion(
        household=household,
        movement=movement,
        valid_from=valid_from,
        recorded_at=movement.recorded_at,
        town_area_id=household.town_area_id,
        banchi=household.banchi,
        katagaki=household.katagaki,
        dissolved=dissolved,
    )


def integrity_message(error: IntegrityError) -> ValidationError:
    """Turn a refused write into a form message (the database is the last guard)."""
    text = str(error)
    if "person_one_head_per_household" in text:
        return ValidationError(
            {
                "relationship": ValidationError(
                    _("この世帯には既に世帯主がいます。"), code="second_head"
                )
            }
        )
    if "resident_code" in text:
        return ValidationError(_("住民票コードが重複しています。"), code="duplicate_code")
    return ValidationError(
        _("記録できませんでした。入力内容を確認してください。"), code="integrity"
    )


class Recorder:
    """Collects what one movement does, in the caller's transaction."""

    def __init__(
        self,
        actor: Any,
        *,
        kind: str,
        effective_on: datetime.date,
        notified_on: datetime.date | None = None,
        source: str = MovementSource.COUNTER,
        reason: str = "",
        note: str = "",
        external_id: str = "",
        purpose: str = "resident_change",
        request: HttpRequest | None = None,
    ) -> None:
        check_source(source)
        self.actor = actor
        self.purpose = purpose
        self.request = request
        self.movement = Movement.objects.create(
            kind=kind,
            effective_on=effective_on,
            notified_on=notified_on,
            recorded_at=timezone.now(),
            recorded_by=actor,
            source=source,
            reason=reason.strip(),
            note=note.strip(),
            external_id=external_id,
        )
        self._fields: dict[int, set[str]] = {}
        self._created: set[int] = set()

    @property
    def effective_on(self) -> datetime.date:
        return self.movement.effective_on

    @property
    def has_changes(self) -> bool:
        return bool(self._fields)

    def touched(self, person_id: int, fields: Iterable[str], *, created: bool = False) -> None:
        """Note that ``person_id`` changed (for the access record and the event)."""
        self._fields.setdefault(person_id, set()).update(fields)
        if created:
            self._created.add(person_id)

    def save_person(self, person: Person, *, created: bool = False) -> None:
        try:
            with transaction.atomic():
                if created:
                    person.save(force_insert=True)
                else:
                    person.save()
        except IntegrityError as error:
            raise integrity_message(error) from error

    def person_changed(
        self,
        person: Person,
        fields: Iterable[str],
        *,
        valid_from: datetime.date | None = None,
        created: bool = False,
        save: bool = True,
    ) -> PersonVersion:
        """Save the current row (unless ``save`` is False) and append its snapshot."""
        if save:
            self.save_person(person, created=created)
        version = snapshot(person, self.movement, valid_from or self.effective_on, person.household)
        version.save(force_insert=True)
        self.touched(person.pk, fields, created=created)
        return version

    def household_changed(
        self,
        household: Household,
        *,
        valid_from: datetime.date | None = None,
        dissolved: bool = False,
        save: bool = True,
    ) -> HouseholdVersion:
        if save:
            household.save()
        version = household_snapshot(
            household, self.movement, valid_from or self.effective_on, dissolved=dissolved
        )
        version.save(force_insert=True)
        return version

    def dissolve_if_empty(self, household: Household) -> bool:
        """Mark a household without current members as dissolved (世帯消滅)."""
        if household.members.filter(status=Status.RESIDENT).exists():
            return False
        household.dissolved_on = self.effective_on
        self.household_changed(household, dissolved=True)
        return True

    def check_heads(self, households: Iterable[Household]) -> None:
        """Every household left with current members has exactly one head."""
        for household in {h.pk: h for h in households}.values():
            heads = household.members.filter(
                status=Status.RESIDENT, relationship=Relationship.HEAD
            ).count()
            members = household.members.filter(status=Status.RESIDENT).count()
            if members and heads != 1:
                raise ValidationError(
                    {
                        "new_head": ValidationError(
                            _(
                                "世帯（世帯番号 %(number)s）には世帯主が1人必要です"
                                "（現在 %(heads)s 人）。新しい世帯主を選んでください。"
                            ),
                            code="head_required" if heads == 0 else "second_head",
                            params={"number": household.household_number, "heads": heads},
                        )
                    }
                )

    def finish(self) -> Movement:
        """Write the access records and schedule ``movement_recorded`` after commit."""
        if not self._fields:
            raise ValidationError(_("変更する内容がありません。"), code="no_change")
        if self.actor is not None:
            for person_id, fields in sorted(self._fields.items()):
                record_access(
                    self.actor,
                    subject=Subject(PERSON_RECORD_KIND, str(person_id)),
                    record_kind=PERSON_RECORD_KIND,
                    fields=sorted(fields),
                    purpose=self.purpose,
                    action="create" if person_id in self._created else "update",
                    request=self.request,
                )
        movement = self.movement
        person_ids = sorted(self._fields)
        transaction.on_commit(lambda: send_movement_recorded(movement, person_ids), robust=True)
        return movement


def send_movement_recorded(movement: Movement, person_ids: Sequence[int]) -> None:
    movement_recorded.send(
        sender=Movement,
        movement_id=movement.pk,
        kind=movement.kind,
        person_ids=list(person_ids),
        effective_on=movement.effective_on,
    )


def project(person: Person) -> None:
    """Make the current row mirror the person's latest version (after a back-dated write)."""
    latest = history.latest_version(person.pk)
    if latest is None:
        return
    for name in _PERSON_VALUES:
        setattr(person, name, getattr(latest, name))
    person.household_id = latest.household_id
    person.save()
