"""The DCAT catalogue: parsed back with rdflib, triple by triple."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.urls import resolve, reverse
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from yakuba.opendata import dcat
from yakuba.opendata.dcat import EU_FILE_TYPE, FREQUENCY, HYDRA, SPDX, VCARD
from yakuba.opendata.services import datasets as dataset_services
from yakuba.opendata.services import resources as resource_services
from yakuba.opendata.web.citizen import datasets as dataset_pages
from yakuba.opendata.web.citizen import dcat as dcat_views

from .factories import add_csv, catalogue_admin, make_dataset, make_group, make_organization

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
CSV = "名称,住所\n市民会館,本町一丁目\n".encode()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue():
    admin = catalogue_admin()
    bosai = make_organization(
        "bosai",
        department_code="bosai",
        title="防災安全課",
        title_en="Disaster Prevention and Safety Division",
        email="bosai@city.example.lg.jp",
        phone="042-565-1111",
    )
    bunka = make_organization("bunka", department_code="bunka", title="文化振興課")
    safety = make_group(
        "disaster-safety",
        title="防災・安全",
        title_en="Disaster prevention and safety",
        theme_uri="http://publications.europa.eu/resource/authority/data-theme/JUST",
    )
    shelters = make_dataset(
        admin,
        bosai,
        name="shelters",
        title="指定緊急避難場所一覧",
        title_en="Designated emergency evacuation sites",
        notes="災害時に身を守るための避難場所です。",
        tags=["防災", "避難"],
        groups=[safety],
        frequency="annual",
        spatial="武蔵村山市",
        spatial_code="132233",
        temporal_start=datetime.date(2026, 4, 1),
        temporal_end=datetime.date(2027, 3, 31),
        version_label="2026年度版",
    )
    resource = add_csv(admin, shelters, CSV, "132233_evacuation_space.csv")
    halls = make_dataset(
        admin,
        bunka,
        name="halls",
        title="市民会館の利用状況",
        license_id="cc-zero",
        contact_name="文化振興課 文化係",
        contact_email="bunka@city.example.lg.jp",
        contact_phone="042-565-1112",
    )
    resource_services.create_resource(
        admin,
        halls,
        fields={"name": "利用状況API", "kind": "api", "url": "https://api.example.jp/halls"},
    )
    make_dataset(admin, bunka, name="secret", title="非公開", private=True)
    make_dataset(admin, bunka, name="draft", title="下書き", state="draft")
    gone = make_dataset(admin, bunka, name="gone", title="削除したもの")
    dataset_services.delete_dataset(admin, gone)
    shelters.refresh_from_db()
    resource.refresh_from_db()
    return {"admin": admin, "shelters": shelters, "halls": halls, "resource": resource}


def fetch(client, url: str, **headers) -> Graph:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    graph = Graph()
    graph.parse(data=response.content, format=_rdflib_format(url))
    return graph


def _rdflib_format(url: str) -> str:
    extension = url.split("?")[0].rsplit(".", 1)[-1]
    return dcat.FORMATS[extension][0]


def uri(path: str) -> URIRef:
    return URIRef(SITE + path)


def catalogue_url(extension: str = "ttl") -> str:
    return reverse("portal:dcat:catalogue", kwargs={"extension": extension})


def test_routes_keep_the_extension_out_of_the_name():
    match = resolve("/opendata/dataset/shelters.ttl")
    assert (match.func, match.kwargs) == (
        dcat_views.dataset,
        {"name": "shelters", "extension": "ttl"},
    )
    assert resolve("/opendata/dataset/shelters/").func == dataset_pages.dataset_detail
    assert resolve("/opendata/catalog.jsonld").func == dcat_views.catalogue


def test_catalogue_lists_exactly_the_public_datasets(client, catalogue):
    graph = fetch(client, catalogue_url("ttl"))
    catalog = uri("/opendata/")
    shelters = uri(f"/opendata/dataset/{catalogue['shelters'].pk}/")
    halls = uri(f"/opendata/dataset/{catalogue['halls'].pk}/")

    assert set(graph.subjects(RDF.type, DCAT.Catalog)) == {catalog}
    assert set(graph.objects(catalog, DCAT.dataset)) == {shelters, halls}
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {shelters, halls}
    titles = {str(title) for title in graph.objects(None, DCTERMS.title)}
    assert not titles & {"非公開", "下書き", "削除したもの"}
    assert (catalog, FOAF.homepage, catalog) in graph
    assert (catalog, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in (
        graph
    )
    modified = graph.value(catalog, DCTERMS.modified)
    assert modified.datatype == XSD.dateTime


def test_dataset_metadata(client, catalogue):
    graph = fetch(client, catalogue_url("ttl"))
    shelters = catalogue["shelters"]
    subject = uri(f"/opendata/dataset/{shelters.pk}/")

    assert set(graph.objects(subject, DCTERMS.title)) == {
        Literal("指定緊急避難場所一覧", lang="ja"),
        Literal("Designated emergency evacuation sites", lang="en"),
    }
    assert graph.value(subject, DCTERMS.identifier) == Literal(str(shelters.pk))
    assert set(graph.objects(subject, DCTERMS.description)) == {
        Literal("災害時に身を守るための避難場所です。", lang="ja")
    }
    assert set(graph.objects(subject, DCAT.keyword)) == {Literal("防災"), Literal("避難")}
    assert set(graph.objects(subject, DCAT.theme)) == {
        uri("/opendata/group/disaster-safety/"),
        URIRef("http://publications.europa.eu/resource/authority/data-theme/JUST"),
    }
    concept = uri("/opendata/group/disaster-safety/")
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.prefLabel, Literal("防災・安全", lang="ja")) in graph
    assert graph.value(subject, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert graph.value(subject, DCTERMS.accrualPeriodicity) == FREQUENCY.annual
    assert graph.value(subject, DCAT.landingPage) == uri("/opendata/dataset/shelters/")
    assert graph.value(subject, DCTERMS.conformsTo) is None
    # publisher
    publisher = graph.value(subject, DCTERMS.publisher)
    assert publisher == uri("/opendata/organization/bosai/")
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert set(graph.objects(publisher, FOAF.name)) == {
        Literal("防災安全課", lang="ja"),
        Literal("Disaster Prevention and Safety Division", lang="en"),
    }
    # contact point: the publisher's, as the dataset names none
    contact = graph.value(subject, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph
    assert graph.value(contact, VCARD.fn) == Literal("防災安全課", lang="ja")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:bosai@city.example.lg.jp")
    assert graph.value(contact, VCARD.hasTelephone) == URIRef("tel:+81-42-565-1111")
    # coverage
    location = graph.value(subject, DCTERMS.spatial)
    assert (location, RDF.type, DCTERMS.Location) in graph
    assert graph.value(location, SKOS.prefLabel) == Literal("武蔵村山市", lang="ja")
    assert graph.value(location, DCTERMS.identifier) == Literal("132233")
    period = graph.value(subject, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert graph.value(period, DCAT.startDate) == Literal("2026-04-01", datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal("2027-03-31", datatype=XSD.date)
    # times
    issued = graph.value(subject, DCTERMS.issued)
    modified = graph.value(subject, DCTERMS.modified)
    assert issued.datatype == modified.datatype == XSD.dateTime
    assert abs(issued.toPython() - shelters.created) < datetime.timedelta(seconds=1)
    assert abs(modified.toPython() - shelters.updated) < datetime.timedelta(seconds=1)


def test_distribution_of_a_kept_file(client, catalogue):
    graph = fetch(client, catalogue_url("ttl"))
    shelters, resource = catalogue["shelters"], catalogue["resource"]
    dataset = uri(f"/opendata/dataset/{shelters.pk}/")
    download = uri(
        f"/opendata/dataset/shelters/resource/{resource.pk}/download/132233_evacuation_space.csv"
    )

    (distribution,) = graph.objects(dataset, DCAT.distribution)
    assert distribution == uri(f"/opendata/dataset/{shelters.pk}/resource/{resource.pk}")
    assert (distribution, RDF.type, DCAT.Distribution) in graph
    assert graph.value(distribution, DCAT.downloadURL) == download
    assert graph.value(distribution, DCAT.accessURL) == download
    assert graph.value(distribution, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/csv"
    )
    assert graph.value(distribution, DCTERMS["format"]) == EU_FILE_TYPE.CSV
    size = graph.value(distribution, DCAT.byteSize)
    assert (size.datatype, size.toPython()) == (XSD.nonNegativeInteger, len(CSV))
    checksum = graph.value(distribution, SPDX.checksum)
    assert (checksum, RDF.type, SPDX.Checksum) in graph
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(CSV).hexdigest()
    assert graph.value(distribution, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_api_resource_and_own_contact(client, catalogue):
    graph = fetch(client, catalogue_url("ttl"))
    halls = uri(f"/opendata/dataset/{catalogue['halls'].pk}/")

    (distribution,) = graph.objects(halls, DCAT.distribution)
    assert graph.value(distribution, DCAT.accessURL) == URIRef("https://api.example.jp/halls")
    assert graph.value(distribution, DCAT.downloadURL) is None
    assert graph.value(distribution, DCAT.byteSize) is None
    assert graph.value(halls, DCTERMS.license) == URIRef(
        "https://creativecommons.org/publicdomain/zero/1.0/"
    )
    contact = graph.value(halls, DCAT.contactPoint)
    assert graph.value(contact, VCARD.fn) == Literal("文化振興課 文化係", lang="ja")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:bunka@city.example.lg.jp")
    assert graph.value(contact, VCARD.hasTelephone) == URIRef("tel:+81-42-565-1112")
    assert graph.value(halls, DCTERMS.accrualPeriodicity) is None
    assert graph.value(halls, DCTERMS.temporal) is None


def test_three_serialisations_hold_the_same_graph(client, catalogue):
    turtle = client.get(catalogue_url("ttl"))
    json_ld = client.get(catalogue_url("jsonld"))
    rdf_xml = client.get(catalogue_url("rdf"))

    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    assert json_ld["Content-Type"] == "application/ld+json"
    assert rdf_xml["Content-Type"] == "application/rdf+xml; charset=utf-8"
    assert "指定緊急避難場所一覧".encode() in json_ld.content  # UTF-8, not \\u escapes
    graphs = [
        Graph().parse(data=response.content, format=rdflib_format)
        for response, rdflib_format in (
            (turtle, "turtle"),
            (json_ld, "json-ld"),
            (rdf_xml, "xml"),
        )
    ]
    assert len(graphs[0]) > 60
    # the same, except that each names its own pages
    for graph, extension in zip(graphs, ("ttl", "jsonld", "rdf"), strict=True):
        page = URIRef(f"{SITE}/opendata/catalog.{extension}?page=1")
        assert graph.value(page, HYDRA.totalItems).toPython() == 2
        graph.remove((page, None, None))
    assert isomorphic(graphs[0], graphs[1])
    assert isomorphic(graphs[0], graphs[2])


def test_dataset_document(client, catalogue):
    shelters = catalogue["shelters"]
    subject = uri(f"/opendata/dataset/{shelters.pk}/")
    url = reverse("portal:dcat:dataset", kwargs={"name": "shelters", "extension": "jsonld"})

    graph = fetch(client, url)

    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {subject}
    assert not set(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(set(graph.objects(subject, DCAT.distribution))) == 1
    assert isomorphic(
        graph,
        fetch(client, reverse("portal:dcat:dataset", args=["shelters", "ttl"])),
    )


@pytest.mark.parametrize("name", ["secret", "draft", "gone", "nothing"])
def test_unpublished_datasets_have_no_document(client, catalogue, name):
    response = client.get(f"/opendata/dataset/{name}.ttl")

    assert response.status_code == 404


def test_cors_and_caching_headers(client, catalogue):
    response = client.get(catalogue_url("jsonld"))

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_conditional_get(client, catalogue):
    url = catalogue_url("ttl")
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    again = client.get(url, headers={"If-None-Match": etag})
    since = client.get(url, headers={"If-Modified-Since": last_modified})

    assert again.status_code == since.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    assert client.get(catalogue_url("jsonld"), headers={"If-None-Match": etag}).status_code == 200

    dataset_services.patch_dataset(
        catalogue["admin"], catalogue["halls"], fields={"title": "市民会館の利用状況（改）"}
    )
    changed = client.get(url, headers={"If-None-Match": etag})

    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "市民会館の利用状況（改）" in changed.content.decode()


def test_withdrawing_a_dataset_changes_the_catalogue(client, catalogue):
    url = catalogue_url("ttl")
    etag = client.get(url)["ETag"]

    dataset_services.patch_dataset(catalogue["admin"], catalogue["halls"], fields={"private": True})
    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1
    assert client.get("/opendata/dataset/halls.ttl").status_code == 404


def test_a_new_resource_changes_the_dataset_document(client, catalogue):
    url = "/opendata/dataset/shelters.ttl"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    add_csv(catalogue["admin"], catalogue["shelters"], b"x,y\n1,2\n", "second.csv")
    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == 2


def test_paging(client, catalogue, monkeypatch):
    monkeypatch.setattr(dcat, "PAGE_SIZE", 1)
    admin = catalogue["admin"]
    third = make_dataset(admin, catalogue["shelters"].organization, name="third", title="三番目")
    first_url, second_url, last_url = (
        f"{SITE}/opendata/catalog.ttl?page={number}" for number in (1, 2, 3)
    )

    page_one = fetch(client, catalogue_url("ttl"))
    page_two = client.get(catalogue_url("ttl"), {"page": "2"})
    graph_two = Graph().parse(data=page_two.content, format="turtle")

    view = URIRef(first_url)
    assert (view, RDF.type, HYDRA.PagedCollection) in page_one
    assert page_one.value(view, HYDRA.totalItems).toPython() == 3
    assert page_one.value(view, HYDRA.itemsPerPage).toPython() == 1
    assert page_one.value(view, HYDRA.nextPage) == Literal(second_url)
    assert page_one.value(view, HYDRA.lastPage) == Literal(last_url)
    assert page_one.value(view, HYDRA.next) == URIRef(second_url)
    assert page_one.value(view, HYDRA.previousPage) is None
    two = URIRef(second_url)
    assert graph_two.value(two, HYDRA.previous) == URIRef(first_url)
    assert graph_two.value(two, HYDRA.next) == URIRef(last_url)
    assert page_two["Link"] == (
        f'<{first_url}>; rel="first", <{first_url}>; rel="prev", '
        f'<{last_url}>; rel="next", <{last_url}>; rel="last"'
    )
    # oldest first, one each: the three public datasets, each once
    seen = []
    for number in (1, 2, 3):
        graph = fetch(client, f"{catalogue_url('ttl')}?page={number}")
        seen += list(graph.subjects(RDF.type, DCAT.Dataset))
    assert seen == [
        uri(f"/opendata/dataset/{pk}/")
        for pk in (catalogue["shelters"].pk, catalogue["halls"].pk, third.pk)
    ]
    last = fetch(client, f"{catalogue_url('ttl')}?page=3")
    assert last.value(URIRef(last_url), HYDRA.nextPage) is None
    assert client.get(catalogue_url("ttl"), {"page": "4"}).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5"])
def test_bad_page_numbers_are_refused(client, page):
    response = client.get(catalogue_url("ttl"), {"page": page})

    assert response.status_code == 400
    assert "page" in response.content.decode()


def test_modified_since(client, catalogue):
    catalogue["halls"].refresh_from_db()
    newest = catalogue["halls"].updated  # its resource was the last public change
    assert newest > catalogue["shelters"].updated
    later = newest + datetime.timedelta(microseconds=1)

    graph = fetch(client, f"{catalogue_url('ttl')}?modified_since={later.isoformat()}")
    future = fetch(client, f"{catalogue_url('ttl')}?modified_since=2999-01-01")

    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == set()
    assert set(future.subjects(RDF.type, DCAT.Dataset)) == set()
    assert client.get(catalogue_url("ttl"), {"modified_since": "yesterday"}).status_code == 400
    everything = fetch(client, f"{catalogue_url('ttl')}?modified_since=2000-01-01")
    assert len(set(everything.subjects(RDF.type, DCAT.Dataset))) == 2
    halls_only = fetch(client, f"{catalogue_url('ttl')}?modified_since={newest.isoformat()}")
    assert set(halls_only.subjects(RDF.type, DCAT.Dataset)) == {
        uri(f"/opendata/dataset/{catalogue['halls'].pk}/")
    }


def test_empty_catalogue_has_one_page(client):
    graph = fetch(client, catalogue_url("ttl"))

    assert set(graph.subjects(RDF.type, DCAT.Catalog)) == {uri("/opendata/")}
    assert not set(graph.subjects(RDF.type, DCAT.Dataset))
    view = URIRef(f"{SITE}/opendata/catalog.ttl?page=1")
    assert graph.value(view, HYDRA.totalItems).toPython() == 0


def test_query_count_does_not_grow_with_the_page(client, catalogue):
    small = _queries_for_a_fresh_page(client)
    admin = catalogue["admin"]
    organization = catalogue["shelters"].organization
    for number in range(4):
        dataset = make_dataset(admin, organization, name=f"more-{number}", tags=["追加"])
        add_csv(admin, dataset)

    assert _queries_for_a_fresh_page(client) == small


def _queries_for_a_fresh_page(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(catalogue_url("ttl")).status_code == 200
    return len(captured.captured_queries)


def test_tel_uri():
    assert dcat.tel_uri("042-565-1111") == URIRef("tel:+81-42-565-1111")
    assert dcat.tel_uri("03-1234-5678（内線123）") == URIRef("tel:+81-3-1234-5678")
    assert dcat.tel_uri("+81-42-565-1111") == URIRef("tel:+81-42-565-1111")
    assert dcat.tel_uri("") is None
    assert dcat.tel_uri("なし") is None
