"""Loading a whole register from a CSV stream: every check, then bulk writes, all or nothing.

:func:`load_register` reads the stream once.  Each record is checked on its
own (:mod:`.csv_format`), then with the same rules as the counter services
(:func:`yakuba.residents.services.people.build_person`: names, kana, date
order, nothing in the future), then against the rest of the file and the
register:

* a 住民票コード appears once in the file and is not already recorded;
* the rows of one household (same 世帯番号) are consecutive, share one address,
  and — when any of them is a current resident — exactly one current resident
  is the head (世帯主); the 世帯番号 is not already recorded.

While no problem has been found the households are written in batches
(``bulk_create``) inside one transaction; after the first problem writing
stops, checking goes on to the end of the file (so the report is complete),
and the transaction is rolled back: **any error, nothing written**.

Memory stays bounded for millions of rows: one household and one batch are
held, plus the sets of 住民票コード and 世帯番号 seen (as integers).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.bulk import copy_rows
from yakuba.residents import events
from yakuba.residents.models import (
    Household,
    HouseholdVersion,
    Movement,
    Person,
    PersonVersion,
    Relationship,
    Status,
    TownArea,
    banchi_search_key,
)
from yakuba.residents.services.people import NewPerson, build_person
from yakuba.residents.services.recorder import household_snapshot, snapshot

from .csv_format import (
    FileProblem,
    Problem,
    Record,
    RegistryCsvReader,
    RegistryRow,
    problems_from_validation,
)

BATCH_HOUSEHOLDS = 1000
#: Rows per INSERT: PostgreSQL parses a statement of a few thousand parameters fastest.
INSERT_ROWS = 250
#: Problems kept in memory (and stored); the count goes on beyond.
MAX_PROBLEMS = 1000
PROGRESS_SECONDS = 1.0


class AlreadyImportedError(Exception):
    """The same file (same SHA-256) was already loaded: its movement exists."""

    def __init__(self, movement: Movement) -> None:
        super().__init__(movement.pk)
        self.movement = movement


@dataclass
class LoadOutcome:
    """What a load found and did."""

    encoding: str = ""
    people: int = 0
    households: int = 0
    lines: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    movement: Movement | None = None
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.problem_count += 1
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(problem)


@dataclass
class _Member:
    row: RegistryRow
    person: Person


@dataclass
class _OpenHousehold:
    number: str
    first_line: int
    address: tuple[str, str, str] | None = None
    household: Household | None = None
    members: list[_Member] = field(default_factory=list)
    broken: bool = False


Progress = Callable[[int, int], None]


def existing_import(external_id: str, source: str = "import") -> Movement | None:
    """The movement of an earlier load of the same file, if any."""
    return Movement.objects.filter(source=source, external_id=external_id).first()


def initial_versions(
    person: Person, movement: Movement, household: Household
) -> list[PersonVersion]:
    """A person taken over as they stand: resident from 住民となった年月日, a 除票 also from 消除日.

    The same rule as the residents bulk load (docs/modules/residents.md).
    """
    versions = []
    if person.status != Status.REMOVED or person.removed_on > person.became_resident_on:
        resident = snapshot(person, movement, person.became_resident_on, household)
        resident.status, resident.removed_on = Status.RESIDENT, None
        resident.removal_reason, resident.next_address = "", ""
        versions.append(resident)
    if person.status == Status.REMOVED:
        versions.append(snapshot(person, movement, person.removed_on, household))
    return versions


def person_from_row(row: RegistryRow, household: Household, today: datetime.date) -> Person:
    """An unsaved current ``Person`` from a row, validated like the counter services."""
    person = build_person(
        NewPerson(
            family_name=row.family_name,
            given_name=row.given_name,
            family_name_kana=row.family_name_kana,
            given_name_kana=row.given_name_kana,
            birth_date=row.birth_date,
            sex=row.sex,
            relationship=row.relationship,
            became_resident_on=row.became_resident_on,
            address_set_on=row.address_set_on,
            previous_address=row.previous_address,
            registered_domicile=row.registered_domicile,
            domicile_head=row.domicile_head,
            former_family_name=row.former_family_name,
            resident_code=row.resident_code,
        ),
        household,
        today,
    )
    if row.status == Status.REMOVED:
        person.status = Status.REMOVED
        person.removed_on = row.removed_on
        person.removal_reason = row.removal_reason
        person.next_address = row.next_address
    return person


def insert_rows(model, objects: list) -> None:
    """Insert new ``objects`` of ``model``; their primary keys are set afterwards.

    On PostgreSQL: ids drawn from the table's sequence in one query, then one
    ``COPY … FROM STDIN`` (several times faster than multi-row INSERTs at
    millions of rows; constraints and triggers apply as to any insert).
    Elsewhere: ``bulk_create``.  Values are taken from the attributes as they
    are (the loader builds them validated and in database form); ``created``
    and ``updated`` get the current time.
    """
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=INSERT_ROWS)
        return
    meta = model._meta
    table = meta.db_table
    missing = [obj for obj in objects if obj.pk is None]
    with connection.cursor() as cursor:
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, meta.pk.column, len(missing)],
            )
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = value
    now = timezone.now()
    fields = list(meta.concrete_fields)
    stamped = [
        field.attname
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    names = [field.attname for field in fields]

    def values():
        for obj in objects:
            obj._prepare_related_fields_for_save(operation_name="insert_rows")
            for name in stamped:
                setattr(obj, name, now)
            yield [getattr(obj, name) for name in names]

    copy_rows(model, [field.column for field in fields], values())
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


class _Loader:
    def __init__(
        self,
        reader: RegistryCsvReader,
        areas: dict[str, TownArea],
        *,
        movement: Movement | None,
        today: datetime.date,
        progress: Progress | None,
    ) -> None:
        self.reader = reader
        self.areas = areas
        self.movement = movement
        self.today = today
        self.progress = progress
        self.outcome = LoadOutcome(encoding=reader.encoding)
        self.codes: set[int] = set()
        self.finished_numbers: set[int] = set()
        self.current: _OpenHousehold | None = None
        self.pending: list[_OpenHousehold] = []
        self._last_progress = 0.0

    # ------------------------------------------------------------------ reading

    def run(self) -> LoadOutcome:
        for record in self.reader:
            self.outcome.lines += 1
            self._take(record)
            self._report_progress()
        self._close_household()
        self._flush()
        self._report_progress(force=True)
        if self.outcome.lines == 0:
            self.outcome.add(
                [
                    Problem(
                        0,
                        "",
                        "no_records",
                        _("取り込む行がありません（見出しだけのファイルです）。"),
                    )
                ]
            )
        return self.outcome

    def _report_progress(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if force or now - self._last_progress >= PROGRESS_SECONDS:
            self._last_progress = now
            self.progress(self.reader.bytes_done, self.outcome.lines)

    def _take(self, record: Record) -> None:
        number = record.household_number
        if number and (self.current is None or self.current.number != number):
            self._open_household(number, record.line)
        if record.row is None:
            self.outcome.add(record.problems)
            if self.current is not None and (not number or number == self.current.number):
                self.current.broken = True
            return
        row = record.row
        household = self.current
        assert household is not None
        problems: list[Problem] = []
        code = int(row.resident_code)
        if code in self.codes:
            problems.append(
                Problem(
                    row.line,
                    "住民票コード",
                    "duplicate_in_file",
                    _("この住民票コードはファイルの前の行にもあります。"),
                )
            )
        self.codes.add(code)
        if household.address is None:
            household.address = row.address
            area = self.areas[row.town_area_code]
            household.household = Household(
                household_number=row.household_number,
                town_area=area,
                banchi=row.banchi,
                katagaki=row.katagaki,
            )
        elif household.address != row.address:
            problems.append(
                Problem(
                    row.line,
                    "番地",
                    "household_address_conflict",
                    _(
                        "同じ世帯番号の行（%(line)s行目から）と住所（町字コード・番地・方書）が違います。"
                    ),
                    {"line": household.first_line},
                )
            )
        person = None
        try:
            person = person_from_row(row, household.household, self.today)
        except ValidationError as error:
            problems.extend(problems_from_validation(row.line, error))
        if problems or person is None:
            household.broken = True
            self.outcome.add(problems)
            return
        household.members.append(_Member(row, person))

    def _open_household(self, number: str, line: int) -> None:
        self._close_household()
        key = int(number)
        reopened = key in self.finished_numbers
        if reopened:
            self.outcome.add(
                [
                    Problem(
                        line,
                        "世帯番号",
                        "household_not_consecutive",
                        _(
                            "この世帯番号の行が連続していません。同じ世帯の行は続けて並べてください"
                            "（世帯番号の順に並べ替えると確実です）。"
                        ),
                    )
                ]
            )
        self.finished_numbers.add(key)
        self.current = _OpenHousehold(number=number, first_line=line, broken=reopened)

    def _close_household(self) -> None:
        household = self.current
        self.current = None
        if household is None or household.broken or not household.members:
            return
        current = [member for member in household.members if member.row.is_current]
        heads = sum(1 for member in current if member.row.relationship == Relationship.HEAD)
        if current and heads != 1:
            self.outcome.add(
                [
                    Problem(
                        household.first_line,
                        "続柄",
                        "one_head",
                        _(
                            "この行から始まる世帯には、住民である世帯主が1人必要です"
                            "（現在 %(heads)s 人）。"
                        ),
                        {"heads": heads},
                    )
                ]
            )
            return
        self.pending.append(household)
        if len(self.pending) >= BATCH_HOUSEHOLDS:
            self._flush()

    # ------------------------------------------------------------------ register

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        self._check_register(batch)
        self.outcome.households += len(batch)
        self.outcome.people += sum(len(household.members) for household in batch)
        if self.movement is not None and self.outcome.ok:
            self._write(batch)

    def _check_register(self, batch: list[_OpenHousehold]) -> None:
        lines = {
            member.row.resident_code: member.row.line
            for household in batch
            for member in household.members
        }
        taken = Person.objects.filter(resident_code__in=list(lines)).values_list(
            "resident_code", flat=True
        )
        problems = [
            Problem(
                lines[code],
                "住民票コード",
                "code_taken",
                _(
                    "この住民票コードの人は既に住民記録にいます。一括取込は新しい人だけを登録します"
                    "（記録済みの人の変更は外部システム連携で取り込みます）。"
                ),
            )
            for code in taken
        ]
        first_lines = {household.number: household.first_line for household in batch}
        numbers = Household.objects.filter(household_number__in=list(first_lines)).values_list(
            "household_number", flat=True
        )
        problems += [
            Problem(
                first_lines[number],
                "世帯番号",
                "household_number_taken",
                _("この世帯番号の世帯は既に住民記録にあります。"),
            )
            for number in numbers
        ]
        problems.sort(key=lambda problem: problem.line)
        self.outcome.add(problems)

    def _write(self, batch: list[_OpenHousehold]) -> None:
        movement = self.movement
        assert movement is not None
        households = []
        for item in batch:
            household = item.household
            assert household is not None
            household.address_search_key = banchi_search_key(
                f"{household.banchi} {household.katagaki}"
            )
            if not any(member.row.is_current for member in item.members):
                household.dissolved_on = max(member.row.removed_on for member in item.members)
            households.append(household)
        insert_rows(Household, households)
        household_versions = []
        people = []
        for item in batch:
            household = item.household
            start = min(member.person.became_resident_on for member in item.members)
            household_versions.append(household_snapshot(household, movement, start))
            if household.dissolved_on is not None:
                household_versions.append(
                    household_snapshot(household, movement, household.dissolved_on, dissolved=True)
                )
            people.extend(member.person for member in item.members)
        insert_rows(HouseholdVersion, household_versions)
        insert_rows(Person, people)
        insert_rows(
            PersonVersion,
            [
                version
                for person in people
                for version in initial_versions(person, movement, person.household)
            ],
        )
        self.outcome.written = True


def load_register(
    chunks: Iterable[bytes],
    *,
    dry_run: bool,
    external_id: str,
    source: str = "import",
    recorded_by: Any = None,
    reason: str = "",
    progress: Progress | None = None,
    on_write: Callable[[Movement], None] | None = None,
) -> LoadOutcome:
    """Check (and unless ``dry_run``, write) a whole register CSV; all or nothing.

    ``external_id`` (the file's SHA-256) is the idempotency key: the one
    movement of kind ``initial`` that the load writes carries it, and the
    database refuses a second movement with the same ``(source, external_id)``
    (:class:`AlreadyImportedError`, also raised up front when it exists).
    ``on_write(movement)`` runs inside the transaction after a successful
    write (the caller's access record).  A file that cannot be read at all
    gives one problem on line 0 or 1 and nothing else.
    """
    earlier = existing_import(external_id, source)
    if earlier is not None:
        raise AlreadyImportedError(earlier)
    today = timezone.localdate()
    areas = {area.code: area for area in TownArea.objects.all()}
    try:
        reader = RegistryCsvReader(
            chunks, town_area_names={code: area.name for code, area in areas.items()}, today=today
        )
    except FileProblem as error:
        outcome = LoadOutcome()
        outcome.add([error.problem])
        return outcome
    if dry_run:
        return _Loader(reader, areas, movement=None, today=today, progress=progress).run()
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    movement = Movement.objects.create(
                        kind=events.INITIAL,
                        effective_on=today,
                        recorded_at=timezone.now(),
                        recorded_by=recorded_by,
                        source=source,
                        reason=reason or str(_("CSVファイルの一括取込")),
                        external_id=external_id,
                    )
            except IntegrityError:
                raise AlreadyImportedError(existing_import(external_id, source)) from None
            outcome = _Loader(
                reader, areas, movement=movement, today=today, progress=progress
            ).run()
            if not outcome.ok:
                transaction.set_rollback(True)
                outcome.written = False
                return outcome
            outcome.movement = movement
            if on_write is not None:
                on_write(movement)
    except IntegrityError as error:
        # A concurrent write took a code or a number after the checks: nothing was written.
        outcome = LoadOutcome(encoding=reader.encoding)
        outcome.add(
            [
                Problem(
                    0,
                    "",
                    "concurrent_change",
                    _(
                        "取込中に住民記録が変更されたため、取り込めませんでした（%(detail)s）。もう一度取り込んでください。"
                    ),
                    {"detail": type(error).__name__},
                )
            ]
        )
    return outcome
