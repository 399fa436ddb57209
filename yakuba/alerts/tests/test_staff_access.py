"""Who may open and use the staff alert pages: the whole cast, and nothing changes on refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.alerts.models import Alert, AlertStatus
from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent
from yakuba.identity.testing import login_citizen, login_staff

pytestmark = pytest.mark.django_db


def _member(unit, role: str, email: str):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(org_unit=unit, role=role, user__email=email).user


@pytest.fixture
def pending(categories, composer):
    alert = compose.create_draft(
        composer,
        AlertContent(
            category=categories["bosai"],
            event="大雨",
            title_ja="大雨に注意",
            body_ja="川に近づかない。",
        ),
    )
    return compose.submit(composer, alert)


@pytest.fixture
def cast(citizen, clerk_a, composer, approver, bosai):
    return {
        "anonymous": None,
        "citizen": citizen,
        "clerk_a": clerk_a,
        "viewer": _member(bosai, "viewer", "viewer@city.example.lg.jp"),
        "composer": composer,
        "approver": approver,
        "admin": _member(bosai, "admin", "admin.bosai@city.example.lg.jp"),
    }


def _client(client, cast, who):
    user = cast[who]
    if user is None:
        return client
    if who == "citizen":
        return login_citizen(client, user)
    return login_staff(client, user)


# (url name, needs the pending alert's pk) → the lowest role that gets 200
PAGES = [
    ("console:alerts:list", False, "viewer"),
    ("console:alerts:detail", True, "viewer"),
    ("console:alerts:preview", True, "viewer"),
    ("console:alerts:progress_json", True, "viewer"),
    ("console:alerts:new", False, "composer"),
    ("console:alerts:withdraw", True, "composer"),
    ("console:alerts:review", True, "approver"),
    ("console:alerts:settings", False, "admin"),
    ("console:alerts:template_new", False, "admin"),
]
RANK = ["viewer", "composer", "approver", "admin"]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "clerk_a", *RANK])
@pytest.mark.parametrize(("name", "with_pk", "minimum"), PAGES)
def test_page_access(client, cast, pending, who, name, with_pk, minimum):
    url = reverse(name, args=[pending.pk] if with_pk else [])
    response = _client(client, cast, who).get(url)
    if who in ("anonymous", "citizen"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:login"))
    elif who == "clerk_a" or RANK.index(who) < RANK.index(minimum):
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "citizen", "clerk_a", "viewer", "composer"])
def test_approval_refused_changes_nothing(client, cast, pending, who):
    url = reverse("console:alerts:review", args=[pending.pk])
    response = _client(client, cast, who).post(url, {"decision": "approve"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == AlertStatus.PENDING and pending.approved_by is None


@pytest.mark.parametrize("who", ["anonymous", "citizen", "clerk_a", "viewer"])
def test_compose_refused_creates_nothing(client, cast, categories, who):
    before = Alert.objects.count()
    response = _client(client, cast, who).post(
        reverse("console:alerts:new"),
        {"category": categories["bosai"].pk, "title_ja": "x", "body_ja": "y", "event": "z"},
    )
    assert response.status_code in (302, 403)
    assert Alert.objects.count() == before


def test_settings_refused_to_composer_changes_nothing(client, cast, categories):
    bosai = categories["bosai"]
    response = login_staff(client, cast["composer"]).post(reverse("console:alerts:settings"), {})
    assert response.status_code == 403
    bosai.refresh_from_db()
    assert bosai.requires_approval is True


@pytest.mark.parametrize("who", ["anonymous", "citizen", "clerk_a", "viewer"])
@pytest.mark.parametrize("name", ["submit", "withdraw", "update", "cancel", "retry", "edit"])
def test_actions_refused_below_operator_change_nothing(client, cast, pending, who, name):
    before = (Alert.objects.count(), pending.events.count())
    response = _client(client, cast, who).post(
        reverse(f"console:alerts:{name}", args=[pending.pk]), {"reason_ja": "x", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    if who in ("clerk_a", "viewer"):
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == AlertStatus.PENDING
    assert (Alert.objects.count(), pending.events.count()) == before
