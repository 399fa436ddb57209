"""The written-out public paths in ``serialize`` are the citizen site's real routes."""

import uuid

from django.urls import resolve

from yakuba.opendata.serialize import DATASET_PATH, DOWNLOAD_PATH
from yakuba.opendata.web.citizen import datasets, downloads


def test_dataset_path_resolves_to_the_dataset_page():
    match = resolve(DATASET_PATH.format(name="shelters"))
    assert (match.func, match.kwargs) == (datasets.dataset_detail, {"name": "shelters"})


def test_download_path_resolves_to_the_download_view():
    resource_id = uuid.uuid4()
    match = resolve(
        DOWNLOAD_PATH.format(name="aed", resource_id=resource_id, file_name="132233_aed.csv")
    )
    assert match.func == downloads.resource_download
    assert match.kwargs == {
        "name": "aed",
        "resource_id": resource_id,
        "file_name": "132233_aed.csv",
    }
