"""Seed the catalogue with the standard procedures of the demo city (``standard/``).

:func:`seed_standard_procedures` is idempotent and safe to run on a live catalogue:

* categories, procedures and life events are matched by ``code``; their catalogue facts
  are brought up to date only when they differ (a second run changes nothing, not even
  ``updated``); ``search_text`` is written with :func:`~yakuba.applications.search.procedure_search_text`;
* a procedure's form gets a **new version** only when the standard definition differs from
  its newest version; a published version is never changed (it is immutable: a trigger
  refuses it).  With ``publish`` the new version is published at once (and
  ``form_published`` is sent after commit); without, it is left as the draft — unless staff
  already have a draft of that procedure in the builder, which is never overwritten (the
  procedure is then listed in ``SeedReport.skipped_drafts``);
* ``is_published`` of a procedure is set when it is created (``publish``) and afterwards
  left to staff, except that ``publish`` publishes a procedure that has no published form
  yet;
* life-event steps are set to the standard order (steps staff added for other procedures
  are kept after them).

A seeding command, not a person, publishes these versions: ``created_by`` and
``published_by`` are empty, and each write is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .. import events
from ..models import (
    Category,
    FormState,
    FormVersion,
    LifeEvent,
    LifeEventStep,
    Procedure,
)
from ..schema import check_definition
from ..search import procedure_search_text

logger = logging.getLogger("yakuba.applications.seeding")

#: Catalogue facts copied from a standard procedure to the ``Procedure`` row.
FACT_FIELDS: tuple[str, ...] = (
    "title",
    "title_en",
    "title_kana",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "keywords",
    "department_code",
    "applicant_kind",
    "identity_level",
    "fee_yen",
    "fee_note",
    "fee_note_en",
    "handling_days",
    "contact",
    "order",
)
SEED_CHANGE_NOTE = "標準の手続き定義から作成"


@dataclass
class SeedReport:
    """What a seeding run did (codes, in order)."""

    categories_created: list[str] = field(default_factory=list)
    categories_updated: list[str] = field(default_factory=list)
    procedures_created: list[str] = field(default_factory=list)
    procedures_updated: list[str] = field(default_factory=list)
    procedures_unchanged: list[str] = field(default_factory=list)
    #: (procedure code, version number) of each version written.
    versions_created: list[tuple[str, int]] = field(default_factory=list)
    #: Procedures whose changed form waits because staff have a draft in the builder.
    skipped_drafts: list[str] = field(default_factory=list)
    life_events_created: list[str] = field(default_factory=list)
    life_events_updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.categories_created,
                self.categories_updated,
                self.procedures_created,
                self.procedures_updated,
                self.versions_created,
                self.life_events_created,
                self.life_events_updated,
            )
        )

    def summary(self) -> str:
        return (
            f"categories +{len(self.categories_created)} ~{len(self.categories_updated)}, "
            f"procedures +{len(self.procedures_created)} ~{len(self.procedures_updated)} "
            f"={len(self.procedures_unchanged)}, form versions +{len(self.versions_created)}, "
            f"life events +{len(self.life_events_created)} ~{len(self.life_events_updated)}"
            + (
                f", waiting for staff drafts: {', '.join(self.skipped_drafts)}"
                if self.skipped_drafts
                else ""
            )
        )


def _apply(instance: Any, values: dict[str, Any]) -> list[str]:
    """Set the differing values on ``instance``; the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _seed_categories(standard: Any, report: SeedReport) -> dict[str, Category]:
    categories = {}
    for item in standard.CATEGORIES:
        values = {"name": item.name, "name_en": item.name_en, "order": item.order}
        category = Category.objects.filter(code=item.code).first()
        if category is None:
            category = Category.objects.create(code=item.code, **values)
            report.categories_created.append(item.code)
        elif changed := _apply(category, values):
            category.save(update_fields=[*changed, "updated"])
            report.categories_updated.append(item.code)
        categories[item.code] = category
    return categories


def _same_definition(version: FormVersion, schema: dict, ui_schema: dict) -> bool:
    return version.schema == schema and version.ui_schema == ui_schema


def _announce_published(version: FormVersion) -> None:
    version_id, procedure_id = version.pk, version.procedure_id
    transaction.on_commit(
        lambda: events.form_published.send(
            sender=FormVersion, form_version_id=version_id, procedure_id=procedure_id
        )
    )


def _seed_form(procedure: Procedure, item: Any, publish: bool, report: SeedReport) -> None:
    schema, ui_schema = item.definition()
    check_definition(schema, ui_schema)
    versions = FormVersion.objects.select_for_update().filter(procedure=procedure)
    newest_published = versions.filter(state=FormState.PUBLISHED).order_by("-number").first()
    draft = versions.filter(state=FormState.DRAFT).first()
    if draft is not None:
        if _same_definition(draft, schema, ui_schema):
            if publish:  # our own earlier unpublished seed: publish it now
                draft.state = FormState.PUBLISHED
                draft.published_at = timezone.now()
                draft.save(update_fields=["state", "published_at", "updated"])
                report.versions_created.append((procedure.code, draft.number))
                _announce_published(draft)
            return
        if newest_published is None or not _same_definition(newest_published, schema, ui_schema):
            report.skipped_drafts.append(procedure.code)
        return
    if newest_published is not None and _same_definition(newest_published, schema, ui_schema):
        return
    number = (versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = FormVersion.objects.create(
        procedure=procedure,
        number=number,
        state=FormState.PUBLISHED if publish else FormState.DRAFT,
        schema=schema,
        ui_schema=ui_schema,
        change_note=SEED_CHANGE_NOTE,
        published_at=timezone.now() if publish else None,
    )
    report.versions_created.append((procedure.code, number))
    logger.info("standard form of %s written as version %s", procedure.code, number)
    if publish:
        _announce_published(version)


def _seed_procedures(
    standard: Any, categories: dict[str, Category], publish: bool, report: SeedReport
) -> dict[str, Procedure]:
    procedures = {}
    for item in standard.PROCEDURES:
        values = {name: getattr(item, name) for name in FACT_FIELDS}
        values["category_id"] = categories[item.category].pk
        values["search_text"] = procedure_search_text(
            item.title, item.title_kana, item.keywords, item.title_en
        )
        procedure = Procedure.objects.select_for_update().filter(code=item.code).first()
        if procedure is None:
            procedure = Procedure(code=item.code, is_published=publish, **values)
            procedure.full_clean(exclude=["category"])
            procedure.save()
            report.procedures_created.append(item.code)
        else:
            changed = _apply(procedure, values)
            if changed:
                procedure.full_clean(exclude=["category"])
                procedure.save(update_fields=[*changed, "updated"])
                report.procedures_updated.append(item.code)
            else:
                report.procedures_unchanged.append(item.code)
        had_published_form = procedure.form_versions.filter(state=FormState.PUBLISHED).exists()
        _seed_form(procedure, item, publish, report)
        if publish and not procedure.is_published and not had_published_form:
            # Seeded earlier without publishing: publish it with its first published form.
            procedure.is_published = True
            procedure.save(update_fields=["is_published", "updated"])
            if item.code in report.procedures_unchanged:
                report.procedures_unchanged.remove(item.code)
                report.procedures_updated.append(item.code)
        procedures[item.code] = procedure
    return procedures


def _seed_life_events(standard: Any, procedures: dict[str, Procedure], report: SeedReport) -> None:
    for item in standard.LIFE_EVENTS:
        values = {
            "name": item.name,
            "name_en": item.name_en,
            "description": item.description,
            "description_en": item.description_en,
            "order": item.order,
        }
        life_event = LifeEvent.objects.filter(code=item.code).first()
        touched = False
        if life_event is None:
            life_event = LifeEvent.objects.create(code=item.code, **values)
            report.life_events_created.append(item.code)
        elif changed := _apply(life_event, values):
            life_event.save(update_fields=[*changed, "updated"])
            touched = True
        existing = {step.procedure_id: step for step in life_event.steps.all()}
        standard_ids = []
        for order, step in enumerate(item.steps, start=1):
            procedure = procedures[step.procedure]
            standard_ids.append(procedure.pk)
            step_values = {"order": order, "note": step.note, "note_en": step.note_en}
            row = existing.get(procedure.pk)
            if row is None:
                LifeEventStep.objects.create(
                    life_event=life_event, procedure=procedure, **step_values
                )
                touched = True
            elif changed := _apply(row, step_values):
                row.save(update_fields=[*changed, "updated"])
                touched = True
        # Steps staff added keep their relative order, after the standard ones.
        extra = sorted(
            (row for pk, row in existing.items() if pk not in standard_ids),
            key=lambda row: (row.order, row.pk),
        )
        for offset, row in enumerate(extra, start=len(standard_ids) + 1):
            if row.order != offset:
                row.order = offset
                row.save(update_fields=["order", "updated"])
                touched = True
        if touched and item.code not in report.life_events_created:
            report.life_events_updated.append(item.code)


@transaction.atomic
def seed_standard_procedures(*, publish: bool = True) -> SeedReport:
    """Write the standard categories, procedures (with their forms) and life events."""
    from .. import standard

    report = SeedReport()
    categories = _seed_categories(standard, report)
    procedures = _seed_procedures(standard, categories, publish, report)
    _seed_life_events(standard, procedures, report)
    logger.info("standard procedures seeded: %s", report.summary())
    return report
