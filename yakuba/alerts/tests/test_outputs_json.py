"""The JSON API: records, filters, cursor pagination, CORS and 400s (never 500s)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.alerts.models import Alert, MsgType
from yakuba.alerts.outputs.testing import sent_alert
from yakuba.alerts.services import compose

from .test_outputs_fixtures import city, no_delivery  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city", "no_delivery")]
LIST = "portal:alert_feeds:api_alerts"


def test_record_carries_every_field(client, categories, areas):
    original = sent_alert(categories["bosai"], area_codes=["0004001"])
    update = sent_alert(
        categories["bosai"],
        references=original,
        area_codes=["0004001"],
        title_en="Heavy rain warning",
        body_en="Evacuate if in danger.",
        expires_at=timezone.now() + datetime.timedelta(hours=3),
    )
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["next_cursor"] is None and data["next"] is None
    record = data["alerts"][0]
    assert record["id"] == update.pk and record["identifier"] == update.identifier
    assert record["msg_type"] == "Update" and record["status"] == "Actual"
    assert record["references"] == {"id": original.pk, "identifier": original.identifier}
    assert record["category"]["code"] == "bosai" and record["category"]["name"] == "防災・気象"
    assert record["category"]["names"]["en"] == "Disaster and weather"
    assert record["event"] == "大雨"
    assert (record["severity"], record["urgency"], record["certainty"]) == (
        "Moderate",
        "Expected",
        "Likely",
    )
    assert record["titles"] == {"ja": "大雨に注意してください", "en": "Heavy rain warning"}
    assert record["bodies"]["en"] == "Evacuate if in danger."
    assert record["areas"] == [{"code": "0004001", "name": "本町一丁目"}]
    assert record["sent"].endswith("+09:00")
    assert datetime.datetime.fromisoformat(record["expires"]) == update.expires_at.replace(
        microsecond=0
    )
    assert record["url"] == f"http://127.0.0.1:8000/alerts/{update.pk}/"
    assert record["cap_url"] == f"http://127.0.0.1:8000/alerts/{update.pk}.cap"
    assert data["alerts"][1]["references"] is None
    single = client.get(reverse("portal:alert_feeds:api_alert", args=[update.pk])).json()
    assert single["alert"]["identifier"] == update.identifier


@pytest.mark.db_guarantees  # the area filter compares JSON text: same on both
def test_filters_by_category_area_and_time(client, categories, areas):
    whole_city = sent_alert(categories["bosai"])
    honcho = sent_alert(categories["bosai"], area_codes=["0004001"])
    midorigaoka = sent_alert(categories["bosai"], area_codes=["0012000"])
    news = sent_alert(categories["shisei"])

    def ids(**parameters) -> list[int]:
        response = client.get(reverse(LIST), parameters)
        assert response.status_code == 200, response.content
        return [record["id"] for record in response.json()["alerts"]]

    assert ids(category="shisei") == [news.pk]
    assert ids(area="0004001", category="bosai") == [honcho.pk, whole_city.pk]
    assert ids(area="0012000") == [news.pk, midorigaoka.pk, whole_city.pk]
    Alert.objects.filter(pk=whole_city.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=3)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).astimezone(
        datetime.timezone(datetime.timedelta(hours=9))
    )
    assert whole_city.pk not in ids(since=since.isoformat(timespec="seconds"))
    assert whole_city.pk in ids(since=(since - datetime.timedelta(days=5)).date().isoformat())
    assert ids(category="kenko") == []


def test_cursor_walks_every_alert_once(client, categories):
    made = [sent_alert(categories["shisei"], title_ja=f"お知らせ{n}") for n in range(7)]
    seen: list[int] = []
    parameters: dict[str, str] = {"limit": "3"}
    pages = 0
    while True:
        data = client.get(reverse(LIST), parameters).json()
        pages += 1
        seen += [record["id"] for record in data["alerts"]]
        if data["next_cursor"] is None:
            break
        assert data["next"].startswith("http://127.0.0.1:8000/alerts/api/alerts.json?")
        # An alert sent meanwhile does not shift the pages already handed out.
        if pages == 1:
            sent_alert(categories["shisei"], title_ja="途中で配信")
        parameters = {"limit": "3", "cursor": data["next_cursor"]}
    assert pages == 3
    assert seen == [alert.pk for alert in reversed(made)]


@pytest.mark.parametrize(
    ("parameters", "parameter"),
    [
        ({"limit": "101"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-13-01"}, "since"),
        ({"area": "12"}, "area"),
        ({"category": "<script>"}, "category"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WzEsMl0"}, "cursor"),  # base64 of [1,2]: well-formed, wrong content
        ({"page": "2"}, "page"),
    ],
)
def test_bad_parameters_get_a_400_in_both_languages(client, categories, parameters, parameter):
    response = client.get(reverse(LIST), parameters)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message_ja"] and error["message_en"]
    assert error["message_ja"] != error["message_en"]


def test_unsent_alert_is_a_json_404(client, categories, composer):
    draft = compose.create_draft(
        composer,
        compose.AlertContent(
            category=categories["bosai"], event="大雨", title_ja="下書き", body_ja="本文"
        ),
    )
    response = client.get(reverse("portal:alert_feeds:api_alert", args=[draft.pk]))
    assert response.status_code == 404
    assert response.json()["error"]["message_ja"] == "配信が見つかりません。"
    assert draft.pk not in [record["id"] for record in client.get(reverse(LIST)).json()["alerts"]]


def test_only_get_and_head(client, categories):
    assert client.post(reverse(LIST)).status_code == 405
    assert client.head(reverse(LIST)).status_code == 200


def test_list_uses_a_constant_number_of_queries(
    client, categories, areas, django_assert_max_num_queries
):
    original = sent_alert(categories["bosai"], area_codes=["0004001"])
    for number in range(25):
        sent_alert(
            categories["bosai"],
            references=original if number % 2 else None,
            msg_type=MsgType.UPDATE if number % 2 else MsgType.ALERT,
            title_ja=f"お知らせ{number}",
        )
    with django_assert_max_num_queries(3):
        response = client.get(reverse(LIST), {"limit": "100"})
    assert len(response.json()["alerts"]) == 26
