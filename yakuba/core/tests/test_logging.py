"""The structured request log: one JSON line per request, request id, no personal data.

The lines are formatted by the JSON formatter that ``settings.LOGGING`` installs
on the root logger, so these tests check the bytes an operator would see.
This module doubles as the URLconf of its tests (``pytest.mark.urls``): a route
with an integer parameter and one with a name in the path.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from pythonjsonlogger.json import JsonFormatter

PERSONAL_NAME = "山田太郎"


def thing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    logging.getLogger("yakuba.tests.view").info("inside the view")
    return HttpResponse("ok")


def person_detail(request: HttpRequest, name: str) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("things/<int:pk>/", thing_detail, name="thing_detail"),
    path("people/<str:name>/", person_detail, name="person_detail"),
]

pytestmark = pytest.mark.urls("yakuba.core.tests.test_logging")


@contextlib.contextmanager
def formatted_log(logger_name: str) -> Iterator[io.StringIO]:
    """Capture what ``logger_name`` emits, formatted and filtered like the configured console handler."""
    configured = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, JsonFormatter)
    ]
    assert configured, "settings.LOGGING installs a JSON formatter on the root logger"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured[0].formatter)
    for configured_filter in configured[0].filters:
        handler.addFilter(configured_filter)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def log_output():
    """Everything logged under ``yakuba`` during the test, as an operator would read it."""
    with formatted_log("yakuba") as stream:
        yield stream


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def _request_lines(stream: io.StringIO) -> list[dict]:
    return [record for record in _records(stream) if record["logger"] == "yakuba.request"]


def test_request_line_is_json_with_route_pattern_status_and_duration(client, log_output):
    response = client.get("/things/42/")

    [line] = _request_lines(log_output)
    assert response.status_code == 200
    assert line["message"] == "request"
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["route"] == "/things/<int:pk>/"
    assert line["view"] == "thing_detail"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert line["request_id"] == response["X-Request-ID"]
    assert "42" not in line["route"]


def test_records_logged_inside_the_view_carry_the_request_id(client, log_output):
    response = client.get("/things/7/")

    view_lines = [
        record for record in _records(log_output) if record["logger"] == "yakuba.tests.view"
    ]
    assert [record["message"] for record in view_lines] == ["inside the view"]
    assert view_lines[0]["request_id"] == response["X-Request-ID"]


def test_valid_incoming_request_id_is_echoed_and_logged(client, log_output):
    response = client.get("/things/1/", headers={"X-Request-ID": "nginx-5f2c1a9e.01"})

    assert response["X-Request-ID"] == "nginx-5f2c1a9e.01"
    assert _request_lines(log_output)[0]["request_id"] == "nginx-5f2c1a9e.01"


@pytest.mark.parametrize(
    "incoming",
    ["short", "has spaces in it", "x" * 65, "injected\\nlevel=ERROR", "山田太郎のリクエスト"],
)
def test_malformed_incoming_request_id_is_replaced(client, log_output, incoming):
    response = client.get("/things/1/", headers={"X-Request-ID": incoming})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert _request_lines(log_output)[0]["request_id"] == response["X-Request-ID"]


def _forms_of(text: str) -> list[str]:
    """The ways a string can appear in a log file: raw, percent-encoded, JSON-escaped."""
    from urllib.parse import quote

    return [text, quote(text), json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]]


def test_personal_data_in_the_query_string_never_reaches_the_log(client, log_output):
    client.get("/things/3/", {"name": PERSONAL_NAME, "address": "武蔵村山市本町1-1-1"})

    output = log_output.getvalue()
    assert _request_lines(log_output)[0]["route"] == "/things/<int:pk>/"
    for value in (PERSONAL_NAME, "武蔵村山市本町1-1-1", "name=", "address="):
        for form in _forms_of(value):
            assert form not in output


def test_personal_data_in_the_path_never_reaches_the_log(client, log_output):
    response = client.get(f"/people/{PERSONAL_NAME}/")

    [line] = _request_lines(log_output)
    assert response.status_code == 200
    assert line["route"] == "/people/<str:name>/"
    for form in _forms_of(PERSONAL_NAME):
        assert form not in log_output.getvalue()


def test_unmatched_path_logs_no_route_and_no_path(client, log_output):
    response = client.get(f"/no-such-page/{PERSONAL_NAME}/")

    [line] = _request_lines(log_output)
    assert response.status_code == 404
    assert line["status"] == 404
    assert line["route"] == "-"
    assert line["view"] == "-"
    for form in _forms_of(PERSONAL_NAME):
        assert form not in log_output.getvalue()
