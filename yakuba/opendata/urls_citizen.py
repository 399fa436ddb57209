"""The public open data catalogue, mounted at ``/opendata/`` (namespace ``portal:opendata``).

``dataset_detail`` and ``resource_download`` are written out in ``serialize.DATASET_PATH``
and ``DOWNLOAD_PATH`` (``tests/test_public_paths.py``): keep their paths.
"""

from django.urls import path

from .web.citizen import catalogue, datasets, downloads

app_name = "opendata"

urlpatterns = [
    path("", catalogue.dataset_list, name="dataset_list"),
    path("organization/<str:name>/", catalogue.organization_detail, name="organization_detail"),
    path("group/<str:name>/", catalogue.group_detail, name="group_detail"),
    path("dataset/<str:name>/", datasets.dataset_detail, name="dataset_detail"),
    path(
        "dataset/<str:name>/resource/<uuid:resource_id>/download/<str:file_name>",
        downloads.resource_download,
        name="resource_download",
    ),
]
