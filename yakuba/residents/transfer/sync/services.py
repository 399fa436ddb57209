"""A sync run: read the new extracts of a source, detect changes, record them, report.

For each extract, oldest first (one job row per extract):

* the register is empty and the extract is full → the first sync: the whole
  extract is loaded like a CSV import (all or nothing, movement ``initial``,
  source ``sync``);
* otherwise every row is checked (the import's rules), compared with the
  person's current record (:mod:`.detection`), and the changed people are
  grouped by household (a person's old and new 世帯番号 join groups, so a
  head who leaves and the member who becomes head are one change); each group
  is recorded by ``apply_person_states`` as **one movement** of the group's
  strongest kind, with ``external_id`` = SHA-256 of (extract, codes);
* a full extract also counts the current residents it lacks (``missing``):
  reported, not removed — a removal is recorded only when the source sends
  the person as 除票.

Idempotent: a second run finds no new extract (the cursor moved on); reading
the same extract again finds nothing changed; and a group already recorded is
refused by the movement's unique ``(source, external_id)``.  An extract with
problems leaves the cursor before it, so the next run reads it again (the
groups that were recorded are then unchanged), and later extracts wait.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.residents import events
from yakuba.residents.models import Household, MovementSource, Person, Status, TownArea
from yakuba.residents.services import PersonState, apply_person_states
from yakuba.residents.services.recorder import latest_valid_from

from .. import jobs
from ..csv_format import (
    FileProblem,
    Problem,
    RegistryCsvReader,
    RegistryRow,
    problems_from_validation,
)
from ..importer import AlreadyImportedError, load_register, person_from_row
from ..models import JobKind, JobStatus, SyncSource, TransferJob
from .adapter import Extract, RegistrySource
from .detection import PRIORITY, Change, detect
from .directory import DirectoryExtractSource

BATCH_ROWS = 2000
#: A run that has not ended after this long is taken to have died (its lock is released).
STALE_RUN = datetime.timedelta(hours=6)
SYSTEM_ACTOR = "registry_sync"


@dataclass
class SyncOutcome:
    jobs: list[TransferJob] = field(default_factory=list)
    busy: bool = False

    @property
    def summary(self) -> str:
        if self.busy:
            return "busy"
        if not self.jobs:
            return "nothing new"
        return ", ".join(f"{job.file_name}: {job.status}" for job in self.jobs)


def configure_source(*, key: str, name: str, directory: str, enabled: bool = True) -> SyncSource:
    """Create or update a source (server side only: ``manage.py registry_sync --configure``)."""
    source, _created = SyncSource.objects.update_or_create(
        key=key, defaults={"name": name, "directory": directory, "enabled": enabled}
    )
    source.full_clean()
    return source


def _claim(source_id: int) -> SyncSource | None:
    now = timezone.now()
    claimed = (
        SyncSource.objects.filter(pk=source_id, enabled=True)
        .filter(Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_RUN))
        .update(running_since=now)
    )
    return SyncSource.objects.get(pk=source_id) if claimed else None


def run_sync(source_id: int, *, adapter: RegistrySource | None = None) -> SyncOutcome:
    """Apply every new extract of the source, in order; stop at the first one with problems."""
    source = _claim(source_id)
    if source is None:
        return SyncOutcome(busy=True)
    outcome = SyncOutcome()
    try:
        adapter = adapter or DirectoryExtractSource(source.directory)
        for extract in adapter.changes_since(source.cursor):
            job = apply_extract(source, extract)
            outcome.jobs.append(job)
            if job.status != JobStatus.SUCCEEDED:
                break
            source.cursor = extract.name
            source.save(update_fields=["cursor", "updated"])
    finally:
        SyncSource.objects.filter(pk=source.pk).update(
            running_since=None, last_run_at=timezone.now()
        )
    return outcome


def apply_extract(source: SyncSource, extract: Extract) -> TransferJob:
    """Record what one extract changes; the job row carries the counts and the report."""
    job = TransferJob.objects.create(
        kind=JobKind.SYNC,
        status=JobStatus.RUNNING,
        sync_source=source,
        file_name=extract.name[:255],
        file_sha256=extract.sha256,
        bytes_total=extract.size,
        started_at=timezone.now(),
        purpose="register_migration",
    )
    progress = jobs.JobProgress(job.pk, extract.size)
    if extract.full and not Person.objects.exists():
        return _first_sync(job, extract, progress)
    run = _Run(job, extract, progress)
    run.detect()
    run.apply()
    job.counts = dict(run.counts)
    job.people = sum(count for kind, count in run.counts.items() if kind in PRIORITY)
    job.lines_done = run.lines
    job.bytes_done = extract.size
    job.encoding = run.encoding
    jobs.store_problems(job, run.problems, len(run.problems))
    if run.problems:
        jobs.finish(
            job,
            JobStatus.INVALID,
            message=_(
                "%(count)s 件のエラーがあります。エラーのない変更は記録しました。"
                "この抽出ファイルは次回もう一度読み込みます。"
            ),
            params={"count": len(run.problems)},
        )
    elif run.counts.get("missing"):
        jobs.finish(
            job,
            JobStatus.SUCCEEDED,
            message=_(
                "全件データにない住民が %(count)s 人います。除票として届くまで記録は変えません。"
            ),
            params={"count": run.counts["missing"]},
        )
    else:
        jobs.finish(job, JobStatus.SUCCEEDED)
    return job


def _first_sync(job: TransferJob, extract: Extract, progress) -> TransferJob:
    try:
        outcome = load_register(
            extract.chunks(),
            dry_run=False,
            external_id=extract.sha256,
            source=MovementSource.SYNC,
            reason=jobs.message_source(_("外部システムからの初回連携")),
            progress=progress,
        )
    except AlreadyImportedError:
        jobs.finish(
            job,
            JobStatus.FAILED,
            message=_("この抽出ファイルは既に取り込まれています。"),
        )
        return job
    job.encoding = outcome.encoding
    job.people, job.households, job.lines_done = outcome.people, outcome.households, outcome.lines
    job.bytes_done = extract.size
    job.movement = outcome.movement
    job.counts = {events.INITIAL: outcome.people} if outcome.ok else {}
    jobs.store_problems(job, outcome.problems, outcome.problem_count)
    if outcome.ok:
        jobs.finish(
            job,
            JobStatus.SUCCEEDED,
            message=_("初回連携: %(people)s 人（%(households)s 世帯）を登録しました。"),
            params={"people": outcome.people, "households": outcome.households},
        )
    else:
        jobs.finish(
            job,
            JobStatus.INVALID,
            message=_("%(count)s 件のエラーがあります。何も登録していません。"),
            params={"count": outcome.problem_count},
        )
    return job


class _Run:
    def __init__(self, job: TransferJob, extract: Extract, progress) -> None:
        self.job = job
        self.extract = extract
        self.progress = progress
        self.today = timezone.localdate()
        self.extract_day = timezone.localdate(extract.taken_at)
        self.areas = {area.code: area for area in TownArea.objects.all()}
        self.changes: list[Change] = []
        self.problems: list[Problem] = []
        self.counts: Counter[str] = Counter()
        self.seen: set[int] = set()
        self.lines = 0
        self.encoding = ""

    # -------------------------------------------------------------- detection

    def detect(self) -> None:
        try:
            reader = RegistryCsvReader(
                self.extract.chunks(),
                town_area_names={code: area.name for code, area in self.areas.items()},
                today=self.today,
            )
        except FileProblem as error:
            self.problems.append(error.problem)
            return
        self.encoding = reader.encoding
        batch: list[RegistryRow] = []
        for record in reader:
            self.lines += 1
            if record.row is None:
                self.problems.extend(record.problems)
                continue
            code = int(record.row.resident_code)
            if code in self.seen:
                self.problems.append(
                    Problem(
                        record.line,
                        "住民票コード",
                        "duplicate_in_file",
                        _("この住民票コードはファイルの前の行にもあります。"),
                    )
                )
                continue
            self.seen.add(code)
            batch.append(record.row)
            if len(batch) >= BATCH_ROWS:
                self._compare(batch)
                batch = []
                self.progress(reader.bytes_done, self.lines)
        self._compare(batch)
        self.progress(reader.bytes_done, self.lines)
        if self.extract.full:
            self.counts["missing"] = sum(
                1
                for code in Person.objects.filter(status=Status.RESIDENT)
                .values_list("resident_code", flat=True)
                .iterator(chunk_size=10000)
                if int(code) not in self.seen
            )

    def _compare(self, batch: list[RegistryRow]) -> None:
        if not batch:
            return
        existing = {
            person.resident_code: person
            for person in Person.objects.filter(
                resident_code__in=[row.resident_code for row in batch]
            ).select_related("household__town_area")
        }
        for row in batch:
            stub = Household(
                household_number=row.household_number,
                town_area=self.areas[row.town_area_code],
                banchi=row.banchi,
                katagaki=row.katagaki,
            )
            try:
                candidate = person_from_row(row, stub, self.today)
            except ValidationError as error:
                self.problems.extend(problems_from_validation(row.line, error))
                continue
            change = detect(row, candidate, existing.get(row.resident_code), self.extract_day)
            if change is None:
                self.counts["unchanged"] += 1
            else:
                self.changes.append(change)

    # ------------------------------------------------------------------ apply

    def apply(self) -> None:
        for group in _groups(self.changes):
            steps = _steps(group)
            while steps:
                step = steps.pop(0)
                error = self._apply_step(step)
                if error is None:
                    continue
                if _error_code(error) in HEAD_CODES and steps:
                    # The household is consistent only after a later change of the
                    # group (a new head named later): record both together, then.
                    steps[0] = [*step, *steps[0]]
                    continue
                self.problems.extend(_group_problems(step, error))

    def _apply_step(self, step: list[Change]) -> ValidationError | None:
        """Record one step as one movement; returns the refusal, if any."""
        kind = max((change.kind for change in step), key=PRIORITY.__getitem__)
        dated = [change.effective_on for change in step if change.dated] or [self.extract_day]
        effective_on = max(dated)
        known = [change.person.pk for change in step if change.person is not None]
        floors = list(latest_valid_from(known).values()) if known else []
        # Never before a member's latest version: the current record must show the change.
        effective_on = max([effective_on, *floors])
        codes = sorted(change.row.resident_code for change in step)
        external_id = hashlib.sha256(
            f"{self.extract.sha256}|{effective_on.isoformat()}|{','.join(codes)}".encode()
        ).hexdigest()
        reason = ""
        if kind == events.CORRECTION:
            reason = (
                jobs.message_source(_("外部システム連携による修正")) + f"（{self.extract.name}）"
            )
        try:
            movement = apply_person_states(
                None,
                kind=kind,
                effective_on=effective_on,
                states=[_state(change) for change in step],
                source=MovementSource.SYNC,
                reason=reason,
                note=", ".join(
                    f"{key}={value}"
                    for key, value in sorted(Counter(change.kind for change in step).items())
                ),
                external_id=external_id,
            )
        except ValidationError as error:
            return error
        if movement is None:
            self.counts["unchanged"] += len(step)
            return None
        self.counts["movements"] += 1
        for change in step:
            self.counts[change.kind] += 1
        return None


HEAD_CODES = frozenset({"second_head", "head_required", "one_head"})


def _steps(group: list[Change]) -> list[list[Change]]:
    """A household group as movements in date order.

    Changes with a date of their own (birth, move, removal, a 異動日) form one
    step per date; changes dated only by the extract (a 続柄 without 異動日)
    join the step of the group's strongest dated change — a new head is named
    in the same movement as the death or move that made one necessary.
    """
    dated = [change for change in group if change.dated]
    undated = [change for change in group if not change.dated]
    if not dated:
        return [undated]
    by_day: dict[datetime.date, list[Change]] = {}
    for change in dated:
        by_day.setdefault(change.effective_on, []).append(change)
    strongest = max(dated, key=lambda change: (PRIORITY[change.kind], change.effective_on))
    by_day[strongest.effective_on].extend(undated)
    return [by_day[day] for day in sorted(by_day)]


def _state(change: Change) -> PersonState:
    row = change.row
    return PersonState(
        resident_code=row.resident_code,
        family_name=row.family_name,
        given_name=row.given_name,
        family_name_kana=row.family_name_kana,
        given_name_kana=row.given_name_kana,
        birth_date=row.birth_date,
        sex=row.sex,
        household_number=row.household_number,
        town_area_code=row.town_area_code,
        banchi=row.banchi,
        relationship=row.relationship,
        became_resident_on=row.became_resident_on,
        address_set_on=row.address_set_on,
        katagaki=row.katagaki,
        former_family_name=row.former_family_name,
        previous_address=row.previous_address,
        registered_domicile=row.registered_domicile,
        domicile_head=row.domicile_head,
        status=row.status,
        removed_on=row.removed_on,
        removal_reason=row.removal_reason,
        next_address=row.next_address,
    )


def _groups(changes: Iterable[Change]) -> list[list[Change]]:
    """Changes joined by shared household numbers (old or new), in file order."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    changes = list(changes)
    for change in changes:
        new = "h:" + change.row.household_number
        old = "h:" + change.old_household_number if change.person is not None else new
        parent[find(old)] = find(new)
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(find("h:" + change.row.household_number), []).append(change)
    return sorted(groups.values(), key=lambda group: group[0].row.line)


_GROUP_MESSAGES: dict[str, Any] = {
    "second_head": _("世帯主が2人になります。同じ世帯番号の行の続柄を確かめてください。"),
    "head_required": _("世帯主がいなくなります。同じ世帯番号の行の続柄を確かめてください。"),
    "household_address_conflict": _("同じ世帯番号の行で住所が違います。"),
    "future_effective_date": _("異動日が未来の日付です。"),
}


def _error_code(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        items = [item for items in error.error_dict.values() for item in items]
    else:
        items = list(error.error_list)
    return next((item.code for item in items if item.code), None) or "invalid"


def _group_problems(group: list[Change], error: ValidationError) -> list[Problem]:
    """One problem per row of a group that could not be recorded (no values in the message)."""
    code = _error_code(error)
    message = _GROUP_MESSAGES.get(code)
    params: dict[str, Any] = {}
    if message is None:
        message = _("この行を含む世帯の変更を記録できませんでした（理由コード: %(code)s）。")
        params = {"code": code}
    return [Problem(change.row.line, "", code, message, params) for change in group]
