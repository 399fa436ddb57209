"""The demo city's open data: staff, publishers, categories, datasets with files, DCAT."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings
from django.core.cache import cache
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from yakuba.demo.loader import ORGANISATION_VALID_FROM, STAFF_DOMAIN, load_demo_city
from yakuba.identity.models import User
from yakuba.opendata import dcat, policies, queries
from yakuba.opendata.demo import STANDARD_CATEGORIES, load_demo_opendata
from yakuba.opendata.demo.catalogue import CATEGORIES, PUBLISHERS, demo_datasets
from yakuba.opendata.demo.places import AEDS, EVACUATION_SPACES
from yakuba.opendata.models import (
    Dataset,
    DatasetVersion,
    Group,
    Organization,
    Resource,
    ResourceFile,
)
from yakuba.opendata.search import search_datasets
from yakuba.opendata.serialize import resource_download_path
from yakuba.opendata.services.files import full_path
from yakuba.opendata.services.standard import standard_resource
from yakuba.opendata.standard.definitions import DATASETS as STANDARD_DATASETS
from yakuba.opendata.standard.definitions import get_definition

CITY_CODE = "132233"


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.YAKUBA_JPKI_DEMO = True
    return load_demo_city(residents=40, seed=1)


@pytest.mark.django_db
def test_demo_loads_the_open_data(demo, client):
    """One load, every property of the open data demo; then the stage again adds nothing."""
    _staff(demo)
    _publishers_and_categories()
    _datasets(demo)
    _standard_datasets(demo)
    _files_download(client)
    _search()
    _dcat(client)
    _the_stage_again_adds_nothing()


def _staff(demo):
    admin = User.objects.get(email=f"opendata@{STAFF_DOMAIN}")
    bosai = User.objects.get(email=f"bosai@{STAFF_DOMAIN}")

    assert policies.may_run_catalogue(admin)
    assert policies.may_edit(bosai, "bosai") and not policies.may_edit(bosai, "kankyo")
    assert not policies.may_run_catalogue(bosai)
    assert admin.email in demo.logins_file.read_text(encoding="utf-8")


def _publishers_and_categories():
    publishers = {o.name: o for o in Organization.objects.all()}

    assert set(PUBLISHERS) <= set(publishers)
    assert publishers["bosai"].title == "防災安全課"
    assert publishers["bosai"].title_en == "Disaster Prevention and Safety Division"
    assert all(publishers[code].department_code == code for code in PUBLISHERS)
    groups = {g.name: g for g in Group.objects.all()}
    assert {name for name, *_rest in CATEGORIES} <= set(groups)
    assert groups["disaster-safety"].title == "防災・安全"
    assert groups["disaster-safety"].theme_uri.endswith("/data-theme/JUST")


def _datasets(demo):
    specs = demo_datasets(CITY_CODE)
    by_name = {d.name: d for d in Dataset.objects.filter(name__in=[s.name for s in specs])}

    assert 15 <= len(specs) == len(by_name) == demo.opendata_datasets
    for spec in specs:
        dataset = by_name[spec.name]
        assert dataset.title == spec.title and dataset.title_en == spec.title_en
        assert dataset.organization.name == spec.publisher
        assert dataset.private == spec.private
        assert sorted(t.name for t in dataset.tags.all()) == sorted(spec.tags)
        assert (dataset.spatial, dataset.spatial_code) == ("武蔵村山市", CITY_CODE)
        assert dataset.search_text  # written by the services
        resources = list(queries.resources_of(dataset))
        assert len(resources) == len(spec.files) + (1 if spec.endpoint else 0)
        for resource, item in zip(resources, spec.files, strict=False):
            content = spec.update if spec.update else item.content
            assert resource.file_name == f"{CITY_CODE}_{item.stem}.csv"
            assert (resource.format, resource.size) == ("CSV", len(content))
            assert resource.sha256 == hashlib.sha256(content).hexdigest()
    assert by_name["staff-by-department"].private
    # a second file version, both kept
    trend = queries.resources_of(by_name["population-trend"]).get()
    assert [kept.number for kept in queries.file_versions(trend)] == [2, 1]
    newest, first = (full_path(kept.path).read_bytes() for kept in queries.file_versions(trend))
    assert b"2026-01-01" in newest and b"2026-01-01" not in first
    assert trend.file_version == 2
    # 防災安全課 publishes its own datasets; the others are the catalogue admin's
    bosai = User.objects.get(email=f"bosai@{STAFF_DOMAIN}")
    admin = User.objects.get(email=f"opendata@{STAFF_DOMAIN}")
    assert by_name["traffic-accidents"].created_by == bosai
    assert by_name["parks"].created_by == admin
    feed = queries.resources_of(by_name["emergency-information-feed"]).get()
    assert (feed.kind, feed.format) == ("api", "ATOM")
    assert feed.url.endswith("/alerts/feed.atom")


def _standard_datasets(demo):
    standard = {d.standard_key: d for d in Dataset.objects.exclude(standard_key="")}

    assert set(standard) == {definition.key for definition in STANDARD_DATASETS}
    assert demo.opendata_standard_datasets == len(standard)
    for key, dataset in standard.items():
        resource = standard_resource(dataset)
        assert resource.file_version >= 1, key
        assert resource.file_name == f"{CITY_CODE}_{get_definition(key).stem}.csv"
        assert {g.name for g in dataset.groups.all()} == set(STANDARD_CATEGORIES[key])
    rows = {
        key: full_path(queries.current_file(standard_resource(standard[key])).path)
        .read_text(encoding="utf-8-sig")
        .splitlines()
        for key in ("evacuation_space", "aed")
    }
    assert len(rows["evacuation_space"]) == 1 + len(EVACUATION_SPACES)
    assert len(rows["aed"]) == 1 + len(AEDS)
    assert "大南公園" in "\n".join(rows["evacuation_space"])
    assert "武蔵村山市役所" in "\n".join(rows["aed"])


def _files_download(client):
    parks = Dataset.objects.get(name="parks")
    resource = queries.resources_of(parks).get()

    response = client.get(resource_download_path(resource, resource.file_name))

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.splitlines()[0].startswith("全国地方公共団体コード,ID,名称,名称_カナ")
    assert "大南公園" in body


def _search():
    base = queries.searchable_datasets(None)

    assert [d.name for d in search_datasets(base, q="公園").datasets][:1] == ["parks"]
    assert {d.name for d in search_datasets(base, fq="organization:bosai").datasets} >= {
        "traffic-accidents",
        "disaster-radio-speakers",
        "emergency-information-feed",
    }
    assert search_datasets(base, q="職員数").count == 0  # private


def _dcat(client):
    cache.clear()
    response = client.get("/opendata/catalog.ttl")

    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    public = queries.public_datasets().count()
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == public
    assert public >= 16
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) >= 16
    aed = queries.dataset_by_standard_key("aed")
    subject = URIRef(f"{settings.YAKUBA_SITE_URL}/opendata/dataset/{aed.pk}/")
    assert graph.value(subject, DCTERMS.conformsTo) == URIRef(dcat.STANDARD_URI)


def _the_stage_again_adds_nothing():
    def counts():
        return (
            Organization.objects.count(),
            Group.objects.count(),
            Dataset.objects.count(),
            Resource.objects.count(),
            ResourceFile.objects.count(),
            DatasetVersion.objects.exclude(action="regenerate").count(),
            User.objects.count(),
        )

    before = counts()

    again = load_demo_opendata(
        staff_domain=STAFF_DOMAIN,
        password="yakuba-demo-2026",
        valid_from=ORGANISATION_VALID_FROM,
        operator_emails=(f"bosai@{STAFF_DOMAIN}",),
    )

    assert again.datasets == 0
    assert counts() == before
