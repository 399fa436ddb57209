"""The staff-kept tables behind 指定緊急避難場所一覧 and AED設置箇所一覧: add, change, delete,
and import an existing file.  Every change regenerates the dataset's file (task, after
commit), which keeps the new version.

Who may write: the publishing department's operators (防災安全課) and the catalogue's
administrators (:func:`yakuba.opendata.policies.may_edit`).

An import is **all or nothing**: when any row has a problem, nothing is saved and every
problem is returned (line and column, in Japanese), so staff fix the file and import it
again.  Rows are matched by ``ID`` (old files: ``NO``): a known ID updates that record (the
columns the file lacks keep their values), a new or empty ID adds one; with
``replace=True`` the records whose ID is not in the file are deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yakuba.core.japanese import (
    JapaneseInputError,
    normalize_phone_number,
    normalize_postal_code,
    normalize_width,
)

from .. import policies
from ..models import AedLocation, EvacuationSpace
from ..standard import importer
from ..standard.definitions import get_definition
from ..standard.importer import ImportResult, Problem
from ..standard.values import current_city, tidy_text
from . import standard


@dataclass(frozen=True)
class PlaceKind:
    key: str  # the standard dataset's key
    model: type
    fields: tuple[importer.FieldSpec, ...]
    #: Prefix of the IDs given to records added without one (E00001, A00001).
    prefix: str


KINDS: dict[str, PlaceKind] = {
    "evacuation_space": PlaceKind(
        "evacuation_space", EvacuationSpace, importer.EVACUATION_SPACE_FIELDS, "E"
    ),
    "aed": PlaceKind("aed", AedLocation, importer.AED_FIELDS, "A"),
}


def get_kind(key: str) -> PlaceKind:
    try:
        return KINDS[key]
    except KeyError:
        raise KeyError(f"no staff-kept table {key!r}") from None


def may_edit_places(user: Any, key: str) -> bool:
    return policies.may_edit(user, get_definition(key).department)


def _require(actor: Any, key: str) -> None:
    if not may_edit_places(actor, key):
        raise PermissionDenied


def _editable_fields(kind: PlaceKind) -> set[str]:
    return {spec.field for spec in kind.fields}


def _next_identifier(kind: PlaceKind) -> str:
    pattern = re.compile(rf"^{kind.prefix}(\d+)$")
    numbers = [
        int(match.group(1))
        for identifier in kind.model.objects.filter(identifier__startswith=kind.prefix).values_list(
            "identifier", flat=True
        )
        if (match := pattern.match(identifier))
    ]
    return f"{kind.prefix}{max(numbers, default=0) + 1:05d}"


#: Fields whose values are codes or numbers (width-normalised); other text keeps its
#: spelling (only digits and half-width kana are tidied).
CODE_FIELDS = {
    "identifier",
    "phone",
    "extension",
    "postal_code",
    "email",
    "url",
    "form_url",
    "image",
    "corporate_number",
    "available_days",
}


def _clean(kind: PlaceKind, values: dict[str, Any]) -> dict[str, Any]:
    """Tidied text, phone and postal code formatted (errors by field)."""
    cleaned = {}
    for name, value in values.items():
        if isinstance(value, str):
            if name in CODE_FIELDS:
                value = " ".join(normalize_width(value).split())
            elif name == "note":
                value = value.strip()
            else:
                value = tidy_text(value)
        cleaned[name] = value
    errors: dict[str, str] = {}
    for name, normalise in (
        ("phone", normalize_phone_number),
        ("postal_code", normalize_postal_code),
    ):
        if cleaned.get(name):
            try:
                cleaned[name] = normalise(cleaned[name])
            except JapaneseInputError as error:
                errors[name] = str(error.message)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply(kind: PlaceKind, place: Any, values: dict[str, Any]) -> Any:
    unknown = set(values) - _editable_fields(kind)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in _clean(kind, values).items():
        setattr(place, name, value)
    if not place.identifier:
        place.identifier = _next_identifier(kind)
    place.full_clean()
    return place


@transaction.atomic
def save_place(actor: Any, key: str, values: dict[str, Any], place: Any = None) -> Any:
    """Add (``place`` None) or change a record of table ``key``; ``ValidationError`` by
    field when a value is wrong."""
    _require(actor, key)
    kind = get_kind(key)
    place = place if place is not None else kind.model()
    if place.pk:
        place = kind.model.objects.select_for_update().get(pk=place.pk)
    _apply(kind, place, values)
    try:
        with transaction.atomic():
            place.save()
    except IntegrityError:
        raise ValidationError({"identifier": _("このIDはすでに使われています。")}) from None
    standard.enqueue_regeneration(key)
    return place


@transaction.atomic
def delete_place(actor: Any, key: str, place: Any) -> None:
    _require(actor, key)
    get_kind(key).model.objects.filter(pk=place.pk).delete()
    standard.enqueue_regeneration(key)


@dataclass
class ImportOutcome:
    result: ImportResult
    created: int = 0
    updated: int = 0
    deleted: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.problems


class _Rollback(Exception):
    pass


def import_places(actor: Any, key: str, content: bytes, *, replace: bool = False) -> ImportOutcome:
    """Read ``content`` (a CSV file, old or new header style, UTF-8 or cp932) into table
    ``key``.  Nothing is saved unless every row is right (see the module docstring)."""
    _require(actor, key)
    kind = get_kind(key)
    result = importer.read_file(content, kind.fields, city_code=current_city().code)
    outcome = ImportOutcome(result, problems=list(result.problems))
    if outcome.problems:
        return outcome
    try:
        with transaction.atomic():
            _save_rows(kind, result, outcome, replace=replace)
            if outcome.problems:
                raise _Rollback
            standard.enqueue_regeneration(key)
    except _Rollback:
        outcome.created = outcome.updated = outcome.deleted = 0
    return outcome


def _save_rows(kind: PlaceKind, result: ImportResult, outcome: ImportOutcome, *, replace: bool):
    model = kind.model
    existing = {place.identifier: place for place in model.objects.select_for_update()}
    kept: set[str] = set()
    # Records with their ID first, so IDs given to new records cannot take one the file uses.
    given = {row.values.get("identifier") for row in result.rows if row.values.get("identifier")}
    for row in result.rows:
        identifier = row.values.get("identifier") or ""
        place = existing.get(identifier) if identifier else None
        is_new = place is None
        place = place or model()
        values = dict(row.values)
        if not identifier:
            values.pop("identifier", None)
        try:
            _apply(kind, place, values)
            if is_new and not identifier:
                while place.identifier in given or place.identifier in kept:
                    number = int(place.identifier[len(kind.prefix) :]) + 1
                    place.identifier = f"{kind.prefix}{number:05d}"
            place.save()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = row.columns.get(name) or _field_label(model, name)
                for message in messages:
                    outcome.problems.append(Problem(row.line, column, message))
            continue
        kept.add(place.identifier)
        if is_new:
            outcome.created += 1
        else:
            outcome.updated += 1
    if replace:
        outcome.deleted, _counts = model.objects.exclude(identifier__in=kept).delete()


def _field_label(model: type, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - NON_FIELD_ERRORS and the like
        return ""
