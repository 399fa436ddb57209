"""Staff URLs of the builder part, mounted at /staff/applications/builder/
(namespace ``console:applications``, names prefixed ``builder_``)."""

from django.urls import path

from . import builder_catalogue, builder_forms, builder_preview, builder_procedures

V = "procedures/<int:procedure_id>/versions/<int:number>/"

urlpatterns = [
    path("", builder_procedures.procedure_list, name="builder_procedure_list"),
    path("procedures/new/", builder_procedures.procedure_new, name="builder_procedure_new"),
    path(
        "procedures/<int:procedure_id>/",
        builder_procedures.procedure_detail,
        name="builder_procedure_detail",
    ),
    path(
        "procedures/<int:procedure_id>/edit/",
        builder_procedures.procedure_edit,
        name="builder_procedure_edit",
    ),
    path(
        "procedures/<int:procedure_id>/publish/",
        builder_procedures.procedure_publish,
        name="builder_procedure_publish",
    ),
    path(
        "procedures/<int:procedure_id>/versions/new/",
        builder_procedures.version_new,
        name="builder_version_new",
    ),
    path(V + "discard/", builder_procedures.version_discard, name="builder_version_discard"),
    # The form builder of one version.
    path(V, builder_forms.form_builder, name="builder_form"),
    path(V + "title/", builder_forms.form_title, name="builder_form_title"),
    path(V + "note/", builder_forms.change_note, name="builder_change_note"),
    path(V + "fields/add/", builder_forms.field_add, name="builder_field_add"),
    path(V + "fields/new/", builder_forms.field_new, name="builder_field_new"),
    path(V + "fields/<slug:key>/", builder_forms.field_edit, name="builder_field_edit"),
    path(V + "fields/<slug:key>/action/", builder_forms.field_action, name="builder_field_action"),
    path(V + "fields/<slug:key>/delete/", builder_forms.field_delete, name="builder_field_delete"),
    path(
        V + "fields/<slug:parent>/children/add/", builder_forms.field_add, name="builder_child_add"
    ),
    path(
        V + "fields/<slug:parent>/children/new/", builder_forms.field_new, name="builder_child_new"
    ),
    path(
        V + "fields/<slug:parent>/children/<slug:key>/",
        builder_forms.field_edit,
        name="builder_child_edit",
    ),
    path(
        V + "fields/<slug:parent>/children/<slug:key>/action/",
        builder_forms.field_action,
        name="builder_child_action",
    ),
    path(
        V + "fields/<slug:parent>/children/<slug:key>/delete/",
        builder_forms.field_delete,
        name="builder_child_delete",
    ),
    path(V + "pages/new/", builder_forms.page_new, name="builder_page_new"),
    path(V + "pages/<slug:page_key>/", builder_forms.page_edit, name="builder_page_edit"),
    path(V + "preview/", builder_preview.preview, name="builder_preview"),
    path(V + "json/", builder_preview.json_view, name="builder_json"),
    path(V + "import/", builder_preview.json_import, name="builder_import"),
    path(V + "publish/", builder_preview.publish, name="builder_publish"),
    # The shared catalogue (文書情報課).
    path("catalogue/", builder_catalogue.catalogue, name="builder_catalogue"),
    path("catalogue/categories/new/", builder_catalogue.category_new, name="builder_category_new"),
    path(
        "catalogue/categories/<int:pk>/",
        builder_catalogue.category_edit,
        name="builder_category_edit",
    ),
    path(
        "catalogue/life-events/new/",
        builder_catalogue.life_event_new,
        name="builder_life_event_new",
    ),
    path(
        "catalogue/life-events/<int:pk>/",
        builder_catalogue.life_event_steps,
        name="builder_life_event",
    ),
    path(
        "catalogue/life-events/<int:pk>/edit/",
        builder_catalogue.life_event_edit,
        name="builder_life_event_edit",
    ),
]
