"""seed_standard_procedures: idempotent, versions only on change, published versions frozen."""

from __future__ import annotations

import copy
import dataclasses
import io

import pytest
from django.core.management import call_command

from yakuba.applications import standard
from yakuba.applications.models import (
    Category,
    FormState,
    FormVersion,
    LifeEvent,
    LifeEventStep,
    Procedure,
)
from yakuba.applications.schema import BuilderField
from yakuba.applications.search import procedure_search_text
from yakuba.applications.services.seeding import seed_standard_procedures

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Procedure.objects.values_list("code", "updated", "is_published", "search_text")),
        sorted(FormVersion.objects.values_list("procedure__code", "number", "state", "updated")),
        sorted(Category.objects.values_list("code", "updated")),
        sorted(LifeEvent.objects.values_list("code", "updated")),
        sorted(
            LifeEventStep.objects.values_list(
                "life_event__code", "procedure__code", "order", "updated"
            )
        ),
    )


def _replace_procedure(monkeypatch, code, **changes):
    items = tuple(
        dataclasses.replace(item, **changes) if item.code == code else item
        for item in standard.PROCEDURES
    )
    monkeypatch.setattr(standard, "PROCEDURES", items)


def test_writes_every_procedure_published_with_version_one():
    report = seed_standard_procedures()

    assert len(report.procedures_created) == len(standard.PROCEDURES)
    assert Procedure.objects.filter(is_published=True).count() == len(standard.PROCEDURES)
    versions = FormVersion.objects.filter(state=FormState.PUBLISHED, number=1)
    assert versions.count() == len(standard.PROCEDURES)
    juminhyo = Procedure.objects.get(code="juminhyo-yuso")
    assert (juminhyo.department_code, juminhyo.fee_yen, juminhyo.category.code) == (
        "shimin", 300, "todokede",
    )  # fmt: skip
    assert juminhyo.search_text == procedure_search_text(
        juminhyo.title, juminhyo.title_kana, juminhyo.keywords, juminhyo.title_en
    )
    schema, ui_schema = standard.procedure("juminhyo-yuso").definition()
    stored = juminhyo.form_versions.get()
    assert (stored.schema, stored.ui_schema) == (schema, ui_schema)
    assert stored.published_at is not None and stored.change_note


def test_life_events_get_their_steps_in_order():
    seed_standard_procedures()

    steps = list(
        LifeEventStep.objects.filter(life_event__code="shussei").values_list(
            "order", "procedure__code"
        )
    )
    expected = [
        step.procedure
        for step in next(e for e in standard.LIFE_EVENTS if e.code == "shussei").steps
    ]
    assert steps == list(enumerate(expected, start=1))
    assert LifeEvent.objects.count() == len(standard.LIFE_EVENTS)


def test_seeding_twice_changes_nothing():
    seed_standard_procedures()
    before = _snapshot()

    report = seed_standard_procedures()

    assert _snapshot() == before
    assert not report.changed
    assert len(report.procedures_unchanged) == len(standard.PROCEDURES)


def test_a_changed_definition_adds_version_two_and_leaves_version_one(monkeypatch):
    seed_standard_procedures()
    first = FormVersion.objects.get(procedure__code="inu-toroku", number=1)
    old_schema, old_ui, old_updated = first.schema, first.ui_schema, first.updated
    item = standard.procedure("inu-toroku")
    new_form = copy.deepcopy(item.form)
    new_form = dataclasses.replace(
        new_form,
        fields=[
            *item.form.fields,
            BuilderField("microchip", "text", "マイクロチップ番号", "Microchip number"),
        ],
    )
    new_form.pages[-1].fields.append("microchip")
    _replace_procedure(monkeypatch, "inu-toroku", form=new_form)

    report = seed_standard_procedures()

    assert report.versions_created == [("inu-toroku", 2)]
    first.refresh_from_db()
    assert (first.schema, first.ui_schema, first.updated, first.state) == (
        old_schema, old_ui, old_updated, FormState.PUBLISHED,
    )  # fmt: skip
    second = FormVersion.objects.get(procedure__code="inu-toroku", number=2)
    assert second.state == FormState.PUBLISHED
    assert "microchip" in second.schema["properties"]
    assert "microchip" not in first.schema["properties"]


def test_changed_catalogue_facts_are_updated_in_place(monkeypatch):
    seed_standard_procedures()
    _replace_procedure(
        monkeypatch, "sodai-gomi", title="粗大ごみ戸別収集申込", keywords="粗大ごみ 家具"
    )

    report = seed_standard_procedures()

    procedure = Procedure.objects.get(code="sodai-gomi")
    assert report.procedures_updated == ["sodai-gomi"]
    assert report.versions_created == []
    assert procedure.title == "粗大ごみ戸別収集申込"
    assert procedure.search_text == procedure_search_text(
        "粗大ごみ戸別収集申込", procedure.title_kana, "粗大ごみ 家具", procedure.title_en
    )
    assert procedure.form_versions.count() == 1


def test_without_publish_new_procedures_wait_as_drafts_and_publish_later():
    report = seed_standard_procedures(publish=False)

    assert Procedure.objects.filter(is_published=True).count() == 0
    assert FormVersion.objects.filter(state=FormState.DRAFT).count() == len(standard.PROCEDURES)
    assert len(report.versions_created) == len(standard.PROCEDURES)

    seed_standard_procedures(publish=True)

    assert Procedure.objects.filter(is_published=True).count() == len(standard.PROCEDURES)
    assert FormVersion.objects.filter(state=FormState.PUBLISHED, number=1).count() == len(
        standard.PROCEDURES
    )
    assert FormVersion.objects.count() == len(standard.PROCEDURES)


def test_a_staff_draft_is_never_overwritten(monkeypatch):
    seed_standard_procedures()
    procedure = Procedure.objects.get(code="gomi-calendar")
    staff_draft = FormVersion.objects.create(
        procedure=procedure,
        number=2,
        schema={"title": "職員の下書き"},
        ui_schema={},
    )
    item = standard.procedure("gomi-calendar")
    _replace_procedure(
        monkeypatch, "gomi-calendar", form=dataclasses.replace(item.form, title_en="Calendar")
    )

    report = seed_standard_procedures()

    staff_draft.refresh_from_db()
    assert staff_draft.schema == {"title": "職員の下書き"}
    assert report.skipped_drafts == ["gomi-calendar"]
    assert procedure.form_versions.count() == 2


def test_an_unpublished_procedure_stays_unpublished():
    seed_standard_procedures()
    Procedure.objects.filter(code="bosai-musen").update(is_published=False)

    seed_standard_procedures()

    assert Procedure.objects.get(code="bosai-musen").is_published is False


def test_command_prints_what_it_did():
    out = io.StringIO()

    call_command("applications_seed", stdout=out)
    call_command("applications_seed", stdout=out)

    first, second = out.getvalue().splitlines()
    count = len(standard.PROCEDURES)
    assert first.startswith(f"categories +{len(standard.CATEGORIES)} ~0, procedures +{count} ~0 =0")
    assert second.startswith(f"categories +0 ~0, procedures +0 ~0 ={count}, form versions +0")
