"""Atom 1.0 feeds (alerts and CAP index): valid per RFC 4287, filters, conditional GET."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from django.urls import reverse
from lxml import etree

from yakuba.alerts.models import Alert, AlertStatus
from yakuba.alerts.outputs.testing import sent_alert
from yakuba.alerts.services import compose

from .test_outputs_fixtures import city, no_delivery  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city", "no_delivery")]
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def relax_ng() -> etree.RelaxNG:
    """RFC 4287 Appendix B, transcribed to RELAX NG XML syntax next to this file."""
    return etree.RelaxNG(etree.parse(str(Path(__file__).with_name("test_outputs_atom.rng"))))


def valid_atom(body: bytes, relax_ng: etree.RelaxNG) -> etree._Element:
    root = etree.fromstring(body)
    relax_ng.assertValid(root)
    # The appendix's Schematron rules, which RELAX NG cannot express:
    entries = root.findall("atom:entry", ATOM)
    assert root.find("atom:author", ATOM) is not None or all(
        entry.find("atom:author", ATOM) is not None for entry in entries
    )
    for entry in entries:
        assert entry.xpath("atom:link[@rel='alternate'] or atom:content", namespaces=ATOM)
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return root


def texts(root: etree._Element, path: str) -> list[str]:
    return [element.text for element in root.xpath(path, namespaces=ATOM)]


def test_feed_lists_sent_alerts_newest_first(client, categories, composer, relax_ng):
    first = sent_alert(categories["bosai"])
    second = sent_alert(categories["shisei"], title_ja="市役所の窓口時間", body_ja="変わります。")
    draft = compose.create_draft(
        composer,
        compose.AlertContent(
            category=categories["shisei"], event="案内", title_ja="下書き", body_ja="未送信"
        ),
    )
    response = client.get(reverse("portal:alert_feeds:feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    root = valid_atom(response.content, relax_ng)
    assert texts(root, "atom:entry/atom:id") == [second.identifier, first.identifier]
    assert draft.identifier not in response.content.decode()
    assert texts(root, "atom:id") == ["http://127.0.0.1:8000/alerts/feed.atom"]
    assert texts(root, "atom:author/atom:name") == ["武蔵村山市"]
    assert root.xpath("atom:link[@rel='self']/@href", namespaces=ATOM) == [
        "http://127.0.0.1:8000/alerts/feed.atom"
    ]
    entry = root.find("atom:entry", ATOM)
    assert texts(entry, "atom:title") == ["市役所の窓口時間"]
    assert texts(entry, "atom:content") == ["変わります。"]
    assert entry.xpath("atom:category/@term", namespaces=ATOM) == ["shisei"]
    assert entry.xpath("atom:link[@rel='alternate']/@href", namespaces=ATOM) == [
        f"http://127.0.0.1:8000/alerts/{second.pk}/"
    ]
    assert texts(root, "atom:updated") == texts(entry, "atom:updated")


def test_category_and_language_filters(client, categories, relax_ng):
    bosai = sent_alert(categories["bosai"], title_en="Heavy rain", body_en="Stay away from rivers.")
    sent_alert(categories["shisei"])
    response = client.get(reverse("portal:alert_feeds:feed"), {"category": "bosai", "lang": "en"})
    root = valid_atom(response.content, relax_ng)
    assert root.get(XML_LANG) == "en-US"
    assert texts(root, "atom:entry/atom:id") == [bosai.identifier]
    assert texts(root, "atom:entry/atom:title") == ["Heavy rain"]
    assert root.xpath("atom:entry/atom:category/@label", namespaces=ATOM) == [
        "Disaster and weather"
    ]
    assert texts(root, "atom:author/atom:name") == ["Musashimurayama City"]
    easy = client.get(reverse("portal:alert_feeds:feed"), {"lang": "easy"})
    root = valid_atom(easy.content, relax_ng)
    # No やさしい日本語 text: the Japanese shows, marked as such.
    assert {entry.get(XML_LANG) for entry in root.findall("atom:entry", ATOM)} == {"ja-JP"}


def test_bad_parameters_are_refused_not_crashed(client, categories):
    response = client.get(reverse("portal:alert_feeds:feed"), {"lang": "fr"})
    assert response.status_code == 400 and "lang" in response.content.decode()
    response = client.get(reverse("portal:alert_feeds:cap_feed"), {"category": "nothing"})
    assert response.status_code == 400 and "配信分類" in response.content.decode()


def test_cap_index_links_each_cap_document(client, categories, relax_ng):
    alert = sent_alert(categories["bosai"])
    response = client.get(reverse("portal:alert_feeds:cap_feed"))
    root = valid_atom(response.content, relax_ng)
    links = root.xpath("atom:entry/atom:link[@type='application/cap+xml']/@href", namespaces=ATOM)
    assert links == [f"http://127.0.0.1:8000/alerts/{alert.pk}.cap"]
    document = client.get(reverse("portal:alert_feeds:cap", args=[alert.pk]))
    assert document.status_code == 200
    assert document["Content-Type"] == "application/cap+xml; charset=utf-8"
    assert alert.identifier in document.content.decode()


def test_empty_feed_is_valid(client, categories, relax_ng):
    response = client.get(reverse("portal:alert_feeds:feed"))
    root = valid_atom(response.content, relax_ng)
    assert root.findall("atom:entry", ATOM) == []


def test_conditional_get_answers_304_until_something_is_sent(client, categories):
    sent_alert(categories["bosai"])
    url = reverse("portal:alert_feeds:feed")
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    other_language = client.get(url, {"lang": "en"}, headers={"If-None-Match": etag})
    assert other_language.status_code == 200
    newer = sent_alert(categories["shisei"])
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert newer.identifier in fresh.content.decode()


def test_unsent_alerts_have_no_cap_document(client, categories, composer):
    draft = compose.create_draft(
        composer,
        compose.AlertContent(
            category=categories["bosai"], event="大雨", title_ja="下書き", body_ja="本文"
        ),
    )
    assert client.get(reverse("portal:alert_feeds:cap", args=[draft.pk])).status_code == 404
    Alert.objects.filter(pk=draft.pk).update(status=AlertStatus.SENT)
    assert client.get(reverse("portal:alert_feeds:cap", args=[draft.pk])).status_code == 200


def test_feeds_use_a_constant_number_of_queries(client, categories, django_assert_max_num_queries):
    for number in range(3):
        sent_alert(categories["bosai"], title_ja=f"お知らせ{number}")
    for name in ("feed", "cap_feed"):
        with django_assert_max_num_queries(4):
            client.get(reverse(f"portal:alert_feeds:{name}"), {"category": "bosai"})
    for number in range(30):
        sent_alert(categories["bosai"], title_ja=f"追加{number}")
    for name in ("feed", "cap_feed"):
        with django_assert_max_num_queries(4):
            response = client.get(reverse(f"portal:alert_feeds:{name}"), {"category": "bosai"})
        assert response.content.count(b"<entry") == 33
    # A repeat read of an unchanged feed is one aggregate query (body from the cache).
    with django_assert_max_num_queries(1):
        client.get(reverse("portal:alert_feeds:feed"), {"category": "bosai"})
