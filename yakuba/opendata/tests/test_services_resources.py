"""Resource files: checked by content and size, versions kept, generated files."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yakuba.opendata import queries
from yakuba.opendata.models import Resource
from yakuba.opendata.services import resources as services
from yakuba.opendata.services.files import full_path

from .factories import add_csv, make_dataset, staff_in

pytestmark = pytest.mark.django_db


def test_upload_is_stored_private_with_size_and_hash():
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)

    resource = add_csv(actor, dataset, b"name,value\nA,1\n", "施設 一覧.csv")

    kept = queries.current_file(resource)
    assert (resource.format, resource.size, resource.file_version) == ("CSV", 15, 1)
    assert resource.file_name.endswith(".csv")
    assert full_path(kept.path).read_bytes() == b"name,value\nA,1\n"
    assert oct(full_path(kept.path).stat().st_mode & 0o777) == "0o600"
    assert len(resource.sha256) == 64


def test_new_upload_is_a_new_version_and_the_old_file_stays():
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)
    resource = add_csv(actor, dataset, b"a\n1\n")

    services.update_resource(
        actor, resource, fields={"name": "data"}, upload=SimpleUploadedFile("d.csv", b"a\n2\n")
    )

    resource.refresh_from_db()
    assert resource.file_version == 2
    assert [f.number for f in queries.file_versions(resource)] == [2, 1]
    assert full_path(queries.file_versions(resource).last().path).read_bytes() == b"a\n1\n"


def test_a_zip_claiming_to_be_csv_is_refused_and_nothing_is_kept():
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)
    zipped = b"PK\x03\x04" + b"\x00" * 60

    with pytest.raises(ValidationError) as refused:
        services.create_resource(
            actor,
            dataset,
            fields={"name": "x", "format": "CSV"},
            upload=SimpleUploadedFile("x.csv", zipped),
        )
    assert "upload" in refused.value.message_dict
    assert Resource.objects.count() == 0


def test_too_large_upload_is_refused(settings):
    settings.YAKUBA_OPENDATA_MAX_UPLOAD_BYTES = 10
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)
    with pytest.raises(ValidationError):
        add_csv(actor, dataset, b"a,b\n" * 10)


def test_generated_file_is_versioned_only_when_it_changes():
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)
    resource = services.create_resource(
        actor, dataset, fields={"name": "live", "url": "https://example.jp/x.csv"}
    )
    assert services.publish_generated_file(
        dataset, resource, b"a\n1\n", file_name="132233_x.csv", claimed_format="CSV"
    )
    assert not services.publish_generated_file(
        dataset, resource, b"a\n1\n", file_name="132233_x.csv", claimed_format="CSV"
    )
    resource.refresh_from_db()
    assert (resource.file_version, resource.file_name) == (1, "132233_x.csv")
    assert dataset.versions.first().action == "regenerate"
