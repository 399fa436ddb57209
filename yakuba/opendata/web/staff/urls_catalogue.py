"""Staff URLs of the catalogue pages, mounted at ``/staff/opendata/`` (namespace
``console:opendata``)."""

from django.urls import path

from . import catalogue_datasets, catalogue_publishers, catalogue_resources

D = "datasets/<str:name>/"
R = D + "resources/<uuid:resource_id>/"

urlpatterns = [
    path("", catalogue_datasets.dataset_list, name="dataset_list"),
    path("datasets/new/", catalogue_datasets.dataset_new, name="dataset_new"),
    path(D, catalogue_datasets.dataset_detail, name="dataset_detail"),
    path(D + "edit/", catalogue_datasets.dataset_edit, name="dataset_edit"),
    path(D + "delete/", catalogue_datasets.dataset_delete, name="dataset_delete"),
    path(D + "restore/", catalogue_datasets.dataset_restore, name="dataset_restore"),
    path(D + "versions/<int:number>/", catalogue_datasets.version_detail, name="version_detail"),
    path(D + "resources/new/", catalogue_resources.resource_new, name="resource_new"),
    path(R, catalogue_resources.resource_edit, name="resource_edit"),
    path(R + "delete/", catalogue_resources.resource_delete, name="resource_delete"),
    path("publishers/", catalogue_publishers.organization_list, name="organization_list"),
    path("publishers/new/", catalogue_publishers.organization_new, name="organization_new"),
    path(
        "publishers/<str:name>/",
        catalogue_publishers.organization_edit,
        name="organization_edit",
    ),
    path("categories/new/", catalogue_publishers.group_new, name="group_new"),
    path("categories/<str:name>/", catalogue_publishers.group_edit, name="group_edit"),
]
