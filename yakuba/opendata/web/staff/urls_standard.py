"""Staff URLs of the standard datasets, mounted at ``/staff/opendata/standard/`` (namespace
``console:opendata``)."""

from django.urls import path

from . import standard_datasets, standard_places

K = "<slug:key>/"

urlpatterns = [
    path("", standard_datasets.standard_list, name="standard_list"),
    path(K, standard_datasets.standard_detail, name="standard_detail"),
    path(K + "regenerate/", standard_datasets.standard_regenerate, name="standard_regenerate"),
    path(K + "places/", standard_places.place_list, name="place_list"),
    path(K + "places/new/", standard_places.place_new, name="place_new"),
    path(K + "places/import/", standard_places.place_import, name="place_import"),
    path(K + "places/<int:pk>/", standard_places.place_edit, name="place_edit"),
    path(K + "places/<int:pk>/delete/", standard_places.place_delete, name="place_delete"),
]
