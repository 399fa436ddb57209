"""Creating, replacing, patching and deleting datasets; versions kept; permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yakuba.opendata.models import Dataset, DatasetState
from yakuba.opendata.services import datasets as services

from .factories import catalogue_admin, make_dataset, make_group, make_organization, staff_in

pytestmark = pytest.mark.django_db


def test_create_keeps_version_one_with_the_package_snapshot():
    organization = make_organization("bosai-ka")
    group = make_group("disaster")
    dataset = make_dataset(
        organization=organization,
        name="shelters",
        title="避難所一覧",
        tags=["防災", "避難所"],
        groups=[group],
    )

    version = dataset.versions.get()
    assert (dataset.revision, version.number, version.action) == (1, 1, "create")
    assert version.snapshot["name"] == "shelters"
    assert version.snapshot["organization"]["name"] == "bosai-ka"
    assert [tag["name"] for tag in version.snapshot["tags"]] == ["避難所", "防災"]
    assert [g["name"] for g in version.snapshot["groups"]] == ["disaster"]


def test_update_replaces_fields_and_patch_changes_only_the_given_ones():
    dataset = make_dataset(title="旧タイトル", notes="説明", tags=["a"])
    actor = staff_in(dataset.organization.department_code)

    services.patch_dataset(actor, dataset, fields={"title": "新タイトル"})
    dataset.refresh_from_db()
    assert (dataset.title, dataset.notes, [t.name for t in dataset.tags.all()]) == (
        "新タイトル",
        "説明",
        ["a"],
    )

    services.update_dataset(actor, dataset, fields={"name": dataset.name, "title": "置換"})
    dataset.refresh_from_db()
    assert (dataset.title, dataset.notes, list(dataset.tags.all())) == ("置換", "", [])
    assert list(dataset.versions.values_list("number", "action")) == [
        (3, "update"),
        (2, "patch"),
        (1, "create"),
    ]


def test_delete_is_soft_and_keeps_a_version():
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)

    services.delete_dataset(actor, dataset)

    dataset.refresh_from_db()
    assert dataset.state == DatasetState.DELETED
    assert dataset.versions.first().action == "delete"


def test_staff_of_another_department_may_not_edit():
    dataset = make_dataset()
    outsider = staff_in("kazei")

    with pytest.raises(PermissionDenied):
        services.patch_dataset(outsider, dataset, fields={"title": "x"})
    dataset.refresh_from_db()
    assert dataset.revision == 1


def test_viewer_may_not_create_but_the_catalogue_admin_may():
    organization = make_organization(department_code="bosai")
    with pytest.raises(PermissionDenied):
        services.create_dataset(
            staff_in("bosai", "viewer"),
            fields={"name": "x-1", "title": "x", "organization": organization},
        )
    dataset = services.create_dataset(
        catalogue_admin(), fields={"name": "x-2", "title": "x", "organization": organization}
    )
    assert dataset.revision == 1


def test_duplicate_name_and_bad_tag_are_field_errors_and_nothing_is_saved():
    existing = make_dataset(name="taken")
    actor = staff_in(existing.organization.department_code)

    with pytest.raises(ValidationError) as duplicate:
        services.create_dataset(
            actor, fields={"name": "taken", "title": "x", "organization": existing.organization}
        )
    assert "name" in duplicate.value.message_dict
    with pytest.raises(ValidationError) as bad_tag:
        services.create_dataset(
            actor,
            fields={
                "name": "fresh",
                "title": "x",
                "organization": existing.organization,
                "tags": ["<script>"],
            },
        )
    assert "tags" in bad_tag.value.message_dict
    assert Dataset.objects.count() == 1


def test_search_text_is_kana_and_width_folded():
    dataset = make_dataset(title="ＡＥＤ設置箇所", tags=["キュウキュウ"])
    assert "aed設置箇所" in dataset.search_text
    assert "きゅうきゅう" in dataset.search_text
