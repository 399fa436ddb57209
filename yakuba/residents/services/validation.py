"""Validation shared by the residents services: cleaning names, and the date rules of 異動.

Every rule raises :class:`~django.core.exceptions.ValidationError` with a code
and a Japanese message (field errors where a form field is to blame), so forms
show them in the error summary and callers can test the code.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_date_both, is_kana, normalize_kana, normalize_width

from .. import events
from ..models import Person, Status


@dataclass
class Errors:
    """Collects field errors; :meth:`raise_if_any` raises them together."""

    errors: dict[str, list[ValidationError]] = field(default_factory=dict)

    def add(self, name: str, message: Any, code: str, params: dict | None = None) -> None:
        self.errors.setdefault(name, []).append(ValidationError(message, code=code, params=params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def field_error(name: str, message: Any, code: str, params: dict | None = None) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code, params=params)})


def clean_name(value: str) -> str:
    return " ".join(normalize_width(value or "").split())


def clean_text(value: str) -> str:
    return " ".join(normalize_width(value or "").split())


def clean_kana(errors: Errors, name: str, value: str) -> str:
    """Full-width katakana without spaces (hiragana and half-width are converted)."""
    kana = normalize_kana(value or "").replace(" ", "")
    if not kana or not is_kana(kana, allow_space=False):
        errors.add(name, _("カタカナで入力してください。"), "not_kana")
    return kana


# Kinds whose 届出 comes after the fact (住民基本台帳法第22条・第23条, 戸籍法第49条・第86条):
# the 届出日 cannot precede the 異動日.  A 転出届 is made in advance (第24条), and
# 氏名変更 and corrections follow notices from the 戸籍, so no order is imposed there.
NOTIFIED_AFTER_EFFECTIVE = frozenset(
    {events.MOVE_IN, events.MOVE_WITHIN, events.BIRTH, events.DEATH}
)
# Only a 転出 may be recorded ahead of its date (転出予定日).
FUTURE_ALLOWED = frozenset({events.MOVE_OUT})


def check_movement_dates(
    kind: str,
    effective_on: datetime.date | None,
    notified_on: datetime.date | None,
    today: datetime.date,
) -> None:
    """The dates of the movement itself: present, not in the future, 届出日 after 異動日."""
    errors = Errors()
    if effective_on is None:
        errors.add("effective_on", _("異動日を入力してください。"), "required")
        errors.raise_if_any()
    assert effective_on is not None
    if effective_on > today and kind not in FUTURE_ALLOWED:
        errors.add(
            "effective_on", _("異動日に未来の日付は指定できません。"), "future_effective_date"
        )
    if notified_on is not None:
        if notified_on > today:
            errors.add(
                "notified_on", _("届出日に未来の日付は指定できません。"), "future_notified_date"
            )
        if kind in NOTIFIED_AFTER_EFFECTIVE and notified_on < effective_on:
            errors.add(
                "notified_on",
                _("届出日は異動日より前にできません。"),
                "notified_before_effective",
            )
    errors.raise_if_any()


def check_current(people: Iterable[Person]) -> None:
    """Each person must be a current resident (not 除票: moved out or dead)."""
    for person in people:
        if person.status != Status.RESIDENT:
            raise ValidationError(
                _("%(name)s さんの住民票は消除されています（除票）。この異動は記録できません。"),
                code="person_removed",
                params={"name": person.full_name},
            )


def check_not_before(
    people: Iterable[Person], effective_on: datetime.date, latest: dict[int, datetime.date]
) -> None:
    """No event before birth, and none before the person's previous recorded state.

    ``latest`` maps person id → ``valid_from`` of their latest version.  The
    異動日 may equal it (two changes on one day are ordered by recording).
    """
    for person in people:
        if effective_on < person.birth_date:
            raise field_error(
                "effective_on",
                _("異動日が %(name)s さんの生年月日より前です。"),
                "event_before_birth",
                {"name": person.full_name},
            )
        floor = max(
            latest.get(person.pk, person.address_set_on),
            person.address_set_on,
            person.became_resident_on,
        )
        if effective_on < floor:
            raise field_error(
                "effective_on",
                _(
                    "異動日が %(name)s さんの直前の記載（%(date)s）より前です。"
                    "過去の記載を直すときは職権修正を使ってください。"
                ),
                "before_previous_change",
                {"name": person.full_name, "date": format_date_both(floor)},
            )
