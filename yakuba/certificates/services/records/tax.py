"""課税・所得: import the tax system's CSV, correct one year (課税課 operators).

The import is all or nothing: the whole file is read and checked first (format,
numbers, unknown 住民票コード, the same person and year twice); with any problem
nothing is written and the report lists every problem by line.  Otherwise each
(person, 年度) is created or updated (upsert on the unique constraint) in one
transaction, with one access record per person whose assessment changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.residents.queries import people_by_resident_code

from ...models import AMOUNT_FIELDS, TaxAssessment
from ...policies import may_operate_tax
from .common import IMPORT_SYSTEM_ACTOR, TAX_PURPOSE, TAX_RECORD_KIND, record, require
from .tax_csv import LABELS, MAX_AMOUNT, MAX_DEPENDANTS, LineError, parse_tax_csv

#: The fields a CSV line or a correction sets.
VALUE_FIELDS = (*AMOUNT_FIELDS, "dependants")
CHANGE_LOG_FIELDS = tuple(LABELS[name] for name in ("fiscal_year", *VALUE_FIELDS))
CODE_CHUNK = 1000


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``errors`` not empty: nothing saved)."""

    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    fiscal_years: list[int] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(file: Any) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        return bytes(file)
    if hasattr(file, "chunks"):
        if hasattr(file, "seek"):
            file.seek(0)
        return b"".join(file.chunks())
    return file.read()


def _people(codes: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(codes), CODE_CHUNK):
        found.update(people_by_resident_code(codes[start : start + CODE_CHUNK]))
    return found


def import_tax_assessments(
    actor: Any,
    file: Any,
    *,
    fiscal_year: int | None = None,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Read ``file`` (an upload, a binary file or bytes) and upsert its assessments.

    ``actor`` needs the 課税課 operator role; ``None`` is the import command (its
    access records name it ``certificates_import_tax``).  Returns the report;
    when ``report.errors`` is not empty nothing was saved.
    """
    if actor is not None:
        require(may_operate_tax(actor))
    parsed = parse_tax_csv(_read(file), fiscal_year=fiscal_year)
    report = ImportReport(
        encoding=parsed.encoding,
        rows=len(parsed.rows),
        errors=list(parsed.errors),
        ignored_columns=parsed.ignored_columns,
    )
    people = _people(sorted({row.values["resident_code"] for row in parsed.rows}))
    seen: dict[tuple[str, int], int] = {}
    for row in parsed.rows:
        code, year = row.values["resident_code"], row.values["fiscal_year"]
        if code not in people:
            report.errors.append(
                LineError(
                    row.line,
                    LABELS["resident_code"],
                    _("住民記録にない住民票コードです（「%(code)s」）。") % {"code": code},
                )
            )
        if (code, year) in seen:
            report.errors.append(
                LineError(
                    row.line,
                    "",
                    _("%(line)s行目と同じ人・同じ年度の行です。") % {"line": seen[(code, year)]},
                )
            )
        else:
            seen[(code, year)] = row.line
    report.errors.sort(key=lambda error: error.line)
    if report.errors:
        return report
    report.fiscal_years = sorted({row.values["fiscal_year"] for row in parsed.rows})
    with transaction.atomic():
        _upsert(actor, parsed.rows, people, report, request)
    return report


def _upsert(actor: Any, rows: list, people: dict[str, Any], report: ImportReport, request) -> None:
    person_ids = {code: person.pk for code, person in people.items()}
    existing = {
        (item.person_id, item.fiscal_year): item
        for item in TaxAssessment.objects.select_for_update().filter(
            person_id__in=sorted(set(person_ids.values())), fiscal_year__in=report.fiscal_years
        )
    }
    new, changed = [], []
    now = timezone.now()
    touched: dict[int, str] = {}
    for row in rows:
        values = row.values
        person_id = person_ids[values["resident_code"]]
        current = existing.get((person_id, values["fiscal_year"]))
        fields = {name: values[name] for name in VALUE_FIELDS}
        if current is None:
            new.append(
                TaxAssessment(
                    person_id=person_id,
                    fiscal_year=values["fiscal_year"],
                    resident_code=values["resident_code"],
                    source="csv",
                    updated_by=actor,
                    **fields,
                )
            )
            touched.setdefault(person_id, "create")
            continue
        if current.resident_code == values["resident_code"] and all(
            getattr(current, name) == value for name, value in fields.items()
        ):
            report.unchanged += 1
            continue
        for name, value in fields.items():
            setattr(current, name, value)
        current.resident_code = values["resident_code"]
        current.source = "csv"
        current.updated_by = actor
        current.updated = now  # QuerySet.update does not apply auto_now
        changed.append(current)
        touched[person_id] = "update"
    TaxAssessment.objects.bulk_create(new, batch_size=1000)
    columns = [*VALUE_FIELDS, "resident_code", "source", "updated_by", "updated"]
    for item in changed:  # one UPDATE by primary key each: faster than bulk_update's CASE
        TaxAssessment.objects.filter(pk=item.pk).update(
            **{name: getattr(item, name) for name in columns}
        )
    report.created, report.updated = len(new), len(changed)
    for person_id, action in touched.items():
        record(
            actor,
            [person_id],
            record_kind=TAX_RECORD_KIND,
            purpose=TAX_PURPOSE,
            fields=CHANGE_LOG_FIELDS,
            action=action,
            request=request,
            system_actor=IMPORT_SYSTEM_ACTOR,
        )


def correct_tax_assessment(
    actor: Any,
    assessment_id: int,
    *,
    changes: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> TaxAssessment:
    """Set some amounts (or 扶養人数) of one assessment; returns it.

    ``changes`` maps field names of :data:`VALUE_FIELDS` to whole numbers ≥ 0.
    ``ValidationError``: ``not_correctable`` (another field), ``invalid`` (not a
    whole number ≥ 0 or too large), ``no_change``; ``Http404`` for an unknown id.
    """
    require(actor is not None and may_operate_tax(actor))
    errors: dict[str, ValidationError] = {}
    cleaned: dict[str, int] = {}
    for name, value in changes.items():
        if name not in VALUE_FIELDS:
            errors.setdefault(
                "__all__",
                ValidationError(
                    _("訂正できない項目です（%(field)s）。"),
                    code="not_correctable",
                    params={"field": name},
                ),
            )
            continue
        limit = MAX_DEPENDANTS if name == "dependants" else MAX_AMOUNT
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            errors[name] = ValidationError(
                _("%(label)sは0以上%(limit)s以下の整数で入力してください。"),
                code="invalid",
                params={"label": LABELS[name], "limit": f"{limit:,}"},
            )
            continue
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = TaxAssessment.objects.select_for_update().filter(pk=assessment_id).first()
        if assessment is None:
            raise Http404
        changed = [name for name, value in cleaned.items() if getattr(assessment, name) != value]
        if not changed:
            raise ValidationError(_("変更された項目がありません。"), code="no_change")
        for name in changed:
            setattr(assessment, name, cleaned[name])
        assessment.source = "staff"
        assessment.updated_by = actor
        assessment.save(update_fields=[*changed, "source", "updated_by", "updated"])
        record(
            actor,
            [assessment.person_id],
            record_kind=TAX_RECORD_KIND,
            purpose=TAX_PURPOSE,
            fields=[LABELS[name] for name in changed],
            action="update",
            request=request,
        )
    return assessment
