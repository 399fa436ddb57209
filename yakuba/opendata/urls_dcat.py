"""The DCAT catalogue (JSON-LD, Turtle, RDF/XML), mounted at ``/opendata/``.

The dataset route is a regular expression so the name (CKAN's ``[a-z0-9_-]``) never takes
the extension with it; ``dataset/<name>/`` (the dataset page, ``urls_citizen``) ends with a
slash and never matches these paths.
"""

from django.urls import re_path

from .web.citizen import dcat

app_name = "dcat"

EXTENSIONS = r"(?P<extension>jsonld|ttl|rdf)"

urlpatterns = [
    re_path(rf"^catalog\.{EXTENSIONS}$", dcat.catalogue, name="catalogue"),
    re_path(rf"^dataset/(?P<name>[a-z0-9_-]+)\.{EXTENSIONS}$", dcat.dataset, name="dataset"),
]
