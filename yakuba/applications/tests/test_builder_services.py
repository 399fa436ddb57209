"""Builder services: procedures, categories and life events, form versions (drafts,
publishing, import) — permissions per role and department, numbering, immutability."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from yakuba.applications import events
from yakuba.applications.models import FormState, FormVersion, LifeEventStep, Procedure
from yakuba.applications.schema import BuilderField, BuilderForm, BuilderPage, compile_form
from yakuba.applications.search import search_key
from yakuba.applications.services import forms as form_services
from yakuba.applications.services import procedures as services
from yakuba.applications.tests.factories import (
    SMALL_SCHEMA,
    SMALL_UI,
    department,
    make_category,
    make_procedure,
    make_submission,
    staff_in,
)
from yakuba.applications.web.staff import builder_edits as edits
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return staff_in("shimin", "admin")


@pytest.fixture
def category():
    return make_category("todokede", name="届出・証明")


def procedure_fields(category, **overrides):
    values = {
        "code": "inu-touroku",
        "title": "犬の登録",
        "title_kana": "イヌノトウロク",
        "title_en": "Dog registration",
        "summary": "犬を飼い始めたときの届出です。",
        "keywords": "犬 狂犬病",
        "category": category,
        "department_code": "shimin",
    }
    values.update(overrides)
    return values


def simple_form(title="犬の登録申請") -> BuilderForm:
    return BuilderForm(
        title=title,
        fields=[
            BuilderField("name", "text", "氏名", required=True),
            BuilderField(
                "has_dog",
                "radio",
                "犬を飼っていますか",
                required=True,
                options={
                    "choices": [
                        {"value": "yes", "label": "はい", "label_en": "Yes"},
                        {"value": "no", "label": "いいえ", "label_en": "No"},
                    ]
                },
            ),
            BuilderField(
                "dog_name",
                "text",
                "犬の名前",
                required=True,
                show_if={"field": "has_dog", "equals": "yes"},
            ),
        ],
    )


# -- procedures -----------------------------------------------------------------------


def test_admin_creates_procedure_with_search_text(admin, category):
    procedure = services.create_procedure(admin, **procedure_fields(category))

    procedure.refresh_from_db()
    assert procedure.is_published is False
    assert procedure.search_text == "\n".join(
        [
            search_key("犬の登録"),
            search_key("イヌノトウロク"),
            search_key("犬 狂犬病"),
            "dogregistration",
        ]
    )
    assert search_key("いぬのとうろく") in procedure.search_text


@pytest.mark.parametrize("role", ["viewer", "operator", "approver"])
def test_roles_below_admin_may_not_create(role, category):
    user = staff_in("shimin", role)
    with pytest.raises(PermissionDenied):
        services.create_procedure(user, **procedure_fields(category))
    assert Procedure.objects.count() == 0


def test_admin_of_another_department_may_not_create_or_update(category):
    other = staff_in("kazei", "admin")
    department("shimin")
    with pytest.raises(PermissionDenied):
        services.create_procedure(other, **procedure_fields(category))
    procedure = make_procedure(department_code="shimin")
    with pytest.raises(PermissionDenied):
        services.update_procedure(other, procedure, title="変更")
    procedure.refresh_from_db()
    assert procedure.title != "変更"


def test_moving_to_another_department_needs_admin_there(admin, category):
    procedure = services.create_procedure(admin, **procedure_fields(category))
    department("kazei")
    with pytest.raises(PermissionDenied):
        services.update_procedure(admin, procedure, department_code="kazei")


def test_window_order_refused(admin, category):
    with pytest.raises(ValidationError) as error:
        services.create_procedure(
            admin,
            **procedure_fields(
                category, opens_on=datetime.date(2026, 5, 1), closes_on=datetime.date(2026, 4, 1)
            ),
        )
    assert error.value.message_dict == {
        "closes_on": ["受付終了日は受付開始日と同じ日かそれより後にしてください。"]
    }


def test_department_must_be_an_org_unit_in_force(category):
    closed = OrgUnitFactory(
        code="haishi",
        name="廃止課",
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2001, 1, 1),
    )
    user = AssignmentFactory(org_unit=closed, role="admin").user
    with pytest.raises(ValidationError) as error:
        services.create_procedure(user, **procedure_fields(category, department_code="haishi"))
    assert error.value.message_dict == {
        "department_code": ["担当課コード「haishi」の組織はありません。"]
    }


def test_duplicate_code_is_a_field_error(admin, category):
    services.create_procedure(admin, **procedure_fields(category))
    with pytest.raises(ValidationError) as error:
        services.create_procedure(admin, **procedure_fields(category, title="別"))
    assert list(error.value.message_dict) == ["code"]


def test_bad_code_is_a_field_error(admin, category):
    with pytest.raises(ValidationError) as error:
        services.create_procedure(admin, **procedure_fields(category, code="Bad Code"))
    assert error.value.message_dict["code"] == [
        "英小文字・数字・ハイフンで入力してください（先頭は英小文字）。"
    ]


def test_update_rewrites_search_text(admin, category):
    procedure = services.create_procedure(admin, **procedure_fields(category))
    services.update_procedure(admin, procedure, title_kana="イヌ", keywords="")
    procedure.refresh_from_db()
    assert procedure.search_text == "犬の登録\nいぬ\ndogregistration"


def test_publishing_a_procedure_needs_a_published_form(admin, category):
    procedure = services.create_procedure(admin, **procedure_fields(category))
    with pytest.raises(ValidationError) as error:
        services.publish_procedure(admin, procedure)
    assert error.value.messages == [
        "公開済みの申請フォームがないため、手続きを公開できません。先にフォームを公開してください。"
    ]
    draft = form_services.start_draft_version(admin, procedure)
    form_services.save_draft_definition(admin, draft, simple_form())
    form_services.publish_version(admin, draft)
    assert services.publish_procedure(admin, procedure).is_published is True
    assert services.unpublish_procedure(admin, procedure).is_published is False


# -- categories and life events ---------------------------------------------------------


def test_catalogue_is_for_bunsho_admins_only(admin):
    bunsho = staff_in("bunsho", "admin")
    with pytest.raises(PermissionDenied):
        services.create_category(admin, code="kurashi", name="くらし")
    category = services.create_category(bunsho, code="kurashi", name="くらし", order=3)
    assert services.update_category(bunsho, category, name="くらし・ごみ").name == "くらし・ごみ"
    with pytest.raises(PermissionDenied):
        services.create_life_event(staff_in("bunsho", "operator"), code="hikkoshi", name="引越し")


def test_life_event_steps_in_order(admin):
    bunsho = staff_in("bunsho", "admin")
    first, second = make_procedure(), make_procedure()
    event = services.create_life_event(bunsho, code="hikkoshi", name="引越し")
    services.set_life_event_steps(
        bunsho,
        event,
        [{"procedure": second, "note": "犬を飼っている方"}, {"procedure": first.pk}],
    )
    steps = list(LifeEventStep.objects.filter(life_event=event).order_by("order"))
    assert [(s.procedure_id, s.order, s.note) for s in steps] == [
        (second.pk, 1, "犬を飼っている方"),
        (first.pk, 2, ""),
    ]
    with pytest.raises(ValidationError) as error:
        services.set_life_event_steps(bunsho, event, [{"procedure": first}, {"procedure": first}])
    assert error.value.message_dict == {"procedure": ["同じ手続きを2回登録することはできません。"]}


# -- form versions ------------------------------------------------------------------------


def test_draft_numbering_and_only_one_draft(admin, category):
    procedure = services.create_procedure(admin, **procedure_fields(category))
    draft = form_services.start_draft_version(admin, procedure)
    assert (draft.number, draft.state, draft.created_by) == (1, FormState.DRAFT, admin)
    assert draft.schema["title"] == "犬の登録"
    assert draft.schema["properties"] == {}
    assert form_services.start_draft_version(admin, procedure).pk == draft.pk
    form_services.save_draft_definition(admin, draft, simple_form(), change_note="初版")
    form_services.publish_version(admin, draft)
    second = form_services.start_draft_version(admin, procedure)
    assert second.number == 2
    assert second.schema == FormVersion.objects.get(pk=draft.pk).schema
    with pytest.raises(IntegrityError), transaction.atomic():
        FormVersion.objects.create(procedure=procedure, number=3, state=FormState.DRAFT)


@pytest.mark.parametrize("role", ["viewer", "operator", "approver"])
def test_only_admins_build(role):
    procedure = make_procedure()
    user = staff_in("shimin", role)
    with pytest.raises(PermissionDenied):
        form_services.start_draft_version(user, procedure)
    assert procedure.form_versions.count() == 1


def test_published_version_is_immutable(admin):
    procedure = make_procedure()
    published = procedure.form_versions.get()
    with pytest.raises(ValidationError) as error:
        form_services.save_draft_definition(admin, published, simple_form())
    assert error.value.messages == ["公開済みの版は変更できません。新しい版を作成してください。"]
    with pytest.raises(ValidationError):
        form_services.publish_version(admin, published)
    published.refresh_from_db()
    assert published.schema == SMALL_SCHEMA


def test_database_trigger_refuses_update_of_published_version():
    procedure = make_procedure()
    published = procedure.form_versions.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = %s",
            ["applications_formversion_published_is_immutable"],
        )
        assert cursor.fetchone()[0] == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        FormVersion.objects.filter(pk=published.pk).update(schema={"type": "object"})


def test_bad_definition_is_refused_and_nothing_saved(admin):
    procedure = make_procedure()
    draft = form_services.start_draft_version(admin, procedure)
    bad = simple_form()
    bad.fields[2].show_if = {"field": "missing", "equals": "yes"}
    with pytest.raises(ValidationError) as error:
        form_services.save_draft_definition(admin, draft, bad)
    assert error.value.messages == ["項目「犬の名前」の表示条件の項目「missing」はありません。"]
    draft.refresh_from_db()
    assert draft.schema == SMALL_SCHEMA


def test_round_trip_submission_keeps_its_version(admin, category):
    procedure = services.create_procedure(admin, **procedure_fields(category))
    draft = form_services.start_draft_version(admin, procedure)
    form_services.save_draft_definition(admin, draft, simple_form())
    first = form_services.publish_version(admin, draft)
    first.refresh_from_db()
    assert (first.state, first.published_by, first.published_at is not None) == (
        FormState.PUBLISHED,
        admin,
        True,
    )
    submission = make_submission(procedure, answers={"name": "村山 花子", "has_dog": "no"})
    assert submission.form_version_id == first.pk

    second = form_services.start_draft_version(admin, procedure)
    form_services.edit_draft(
        admin, second, lambda form: edits.set_title(form, "犬の登録申請（第2版）", "")
    )
    form_services.publish_version(admin, second)

    submission.refresh_from_db()
    assert submission.form_version_id == first.pk
    assert FormVersion.objects.get(pk=first.pk).schema["title"] == "犬の登録申請"
    assert FormVersion.objects.get(pk=second.pk).schema["title"] == "犬の登録申請（第2版）"
    assert list(procedure.form_versions.values_list("number", "state")) == [
        (2, "published"),
        (1, "published"),
    ]


def test_form_published_event_after_commit(admin, django_capture_on_commit_callbacks):
    procedure = make_procedure()
    draft = form_services.start_draft_version(admin, procedure)
    sent = []

    def receiver(sender, **kwargs):
        sent.append((kwargs["form_version_id"], kwargs["procedure_id"]))

    events.form_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            form_services.publish_version(admin, draft)
            assert sent == []
    finally:
        events.form_published.disconnect(receiver)
    assert len(callbacks) == 1
    assert sent == [(draft.pk, procedure.pk)]


def test_import_checks_the_json(admin):
    procedure = make_procedure()
    draft = form_services.start_draft_version(admin, procedure)
    with pytest.raises(ValidationError) as error:
        form_services.import_definition(admin, draft, "{not json", "[]")
    assert error.value.message_dict == {
        "schema": [
            "JSONとして読めません（1行目2文字目: Expecting property name enclosed in double quotes）。"
        ],
        "ui_schema": ["JSONのオブジェクト（{…}）にしてください。"],
    }
    bad_ui = dict(SMALL_UI, name={"ui:widget": "slider"})
    with pytest.raises(ValidationError) as error:
        form_services.import_definition(admin, draft, json.dumps(SMALL_SCHEMA), json.dumps(bad_ui))
    assert error.value.messages
    draft.refresh_from_db()
    assert draft.ui_schema == SMALL_UI

    schema, ui = compile_form(simple_form("取り込んだフォーム"))
    form_services.import_definition(admin, draft, json.dumps(schema).encode(), json.dumps(ui))
    draft.refresh_from_db()
    assert (draft.schema, draft.ui_schema) == (schema, ui)


def test_edits_on_pages(admin):
    procedure = make_procedure()
    draft = form_services.start_draft_version(admin, procedure)
    form_services.save_draft_definition(admin, draft, simple_form())
    with pytest.raises(ValidationError) as error:
        form_services.edit_draft(
            admin,
            draft,
            lambda form: edits.add_page(form, title="犬", title_en="", first_field="has_dog"),
        )
    assert error.value.messages == [
        "項目「犬の名前」の表示条件の項目「has_dog」はこの項目より前に置いてください。"
    ]
    form_services.edit_draft(
        admin,
        draft,
        lambda form: edits.add_page(
            form, title="犬について", title_en="Dog", first_field="dog_name"
        ),
    )
    draft.refresh_from_db()
    assert draft.ui_schema["ui:pages"] == [
        {"key": "page1", "title": "1ページ目", "title_en": "Page 1", "fields": ["name", "has_dog"]},
        {"key": "page2", "title": "犬について", "title_en": "Dog", "fields": ["dog_name"]},
    ]
    form_services.edit_draft(admin, draft, lambda form: edits.move_field(form, "has_dog", "down"))
    draft.refresh_from_db()
    assert draft.ui_schema["ui:order"] == ["name", "has_dog", "dog_name"]
    assert draft.ui_schema["ui:pages"][1]["fields"] == ["has_dog", "dog_name"]
    form_services.edit_draft(admin, draft, lambda form: edits.delete_page(form, "page2"))
    draft.refresh_from_db()
    assert "ui:pages" not in draft.ui_schema
    assert draft.ui_schema["ui:order"] == ["name", "has_dog", "dog_name"]


def test_discard_draft(admin):
    procedure = make_procedure()
    draft = form_services.start_draft_version(admin, procedure)
    form_services.discard_draft(admin, draft)
    assert list(procedure.form_versions.values_list("number", flat=True)) == [1]


def test_builder_page_model_is_exported():
    assert BuilderPage("a", "A").fields == []
