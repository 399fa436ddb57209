"""Staff pages: who may see and change what; rule edits change the outcome; CAP upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yakuba.alerts.ingest.apply import receive_jma
from yakuba.alerts.ingest.models import IngestRule, Outcome, ReceivedMessage
from yakuba.alerts.models import Alert, AlertStatus
from yakuba.core.registries import staff_menu

from .conftest import CAP, LEGACY, fixture_bytes

pytestmark = pytest.mark.django_db

URLS = {
    "messages": reverse("console:alerts_ingest:messages"),
    "rules": reverse("console:alerts_ingest:rules"),
    "cap": reverse("console:alerts_ingest:cap_upload"),
}


def member(role: str, code: str = "bosai"):
    from yakuba.identity.models import OrgUnit
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    unit = OrgUnit.objects.filter(code=code).first() or OrgUnitFactory(code=code, name=code)
    return AssignmentFactory(
        org_unit=unit, role=role, user__email=f"{role}@{code}.example.lg.jp"
    ).user


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("viewer", {"messages": 200, "rules": 403, "cap": 403}),
        ("operator", {"messages": 200, "rules": 403, "cap": 200}),
        ("admin", {"messages": 200, "rules": 200, "cap": 200}),
    ],
)
def test_access_by_role(role, expected, city, staff_client):
    http = staff_client(member(role))
    assert {name: http.get(url).status_code for name, url in URLS.items()} == expected


def test_other_departments_and_anonymous_are_kept_out(city, client, staff_client):
    assert client.get(URLS["messages"]).status_code == 302
    http = staff_client(member("admin", code="shimin"))
    assert http.get(URLS["messages"]).status_code == 403


def test_message_list_shows_outcome_and_alert(city, staff_client):
    receive_jma("http://jma.test/data/" + LEGACY, fixture_bytes(LEGACY))
    page = staff_client(member("viewer")).get(URLS["messages"]).content.decode()
    assert "東京都気象警報・注意報" in page and "自動配信" in page
    assert "武蔵村山市に大雨警報が発表されました" in page
    assert reverse("console:alerts:detail", args=[Alert.objects.get(event="大雨警報").pk]) in page


def test_rule_edit_by_staff_changes_the_outcome(city, staff_client):
    http = staff_client(member("admin"))
    rules = list(IngestRule.objects.all())
    data = {"form": "actions", **{f"rule_{r.pk}": r.action for r in rules}}
    warning = IngestRule.objects.get(kind="weather", phenomenon="", level="warning")
    data[f"rule_{warning.pk}"] = "draft"
    response = http.post(URLS["rules"], data)
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.action == "draft"
    record = receive_jma("http://jma.test/data/" + LEGACY, fixture_bytes(LEGACY))
    assert record.outcome_code == Outcome.PENDING
    assert Alert.objects.get(event="大雨警報").status == AlertStatus.PENDING


def test_add_and_delete_a_rule(city, staff_client):
    http = staff_client(member("admin"))
    bad = http.post(
        URLS["rules"],
        {"form": "add", "kind": "quake", "phenomenon": "", "level": "9", "action": "send_now"},
    )
    assert bad.status_code == 200 and "震度は" in bad.content.decode()
    http.post(
        URLS["rules"],
        {"form": "add", "kind": "quake", "phenomenon": "", "level": "5弱", "action": "send_now"},
    )
    rule = IngestRule.objects.get(kind="quake", level="5-")
    http.post(reverse("console:alerts_ingest:rule_delete", args=[rule.pk]))
    assert not IngestRule.objects.filter(pk=rule.pk).exists()
    generic = IngestRule.objects.get(kind="weather", phenomenon="", level="warning")
    http.post(reverse("console:alerts_ingest:rule_delete", args=[generic.pk]))
    assert IngestRule.objects.filter(pk=generic.pk).exists()


def test_cap_upload_goes_through_the_rules(city, staff_client):
    http = staff_client(member("operator"))
    upload = SimpleUploadedFile("cap.xml", fixture_bytes(CAP), content_type="application/xml")
    response = http.post(URLS["cap"], {"document": upload})
    assert response.status_code == 302
    record = ReceivedMessage.objects.get(source="cap")
    assert record.outcome_code == Outcome.SENT and record.alert.status == AlertStatus.SENDING
    junk = SimpleUploadedFile("cap.xml", b"<alert", content_type="application/xml")
    page = http.post(URLS["cap"], {"document": junk})
    assert page.status_code == 200 and "読み取れませんでした" in page.content.decode()


def test_menu_entry_is_registered():
    entry = {e.key: e for e in staff_menu.all()}["alerts_ingest.messages"]
    assert entry.url_name == "console:alerts_ingest:messages" and "bosai" in entry.departments


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_rules_cannot_be_changed_without_the_settings_role(role, city, staff_client):
    http = staff_client(member(role))
    warning = IngestRule.objects.get(kind="weather", phenomenon="", level="warning")
    before = sorted(IngestRule.objects.values_list("kind", "phenomenon", "level", "action"))
    responses = [
        http.post(URLS["rules"], {"form": "actions", f"rule_{warning.pk}": "ignore"}),
        http.post(
            URLS["rules"],
            {
                "form": "add",
                "kind": "weather",
                "phenomenon": "雷",
                "level": "advisory",
                "action": "ignore",
            },
        ),
        http.post(reverse("console:alerts_ingest:rule_delete", args=[warning.pk])),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert sorted(IngestRule.objects.values_list("kind", "phenomenon", "level", "action")) == before


def test_viewer_cannot_upload_cap(city, staff_client):
    http = staff_client(member("viewer"))
    upload = SimpleUploadedFile("cap.xml", fixture_bytes(CAP), content_type="application/xml")
    assert http.post(URLS["cap"], {"document": upload}).status_code == 403
    assert not ReceivedMessage.objects.exists()


def test_message_list_queries_do_not_grow_with_rows(
    city, staff_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = staff_client(member("viewer"))
    receive_jma("http://jma.test/data/" + LEGACY, fixture_bytes(LEGACY))
    with CaptureQueriesContext(connection) as one:
        http.get(URLS["messages"])
    for minute in range(5):
        name = LEGACY.replace("074500", f"07{50 + minute}00")
        data = fixture_bytes(LEGACY).replace(b"16:45:00", f"16:{50 + minute}:00".encode())
        receive_jma("http://jma.test/data/" + name, data)
    with django_assert_max_num_queries(len(one.captured_queries)):
        http.get(URLS["messages"])
