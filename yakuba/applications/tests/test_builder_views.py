"""Builder pages: access for the cast, the no-JavaScript builder actions (add, edit, move,
delete fields; pages; conditions), preview of every widget, JSON, import, publish."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from yakuba.applications.models import FormState, FormVersion, Procedure
from yakuba.applications.schema import FIELD_TYPES, BuilderForm, compile_form
from yakuba.applications.services import forms as form_services
from yakuba.applications.tests.factories import (
    SMALL_SCHEMA,
    SMALL_UI,
    make_category,
    make_procedure,
    staff_in,
)
from yakuba.applications.tests.factories_schema import every_widget_form
from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db

V = "console:applications:"


@pytest.fixture
def admin():
    return staff_in("shimin", "admin", email="admin@shimin.example.jp")


@pytest.fixture
def procedure(admin):
    return make_procedure("inu", department_code="shimin", title="犬の登録")


@pytest.fixture
def draft(admin, procedure):
    return form_services.start_draft_version(admin, procedure)


def url(name, *args):
    return reverse(V + name, args=args)


def form_url(draft, name="builder_form", *extra):
    return url(name, draft.procedure_id, draft.number, *extra)


def stored(draft):
    return FormVersion.objects.get(pk=draft.pk)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- access --------------------------------------------------------------------------------


CAST = ["anonymous", "citizen", "operator", "approver", "other_admin", "system_admin"]


def sign_in_as(client, who):
    if who == "anonymous":
        return None
    if who == "citizen":
        return login_citizen(client, CitizenFactory())
    if who == "system_admin":
        return login_staff(client, StaffFactory(is_system_admin=True))
    role = {"operator": "operator", "approver": "approver", "other_admin": "admin"}[who]
    code = "kazei" if who == "other_admin" else "shimin"
    return login_staff(client, staff_in(code, role))


@pytest.mark.parametrize("who", CAST)
def test_only_the_department_admin_gets_in(client, who, draft):
    sign_in_as(client, who)
    pages = [
        url("builder_procedure_detail", draft.procedure_id),
        form_url(draft),
        form_url(draft, "builder_preview"),
        form_url(draft, "builder_json"),
        form_url(draft, "builder_publish"),
    ]
    before = (stored(draft).schema, Procedure.objects.get().title)
    for page in pages:
        response = client.get(page)
        if who == "anonymous" or who == "citizen":
            assert response.status_code == 302, page
            assert response["Location"].startswith(reverse("console:login"))
        elif who == "other_admin":
            assert response.status_code == 404, page  # not one of their procedures
        else:
            assert response.status_code == 403, page
    response = client.post(form_url(draft, "builder_form_title"), {"title": "乗っ取り"})
    assert response.status_code in (302, 403, 404)
    assert (stored(draft).schema, Procedure.objects.get().title) == before


def test_admin_sees_the_pages(client, admin, draft):
    login_staff(client, admin)
    for page in [
        url("builder_procedure_list"),
        url("builder_procedure_new"),
        url("builder_procedure_detail", draft.procedure_id),
        url("builder_procedure_edit", draft.procedure_id),
        form_url(draft),
        form_url(draft, "builder_field_add"),
        form_url(draft, "builder_preview"),
        form_url(draft, "builder_json"),
        form_url(draft, "builder_import"),
        form_url(draft, "builder_publish"),
        form_url(draft, "builder_page_new"),
    ]:
        assert client.get(page).status_code == 200, page


def test_catalogue_pages_for_bunsho_admin_only(client, admin):
    login_staff(client, admin)
    assert client.get(url("builder_catalogue")).status_code == 403
    client.logout()
    login_staff(client, staff_in("bunsho", "admin"))
    assert client.get(url("builder_catalogue")).status_code == 200
    response = client.post(
        url("builder_category_new"), {"code": "kurashi", "name": "くらし", "order": "1"}
    )
    assert response.status_code == 302
    response = client.post(url("builder_category_new"), {"code": "Bad!", "name": "x", "order": "1"})
    assert response.status_code == 200
    assert (
        "英小文字・数字・ハイフンで入力してください（先頭は英小文字）。"
        in response.content.decode()
    )
    response = client.post(
        url("builder_life_event_new"), {"code": "hikkoshi", "name": "引越し", "order": "1"}
    )
    event_url = response["Location"]
    first, second = make_procedure(), make_procedure()
    client.post(event_url, {"action": "add", "procedure": first.pk, "note": ""})
    client.post(event_url, {"action": "add", "procedure": second.pk, "note": "犬を飼っている方"})
    client.post(event_url, {"action": "up", "index": "1"})
    response = client.get(event_url)
    steps = list(response.context["steps"])
    assert [s.procedure_id for s in steps] == [second.pk, first.pk]


def test_staff_menu_entry_for_department_admins():
    from yakuba.core.registries import staff_menu

    entry = {e.key: e for e in staff_menu.all()}["applications.builder"]
    assert (entry.title, entry.minimum_role) == ("申請フォームの管理", "admin")
    assert "shimin" in entry.departments


# -- procedures ----------------------------------------------------------------------------


def test_create_procedure_and_new_version(client, admin):
    login_staff(client, admin)
    category = make_category("todokede")
    data = {
        "code": "inu-touroku",
        "title": "犬の登録",
        "title_kana": "イヌノトウロク",
        "summary": "犬を飼い始めたとき",
        "category": category.pk,
        "department_code": "shimin",
        "applicant_kind": "anyone",
        "identity_level": "account",
        "fee_yen": "3000",
        "handling_days": "14",
        "order": "0",
    }
    response = client.post(
        url("builder_procedure_new"), {**data, "closes_on": "2026-01-01", "opens_on": "2026-02-01"}
    )
    assert response.status_code == 200
    assert "受付終了日は受付開始日と同じ日かそれより後にしてください。" in response.content.decode()
    response = client.post(url("builder_procedure_new"), data)
    procedure = Procedure.objects.get(code="inu-touroku")
    assert response["Location"] == url("builder_procedure_detail", procedure.pk)
    response = client.post(url("builder_version_new", procedure.pk))
    version = procedure.form_versions.get()
    assert (version.number, version.state) == (1, FormState.DRAFT)
    assert response["Location"] == url("builder_form", procedure.pk, 1)
    response = client.post(
        url("builder_procedure_publish", procedure.pk), {"action": "publish"}, follow=True
    )
    assert (
        "公開済みの申請フォームがないため、手続きを公開できません。先にフォームを公開してください。"
        in messages_of(response)
    )


# -- the builder ---------------------------------------------------------------------------


def add_field(client, draft, widget, data, page=""):
    response = client.get(form_url(draft, "builder_field_add"), {"widget": widget, "page": page})
    assert response.status_code == 302
    return client.post(response["Location"], data)


def test_add_edit_move_delete_fields(client, admin, draft):
    login_staff(client, admin)
    form_services.import_definition(admin, draft, *compile_form(BuilderForm(title="空")))
    response = add_field(
        client,
        draft,
        "text",
        {"key": "name", "label": "氏名", "required": "on", "opt_max_length": "50"},
    )
    assert response.status_code == 302
    response = add_field(
        client,
        draft,
        "radio",
        {
            "key": "has_dog",
            "label": "犬を飼っていますか",
            "opt_choices": "yes|はい|Yes\nno|いいえ|No",
        },
    )
    assert response.status_code == 302
    # A conditional field: only earlier fields are offered.
    response = client.get(form_url(draft, "builder_field_new"), {"widget": "text"})
    offered = [value for value, _label in response.context["form"].fields["show_if_field"].choices]
    assert offered == ["", "name", "has_dog"]
    response = add_field(
        client,
        draft,
        "text",
        {
            "key": "dog_name",
            "label": "犬の名前",
            "required": "on",
            "show_if_field": "has_dog",
            "show_if_operator": "equals",
            "show_if_value": "maybe",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["show_if_value"] == [
        "「maybe」は選択肢の値にありません（値: yes、no）。"
    ]
    response = add_field(
        client,
        draft,
        "text",
        {
            "key": "dog_name",
            "label": "犬の名前",
            "required": "on",
            "show_if_field": "has_dog",
            "show_if_operator": "equals",
            "show_if_value": "yes",
        },
    )
    assert response.status_code == 302
    version = stored(draft)
    assert version.ui_schema["ui:order"] == ["name", "has_dog", "dog_name"]
    assert version.ui_schema["dog_name"]["ui:showIf"] == {"field": "has_dog", "equals": "yes"}
    assert version.schema["required"] == ["name"]
    assert version.schema["properties"]["name"]["maxLength"] == 50
    assert version.ui_schema["has_dog"]["ui:enumNames_en"] == ["Yes", "No"]

    # Duplicate and malformed keys are field errors.
    response = add_field(client, draft, "email", {"key": "name", "label": "メール"})
    assert response.context["form"].errors["key"] == ["このキーは既に使われています。"]
    response = add_field(client, draft, "email", {"key": "1mail", "label": "メール"})
    assert response.context["form"].errors["key"] == [
        "英小文字で始まり、英小文字・数字・「_」だけの40文字以内にしてください。"
    ]

    # Moving the conditional field above what it reads is refused with a message.
    response = client.post(
        form_url(draft, "builder_field_action", "dog_name"), {"action": "up"}, follow=True
    )
    assert messages_of(response) == [
        "項目「犬の名前」の表示条件の項目「has_dog」はこの項目より前に置いてください。"
    ]
    response = client.post(form_url(draft, "builder_field_action", "name"), {"action": "down"})
    assert stored(draft).ui_schema["ui:order"] == ["has_dog", "name", "dog_name"]

    # Edit: rename the key of the field another field reads.
    response = client.post(
        form_url(draft, "builder_field_edit", "has_dog"),
        {
            "key": "dog",
            "label": "犬を飼っていますか",
            "required": "on",
            "opt_choices": "yes|はい\nno|いいえ",
        },
    )
    assert response.status_code == 302
    version = stored(draft)
    assert version.ui_schema["dog_name"]["ui:showIf"] == {"field": "dog", "equals": "yes"}
    assert version.schema["required"] == ["dog", "name"]

    # Delete: refused while read by a condition, then allowed.
    response = client.post(
        form_url(draft, "builder_field_action", "dog"), {"action": "delete"}, follow=True
    )
    assert messages_of(response)[-1] == (
        "「犬を飼っていますか」は項目「犬の名前」の表示条件で使われているため削除できません。"
    )
    assert client.get(form_url(draft, "builder_field_delete", "dog_name")).status_code == 200
    client.post(form_url(draft, "builder_field_action", "dog_name"), {"action": "delete"})
    assert stored(draft).ui_schema["ui:order"] == ["dog", "name"]


def test_bad_option_input_is_a_field_error(client, admin, draft):
    login_staff(client, admin)
    response = add_field(
        client, draft, "radio", {"key": "kind", "label": "種類", "opt_choices": "only-a-value"}
    )
    assert response.context["form"].errors["opt_choices"] == [
        "1行目: 「値|ラベル|English」の形で入力してください。"
    ]
    response = add_field(
        client, draft, "date", {"key": "day", "label": "日", "opt_min": "tomorrow"}
    )
    assert response.context["form"].errors["opt_min"] == [
        "日付（2026-04-01）、today、today+30、today-6570 のいずれかの形で入力してください。"
    ]
    response = add_field(
        client,
        draft,
        "text",
        {"key": "t", "label": "t", "opt_min_length": "10", "opt_max_length": "5"},
    )
    assert "opt_min_length" in response.context["form"].errors
    response = add_field(
        client,
        draft,
        "file",
        {
            "key": "doc",
            "label": "書類",
            "opt_accept": ["application/pdf", "image/heic"],
            "opt_max_items": "2",
        },
    )
    assert response.status_code == 302
    ui = stored(draft).ui_schema["doc"]
    assert ui["ui:options"]["accept"] == ["application/pdf", "image/heic"]
    assert stored(draft).schema["properties"]["doc"]["maxItems"] == 2
    assert client.get(form_url(draft, "builder_field_new"), {"widget": "nope"}).status_code == 302


def test_pages_and_moves_between_pages(client, admin, draft):
    login_staff(client, admin)
    # SMALL form: two pages applicant (name, name_kana, email), details (has_dog, dog_name, consent)
    client.post(
        form_url(draft, "builder_field_action", "email"), {"action": "page", "page": "details"}
    )
    version = stored(draft)
    assert version.ui_schema["ui:pages"][0]["fields"] == ["name", "name_kana"]
    assert version.ui_schema["ui:pages"][1]["fields"] == ["has_dog", "dog_name", "consent", "email"]
    client.post(form_url(draft, "builder_field_action", "has_dog"), {"action": "up"})
    version = stored(draft)
    assert version.ui_schema["ui:pages"][0]["fields"] == ["name", "name_kana", "has_dog"]
    response = client.post(
        form_url(draft, "builder_page_new"),
        {"title": "連絡先", "title_en": "Contact", "first_field": "email"},
    )
    assert response.status_code == 302
    version = stored(draft)
    assert [p["key"] for p in version.ui_schema["ui:pages"]] == ["applicant", "details", "page3"]
    client.post(
        form_url(draft, "builder_page_edit", "page3"), {"title": "ご連絡先", "title_en": ""}
    )
    assert stored(draft).ui_schema["ui:pages"][2]["title"] == "ご連絡先"
    client.post(form_url(draft, "builder_page_edit", "page3"), {"action": "delete"})
    version = stored(draft)
    assert version.ui_schema["ui:pages"][1]["fields"] == ["dog_name", "consent", "email"]
    assert version.ui_schema["ui:order"] == [
        "name",
        "name_kana",
        "has_dog",
        "dog_name",
        "consent",
        "email",
    ]


def test_group_sub_fields(client, admin, draft):
    login_staff(client, admin)
    data = {"key": "children", "label": "お子さん", "opt_max_items": "5"}
    response = add_field(client, draft, "group", data, page="details")
    assert response.context["form"].errors["first_child_key"] == ["このフィールドは必須です。"]
    data.update(first_child_widget="radio", first_child_key="gender", first_child_label="性別")
    response = add_field(client, draft, "group", data, page="details")
    assert response.status_code == 302
    version = stored(draft)
    assert version.ui_schema["ui:pages"][1]["fields"][-1] == "children"
    assert version.ui_schema["children"]["items"]["ui:order"] == ["gender"]
    response = client.post(
        url("builder_child_action", draft.procedure_id, draft.number, "children", "gender"),
        {"action": "delete"},
        follow=True,
    )
    assert messages_of(response)[-1] == "繰り返しの項目「お子さん」に項目がありません。"
    response = client.get(url("builder_child_add", draft.procedure_id, draft.number, "children"))
    widgets = [value for value, _label in response.context["form"].fields["widget"].choices]
    assert "file" not in widgets and "group" not in widgets
    response = client.get(
        url("builder_child_add", draft.procedure_id, draft.number, "children"), {"widget": "text"}
    )
    response = client.post(response["Location"], {"key": "name", "label": "氏名", "required": "on"})
    assert response["Location"] == form_url(draft, "builder_field_edit", "children")
    response = client.get(
        url("builder_child_new", draft.procedure_id, draft.number, "children"), {"widget": "date"}
    )
    client.post(
        url("builder_child_new", draft.procedure_id, draft.number, "children") + "?widget=date",
        {"key": "birth_date", "label": "生年月日"},
    )
    client.post(
        url("builder_child_action", draft.procedure_id, draft.number, "children", "birth_date"),
        {"action": "up"},
    )
    client.post(
        url("builder_child_action", draft.procedure_id, draft.number, "children", "gender"),
        {"action": "delete"},
    )
    version = stored(draft)
    assert version.ui_schema["children"]["items"]["ui:order"] == ["birth_date", "name"]
    assert version.schema["properties"]["children"]["maxItems"] == 5
    assert version.schema["properties"]["children"]["maxItems"] == 5
    assert version.schema["properties"]["children"]["items"]["required"] == ["name"]
    response = client.get(form_url(draft, "builder_field_edit", "children"))
    assert [c.key for c in response.context["children"]] == ["birth_date", "name"]


def test_preview_renders_every_widget_in_both_languages(client, admin, draft):
    login_staff(client, admin)
    form_services.save_draft_definition(admin, draft, every_widget_form())
    for language in ("ja", "en"):
        response = client.get(form_url(draft, "builder_preview"), {"lang": language})
        assert response.status_code == 200
        html = response.content.decode()
        preview = html.split('class="preview"')[1]
        for key in stored(draft).schema["properties"]:
            assert f'id="field-{key}"' in preview, (language, key)
        assert "<form" not in preview  # not submittable
    widgets = {
        ui["ui:widget"] for key, ui in stored(draft).ui_schema.items() if not key.startswith("ui:")
    }
    assert widgets == set(FIELD_TYPES)
    response = client.get(form_url(draft, "builder_preview"), {"lang": "en"})
    assert 'lang="en"' in response.content.decode()


def test_json_view_download_and_import(client, admin, draft):
    login_staff(client, admin)
    response = client.get(form_url(draft, "builder_json"))
    assert (
        "&quot;テスト申請&quot;" in response.content.decode()
        or "テスト申請" in response.content.decode()
    )
    response = client.get(form_url(draft, "builder_json"), {"download": "schema"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content) == SMALL_SCHEMA
    response = client.post(
        form_url(draft, "builder_import"), {"schema": "{", "ui_schema": json.dumps(SMALL_UI)}
    )
    assert response.status_code == 200
    assert "schema" in response.context["form"].errors
    schema, ui = compile_form(every_widget_form())
    response = client.post(
        form_url(draft, "builder_import"),
        {"schema": json.dumps(schema), "ui_schema": json.dumps(ui)},
    )
    assert response.status_code == 302
    assert stored(draft).schema == schema


def test_publish_confirm_shows_differences_then_read_only(client, admin, draft):
    login_staff(client, admin)
    client.post(form_url(draft, "builder_field_action", "email"), {"action": "delete"})
    add_field(client, draft, "phone", {"key": "phone", "label": "電話番号"}, page="applicant")
    client.post(
        form_url(draft, "builder_field_edit", "name"),
        {
            "key": "name",
            "label": "お名前",
            "label_en": "Name",
            "required": "on",
            "opt_max_length": "50",
            "prefill": "name",
        },
    )
    response = client.get(form_url(draft, "builder_publish"))
    differences = response.context["differences"]
    assert [f.key for f in differences["added"]] == ["phone"]
    assert [f.key for f in differences["removed"]] == ["email"]
    assert [(c["field"].key, [str(w) for w in c["what"]]) for c in differences["changed"]] == [
        ("name", ["項目名"])
    ]
    response = client.post(form_url(draft, "builder_publish"), {"change_note": "電話番号を追加"})
    assert response["Location"] == url("builder_procedure_detail", draft.procedure_id)
    version = stored(draft)
    assert (version.state, version.change_note, version.published_by) == (
        "published",
        "電話番号を追加",
        admin,
    )
    for page in ("builder_field_add", "builder_import", "builder_publish", "builder_page_new"):
        response = client.get(form_url(draft, page))
        assert (
            "公開済みの版は変更できません。新しい版を作成してください。"
            in response.content.decode()
        )
    response = client.post(form_url(draft, "builder_form_title"), {"title": "変更"}, follow=True)
    assert messages_of(response) == ["公開済みの版は変更できません。新しい版を作成してください。"]
    assert stored(draft).schema == version.schema
    response = client.get(form_url(draft))
    assert "上へ" not in response.content.decode()


def test_bad_requests_are_never_a_server_error(client, admin, procedure):
    login_staff(client, admin)
    empty = form_services.start_draft_version(admin, procedure)
    form_services.import_definition(admin, empty, *compile_form(BuilderForm(title="空のフォーム")))
    assert client.get(form_url(empty, "builder_preview")).status_code == 200
    assert client.get(form_url(empty, "builder_field_edit", "nothing")).status_code == 404
    assert client.get(form_url(empty, "builder_page_edit", "nothing")).status_code == 404
    assert client.get(url("builder_child_add", procedure.pk, empty.number, "x")).status_code == 200
    response = client.get(
        url("builder_child_new", procedure.pk, empty.number, "x") + "?widget=text"
    )
    assert response.status_code == 404
    response = client.post(form_url(empty, "builder_publish"), {"change_note": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["項目のないフォームは公開できません。"]
    response = client.post(
        form_url(empty, "builder_import"),
        {"schema": '{"type": "object", "properties": {"a": 5}}', "ui_schema": '{"a": "x"}'},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(form_url(empty, "builder_field_action", "nothing"), {"action": "up"})
    assert response.status_code == 302
    response = client.post(form_url(empty, "builder_field_action", "nothing"), {"action": "x"})
    assert response.status_code == 302


def test_new_version_from_an_older_one_and_discard(client, admin, procedure):
    login_staff(client, admin)
    first = procedure.form_versions.get()
    second = form_services.start_draft_version(admin, procedure)
    form_services.import_definition(admin, second, *compile_form(every_widget_form()))
    form_services.publish_version(admin, second)
    response = client.post(url("builder_version_new", procedure.pk), {"from": "1"})
    third = procedure.form_versions.get(number=3)
    assert response["Location"] == url("builder_form", procedure.pk, 3)
    assert third.schema == first.schema
    response = client.post(url("builder_version_discard", procedure.pk, 3))
    assert response["Location"] == url("builder_procedure_detail", procedure.pk)
    assert list(procedure.form_versions.values_list("number", flat=True)) == [2, 1]
    response = client.post(url("builder_version_discard", procedure.pk, 2), follow=True)
    assert messages_of(response)[-1] == "公開済みの版は変更できません。新しい版を作成してください。"
    assert procedure.form_versions.count() == 2
