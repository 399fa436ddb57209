"""The catalogue as linked data: DCAT (DCAT-AP style) in JSON-LD, Turtle and RDF/XML.

Built with rdflib from the same package dictionaries the Action API answers
(:func:`yakuba.opendata.serialize.package_dict`), so both describe a dataset alike.  Only
public datasets (active, not private) are ever described.

The graph, per dataset::

    <site>/opendata/dataset/<uuid>/  a dcat:Dataset
        dct:identifier, dct:title / dct:description (@ja, @en), dcat:keyword (tags),
        dcat:theme (the category as a skos:Concept, and its theme URI when it has one),
        dct:publisher (foaf:Organization), dct:license, dct:accessRights,
        dct:accrualPeriodicity (Dublin Core frequency), dct:spatial (dct:Location),
        dct:temporal (dct:PeriodOfTime), dcat:contactPoint (vcard:Kind), dcat:landingPage,
        dct:issued / dct:modified (xsd:dateTime), dct:conformsTo (standard datasets),
        dcat:distribution → dcat:Distribution
            dct:title, dcat:accessURL / dcat:downloadURL, dcat:mediaType (IANA),
            dct:format (EU file type), dcat:byteSize, spdx:checksum (SHA-256), dct:license

The catalogue is paged like ckanext-dcat does it (:data:`PAGE_SIZE` datasets per page,
``?page=N``): the page document carries a ``hydra:PagedCollection`` with
``hydra:totalItems``, ``hydra:itemsPerPage`` and ``hydra:firstPage`` / ``nextPage`` /
``previousPage`` / ``lastPage``, and (current Hydra) ``hydra:first`` / ``next`` /
``previous`` / ``last`` links.  :func:`catalogue_state` fingerprints everything the output
depends on, for ETag / Last-Modified (conditional GET) and the serialisation cache.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from . import queries
from .licenses import LICENSES
from .models import Dataset, DatasetState, Group, Organization
from .serialize import DATASET_PATH, package_dict, site_url

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FREQUENCY = Namespace("http://purl.org/cld/freq/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"

PREFIXES: dict[str, Namespace | str] = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "spdx": SPDX,
    "skos": SKOS,
    "hydra": HYDRA,
    "owl": OWL,
    "xsd": XSD,
}

#: Datasets per catalogue page (ckanext-dcat's default too).
PAGE_SIZE = 100

#: Where the catalogue, publishers and categories live on the citizen site.  Publishers and
#: categories are named by these URIs (CKAN's ``/organization/<name>`` and
#: ``/group/<name>``, under the portal's ``/opendata/``).
CATALOGUE_PATH = "/opendata/"
ORGANIZATION_PATH = "/opendata/organization/{name}/"
GROUP_PATH = "/opendata/group/{name}/"
#: The categories as a ``skos:ConceptScheme`` (the catalogue's ``dcat:themeTaxonomy``).
GROUPS_PATH = "/opendata/#groups"
DISTRIBUTION_PATH = "/opendata/dataset/{dataset_id}/resource/{resource_id}"
#: The page of the national standard (自治体標準オープンデータセット) that standard datasets
#: conform to.
STANDARD_URI = "https://www.digital.go.jp/resources/open_data/municipal-standard-data-set-test"

#: The serialisations served: extension → (rdflib format, content type).
FORMATS: dict[str, tuple[str, str]] = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
}

#: Format labels (upper case, as resources carry them) → (IANA media type, EU file type).
FILE_TYPES: dict[str, tuple[str, str]] = {
    "CSV": ("text/csv", "CSV"),
    "TSV": ("text/tab-separated-values", "TSV"),
    "TXT": ("text/plain", "TXT"),
    "JSON": ("application/json", "JSON"),
    "GEOJSON": ("application/geo+json", "GEOJSON"),
    "JSON-LD": ("application/ld+json", "JSON_LD"),
    "XML": ("application/xml", "XML"),
    "RDF": ("application/rdf+xml", "RDF_XML"),
    "TTL": ("text/turtle", "RDF_TURTLE"),
    "ICS": ("text/calendar", "ICS"),
    "PDF": ("application/pdf", "PDF"),
    "ZIP": ("application/zip", "ZIP"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "XLS": ("application/vnd.ms-excel", "XLS"),
    "ODS": ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
    "DOCX": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "PNG": ("image/png", "PNG"),
    "JPEG": ("image/jpeg", "JPEG"),
    "JPG": ("image/jpeg", "JPEG"),
    "TIFF": ("image/tiff", "TIFF"),
    "HTML": ("text/html", "HTML"),
    "ATOM": ("application/atom+xml", "ATOM"),
    "RSS": ("application/rss+xml", "RSS"),
    "KML": ("application/vnd.google-earth.kml+xml", "KML"),
    "KMZ": ("application/vnd.google-earth.kmz", "KMZ"),
    "SHP": ("", "SHP"),
}


class PageNotFound(LookupError):
    """The catalogue has no such page."""


# ----------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class CatalogueState:
    """What the catalogue's output depends on: the public count and the newest change."""

    public_count: int
    modified: datetime.datetime | None
    fingerprint: str


def _newest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def catalogue_state() -> CatalogueState:
    """Three small aggregates.  Every change of a dataset or its resources moves the
    dataset's ``updated`` and ``revision`` (also when it is withdrawn: made private or
    deleted), so their maximum and sum over all datasets, the public count and the newest
    publisher and category change identify the catalogue's content."""
    datasets = Dataset.objects.aggregate(
        newest=Max("updated"),
        revisions=Sum("revision"),
        # the same condition as ``queries.public_datasets``
        public=Count("pk", filter=Q(state=DatasetState.ACTIVE, private=False)),
    )
    publishers = Organization.objects.aggregate(newest=Max("updated"))["newest"]
    categories = Group.objects.aggregate(newest=Max("updated"))["newest"]
    modified = _newest(datasets["newest"], publishers, categories)
    parts = (
        datasets["public"],
        datasets["revisions"] or 0,
        datasets["newest"],
        publishers,
        categories,
        settings.YAKUBA_SITE_URL,
    )
    fingerprint = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return CatalogueState(datasets["public"], modified, fingerprint)


def _described(queryset: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return queryset.select_related("organization").prefetch_related("tags", "groups", "resources")


@dataclass(frozen=True)
class CataloguePage:
    number: int
    last: int
    total: int
    size: int
    datasets: list[Dataset]
    modified_since: datetime.datetime | None = None


def catalogue_page(
    number: int, *, modified_since: datetime.datetime | None = None, size: int | None = None
) -> CataloguePage:
    """Page ``number`` (from 1) of the public datasets, oldest first (``created``, then
    ``id``: a new dataset lands on the last page, so pages stay put while a harvester walks
    them).  ``modified_since`` keeps the datasets changed at or after that moment."""
    datasets = queries.public_datasets()
    if modified_since is not None:
        datasets = datasets.filter(updated__gte=modified_since)
    size = size or PAGE_SIZE
    total = datasets.count()
    last = max(1, -(-total // size))
    if number < 1 or number > last:
        raise PageNotFound(number)
    start = (number - 1) * size
    page = list(_described(datasets.order_by("created", "id"))[start : start + size])
    return CataloguePage(number, last, total, size, page, modified_since)


def public_dataset(name: str) -> Dataset:
    """A public dataset by name; ``Dataset.DoesNotExist`` otherwise (private, draft and
    deleted ones included)."""
    return _described(queries.public_datasets()).get(name=name)


def dataset_fingerprint(dataset: Dataset) -> tuple[str, datetime.datetime]:
    """(fingerprint, newest change) of one dataset's document."""
    groups = list(dataset.groups.all())
    modified = _newest(
        dataset.updated, dataset.organization.updated, *(group.updated for group in groups)
    )
    parts = (
        dataset.pk,
        dataset.revision,
        dataset.updated,
        dataset.organization.updated,
        *sorted(str(group.updated) for group in groups),
        settings.YAKUBA_SITE_URL,
    )
    fingerprint = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return fingerprint, modified or dataset.updated


# ----------------------------------------------------------------------------- graph


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def catalogue_uri() -> URIRef:
    return URIRef(site_url(CATALOGUE_PATH))


def dataset_uri(dataset_id: str) -> URIRef:
    """The dataset's URI: its page addressed by UUID (stable when the name changes)."""
    return URIRef(site_url(DATASET_PATH.format(name=dataset_id)))


def organization_uri(name: str) -> URIRef:
    return URIRef(site_url(ORGANIZATION_PATH.format(name=name)))


def group_uri(name: str) -> URIRef:
    return URIRef(site_url(GROUP_PATH.format(name=name)))


def distribution_uri(dataset_id: str, resource_id: str) -> URIRef:
    return URIRef(
        site_url(DISTRIBUTION_PATH.format(dataset_id=dataset_id, resource_id=resource_id))
    )


def media_type_uri(media_type: str) -> URIRef:
    return URIRef(IANA_MEDIA_TYPE + media_type)


def tel_uri(phone: str) -> URIRef | None:
    """``042-565-1111`` → ``tel:+81-42-565-1111`` (RFC 3966); None without digits."""
    match = re.match(r"\s*(\+?[\d-]+)", phone or "")
    number = match.group(1).strip("-") if match else ""
    if not re.search(r"\d", number):
        return None
    if number.startswith("0"):
        number = "+81-" + number[1:]
    return URIRef(f"tel:{number}")


def _utc(text: str | None) -> Literal | None:
    """A package dict's time (naive ISO 8601 in UTC) as an ``xsd:dateTime``."""
    if not text:
        return None
    moment = datetime.datetime.fromisoformat(text)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return Literal(moment.isoformat(timespec="seconds"), datatype=XSD.dateTime)


def _texts(graph: Graph, subject, predicate, ja: str, en: str = "") -> None:
    if ja:
        graph.add((subject, predicate, Literal(ja, lang="ja")))
    if en:
        graph.add((subject, predicate, Literal(en, lang="en")))


def _both_languages(message: str, values: dict[str, str]) -> tuple[str, str]:
    """``message`` in Japanese and in English ("" when not translated yet)."""
    with translation.override("ja"):
        ja = _(message) % values
    with translation.override("en"):
        en = _(message) % values
    return ja, ("" if en == ja else en)


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str


def publisher_contacts(organizations: Iterable[Organization]) -> dict[str, Contact]:
    return {str(o.pk): Contact(o.email, o.phone) for o in organizations}


def add_license(graph: Graph, url: str, license_id: str) -> None:
    license = next((item for item in LICENSES if item.id == license_id), None)
    subject = URIRef(url)
    graph.add((subject, RDF.type, DCTERMS.LicenseDocument))
    if license is not None:
        _texts(graph, subject, DCTERMS.title, license.title, license.title_en)


def add_publisher(graph: Graph, organization: dict[str, Any]) -> URIRef:
    subject = organization_uri(organization["name"])
    graph.add((subject, RDF.type, FOAF.Organization))
    _texts(graph, subject, FOAF.name, organization["title"], organization["title_en"])
    return subject


def add_contact(graph: Graph, package: dict[str, Any], fallback: Contact | None) -> None:
    name = package["maintainer"] or package["organization"]["title"]
    email = package["maintainer_email"] or (fallback.email if fallback else "")
    phone = package["contact_phone"] or (fallback.phone if fallback else "")
    node = BNode()
    graph.add((node, RDF.type, VCARD.Kind))
    graph.add((node, VCARD.fn, Literal(name, lang="ja")))
    if email:
        graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    telephone = tel_uri(phone)
    if telephone is not None:
        graph.add((node, VCARD.hasTelephone, telephone))
    graph.add((dataset_uri(package["id"]), DCAT.contactPoint, node))


def add_theme(graph: Graph, dataset: URIRef, group: dict[str, Any]) -> None:
    concept = group_uri(group["name"])
    graph.add((dataset, DCAT.theme, concept))
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, URIRef(site_url(GROUPS_PATH))))
    _texts(graph, concept, SKOS.prefLabel, group["title"], group["title_en"])
    if group.get("theme_uri"):
        theme = URIRef(group["theme_uri"])
        graph.add((dataset, DCAT.theme, theme))
        graph.add((concept, SKOS.exactMatch, theme))


def add_distribution(
    graph: Graph, package: dict[str, Any], resource: dict[str, Any], license_url: str
) -> URIRef:
    subject = distribution_uri(package["id"], resource["id"])
    graph.add((subject, RDF.type, DCAT.Distribution))
    _texts(graph, subject, DCTERMS.title, resource["name"], resource["name_en"])
    _texts(graph, subject, DCTERMS.description, resource["description"], resource["description_en"])
    if resource["url"]:
        graph.add((subject, DCAT.accessURL, URIRef(resource["url"])))
        if resource["resource_type"] != "api":
            graph.add((subject, DCAT.downloadURL, URIRef(resource["url"])))
    label = (resource["format"] or "").upper()
    media_type, file_type = FILE_TYPES.get(label, ("", ""))
    media_type = media_type or resource["mimetype"] or ""
    if media_type:
        graph.add((subject, DCAT.mediaType, media_type_uri(media_type)))
    if file_type:
        graph.add((subject, DCTERMS["format"], EU_FILE_TYPE[file_type]))
    elif label:
        graph.add((subject, DCTERMS["format"], Literal(label)))
    if resource["size"] is not None:
        graph.add(
            (subject, DCAT.byteSize, Literal(resource["size"], datatype=XSD.nonNegativeInteger))
        )
    if resource["hash"]:
        checksum = BNode()
        graph.add((subject, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(resource["hash"], datatype=XSD.hexBinary)))
    if license_url:
        graph.add((subject, DCTERMS.license, URIRef(license_url)))
    for predicate, value in (
        (DCTERMS.issued, resource["created"]),
        (DCTERMS.modified, resource["last_modified"] or resource["metadata_modified"]),
    ):
        moment = _utc(value)
        if moment is not None:
            graph.add((subject, predicate, moment))
    return subject


def add_dataset(
    graph: Graph, package: dict[str, Any], contacts: dict[str, Contact] | None = None
) -> URIRef:
    """Describe one package dict (``serialize.package_dict``) in ``graph``."""
    subject = dataset_uri(package["id"])
    graph.add((subject, RDF.type, DCAT.Dataset))
    graph.add((subject, DCTERMS.identifier, Literal(package["id"])))
    _texts(graph, subject, DCTERMS.title, package["title"], package["title_en"])
    _texts(graph, subject, DCTERMS.description, package["notes"], package["notes_en"])
    for tag in package["tags"]:
        graph.add((subject, DCAT.keyword, Literal(tag["name"])))
    for group in package["groups"]:
        add_theme(graph, subject, group)
    graph.add((subject, DCTERMS.publisher, add_publisher(graph, package["organization"])))
    add_contact(graph, package, (contacts or {}).get(package["owner_org"]))
    graph.add((subject, DCTERMS.language, EU_LANGUAGE.JPN))
    graph.add((subject, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC))
    license_url = package["license_url"]
    if license_url:
        graph.add((subject, DCTERMS.license, URIRef(license_url)))
        add_license(graph, license_url, package["license_id"])
    if package["frequency"]:
        graph.add((subject, DCTERMS.accrualPeriodicity, FREQUENCY[package["frequency"]]))
    if package["spatial"] or package["spatial_code"]:
        location = BNode()
        graph.add((subject, DCTERMS.spatial, location))
        graph.add((location, RDF.type, DCTERMS.Location))
        graph.add(
            (
                location,
                SKOS.prefLabel,
                Literal(package["spatial"] or package["spatial_code"], lang="ja"),
            )
        )
        if package["spatial_code"]:
            graph.add((location, DCTERMS.identifier, Literal(package["spatial_code"])))
    if package["temporal_start"] or package["temporal_end"]:
        period = BNode()
        graph.add((subject, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if package["temporal_start"]:
            graph.add(
                (period, DCAT.startDate, Literal(package["temporal_start"], datatype=XSD.date))
            )
        if package["temporal_end"]:
            graph.add((period, DCAT.endDate, Literal(package["temporal_end"], datatype=XSD.date)))
    graph.add((subject, DCAT.landingPage, URIRef(package["page_url"])))
    if package["url"]:
        graph.add((subject, FOAF.page, URIRef(package["url"])))
    if package["version"]:
        graph.add((subject, OWL.versionInfo, Literal(package["version"])))
    if package["standard_key"]:
        graph.add((subject, DCTERMS.conformsTo, URIRef(STANDARD_URI)))
    for predicate, value in (
        (DCTERMS.issued, package["metadata_created"]),
        (DCTERMS.modified, package["metadata_modified"]),
    ):
        moment = _utc(value)
        if moment is not None:
            graph.add((subject, predicate, moment))
    for resource in package["resources"]:
        graph.add(
            (subject, DCAT.distribution, add_distribution(graph, package, resource, license_url))
        )
    return subject


def _city() -> tuple[str, str, str]:
    """(name, English name, 6-digit code) of the municipality, blank before set-up."""
    from yakuba.core.services import get_municipality

    profile = get_municipality()
    if profile is None:
        return "", "", ""
    return profile.name, profile.name_en, profile.code


def add_catalogue(graph: Graph, *, modified: datetime.datetime | None) -> URIRef:
    """The ``dcat:Catalog`` itself: title, description, publisher (the city), languages,
    licence of the metadata, home page, last modification, category scheme."""
    subject = catalogue_uri()
    name, name_en, code = _city()
    graph.add((subject, RDF.type, DCAT.Catalog))
    if name:
        title = _both_languages("%(city)s オープンデータカタログ", {"city": name})
        description = _both_languages(
            "%(city)sが公開するオープンデータの目録です。各データはそれぞれのライセンスの"
            "もとで自由に利用できます。",
            {"city": name},
        )
    else:
        title = _both_languages("オープンデータカタログ", {})
        description = _both_languages(
            "公開されているオープンデータの目録です。各データはそれぞれのライセンスの"
            "もとで自由に利用できます。",
            {},
        )
    _texts(graph, subject, DCTERMS.title, *title)
    _texts(graph, subject, DCTERMS.description, *description)
    publisher = BNode()
    graph.add((publisher, RDF.type, FOAF.Organization))
    _texts(graph, publisher, FOAF.name, name or _("市区町村"), name_en)
    if code:
        graph.add((publisher, DCTERMS.identifier, Literal(code)))
    graph.add((subject, DCTERMS.publisher, publisher))
    for language in ("JPN", "ENG"):
        graph.add((subject, DCTERMS.language, EU_LANGUAGE[language]))
    default_license = LICENSES[0]
    graph.add((subject, DCTERMS.license, URIRef(default_license.url)))
    add_license(graph, default_license.url, default_license.id)
    graph.add((subject, FOAF.homepage, subject))
    scheme = URIRef(site_url(GROUPS_PATH))
    graph.add((subject, DCAT.themeTaxonomy, scheme))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    _texts(graph, scheme, DCTERMS.title, *_both_languages("分類", {}))
    if modified is not None:
        graph.add(
            (
                subject,
                DCTERMS.modified,
                Literal(
                    modified.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                    datatype=XSD.dateTime,
                ),
            )
        )
    return subject


def page_url(extension: str, number: int, modified_since: datetime.datetime | None) -> str:
    query: dict[str, str] = {}
    if modified_since is not None:
        query["modified_since"] = modified_since.isoformat()
    query["page"] = str(number)
    return site_url(f"{CATALOGUE_PATH}catalog.{extension}?{urlencode(query)}")


def page_links(extension: str, page: CataloguePage) -> dict[str, str]:
    """first / previous / next / last page addresses (previous and next when they exist)."""
    links = {
        "first": page_url(extension, 1, page.modified_since),
        "last": page_url(extension, page.last, page.modified_since),
    }
    if page.number > 1:
        links["previous"] = page_url(extension, page.number - 1, page.modified_since)
    if page.number < page.last:
        links["next"] = page_url(extension, page.number + 1, page.modified_since)
    return links


def add_paging(graph: Graph, extension: str, page: CataloguePage) -> None:
    """ckanext-dcat's paging (``hydra:PagedCollection``, the ``…Page`` links as literals)
    and the current Hydra terms (``hydra:PartialCollectionView``, links as IRIs)."""
    links = page_links(extension, page)
    subject = URIRef(page_url(extension, page.number, page.modified_since))
    graph.add((subject, RDF.type, HYDRA.PagedCollection))
    graph.add((subject, RDF.type, HYDRA.PartialCollectionView))
    graph.add((subject, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    graph.add((subject, HYDRA.itemsPerPage, Literal(page.size, datatype=XSD.integer)))
    for key, old, current in (
        ("first", HYDRA.firstPage, HYDRA.first),
        ("previous", HYDRA.previousPage, HYDRA.previous),
        ("next", HYDRA.nextPage, HYDRA.next),
        ("last", HYDRA.lastPage, HYDRA.last),
    ):
        if key in links:
            graph.add((subject, old, Literal(links[key])))
            graph.add((subject, current, URIRef(links[key])))


def catalogue_graph(
    page: CataloguePage, extension: str, *, modified: datetime.datetime | None
) -> Graph:
    graph = new_graph()
    catalogue = add_catalogue(graph, modified=modified)
    contacts = publisher_contacts(queries.organizations())
    for dataset in page.datasets:
        graph.add((catalogue, DCAT.dataset, add_dataset(graph, package_dict(dataset), contacts)))
    add_paging(graph, extension, page)
    return graph


def dataset_graph(dataset: Dataset) -> Graph:
    graph = new_graph()
    add_dataset(graph, package_dict(dataset), publisher_contacts([dataset.organization]))
    return graph


def serialise(graph: Graph, extension: str) -> bytes:
    """The graph in the format of ``extension`` (a key of :data:`FORMATS`), UTF-8."""
    rdflib_format, _content_type = FORMATS[extension]
    if rdflib_format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
        return text.encode()
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def describe_page(
    extension: str, page: CataloguePage, *, modified: datetime.datetime | None
) -> bytes:
    return serialise(catalogue_graph(page, extension, modified=modified), extension)


def describe_dataset(extension: str, dataset: Dataset) -> bytes:
    return serialise(dataset_graph(dataset), extension)


__all__: Sequence[str] = [
    "FORMATS",
    "PAGE_SIZE",
    "CataloguePage",
    "CatalogueState",
    "PageNotFound",
    "catalogue_graph",
    "catalogue_page",
    "catalogue_state",
    "dataset_fingerprint",
    "dataset_graph",
    "describe_dataset",
    "describe_page",
    "page_links",
    "public_dataset",
    "serialise",
]
