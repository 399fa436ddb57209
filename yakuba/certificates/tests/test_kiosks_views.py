"""Staff pages for kiosks and maintenance windows: access for the standing cast (and a
市民課 admin), the register / change / stop / enrolment-link flows, windows add/remove."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.certificates.models import Kiosk, MaintenanceWindow
from yakuba.certificates.services import kiosks as services
from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory
from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

QUERY_BASELINE_KIOSK_LIST = (
    11  # session, user, roles, menu… + kiosks (one query) + windows + status
)
CAST = ["anonymous", "citizen", "clerk_a", "clerk_b", "supervisor", "system_admin", "accountant"]


@pytest.fixture
def kiosk_admin(unit_a):
    return AssignmentFactory(org_unit=unit_a, role="admin").user


@pytest.fixture
def accountant(db):
    unit = OrgUnitFactory(code="kaikei", name="会計課", name_en="Accounting Division")
    return AssignmentFactory(org_unit=unit, role="viewer").user


@pytest.fixture
def kiosk(db):
    return KioskFactory(code="K0001", name="セブン-イレブン武蔵村山中央店")


@pytest.fixture
def window(db):
    starts = timezone.now() + datetime.timedelta(days=3)
    return MaintenanceWindow.objects.create(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), reason="保守点検"
    )


def _as(client, request, who):
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if who == "citizen":
        return login_citizen(client, user)
    return login_staff(client, user)


def _state():
    return (
        list(Kiosk.objects.values_list("code", "name", "is_active", "enrolment_token_hash")),
        list(MaintenanceWindow.objects.values_list("pk", flat=True)),
    )


PAGES = [
    ("kiosk_list", lambda k, w: []),
    ("kiosk_new", lambda k, w: []),
    ("kiosk_detail", lambda k, w: [k.pk]),
    ("kiosk_edit", lambda k, w: [k.pk]),
    ("kiosk_enrolment", lambda k, w: [k.pk]),
    ("maintenance_list", lambda k, w: []),
    ("maintenance_new", lambda k, w: []),
    ("maintenance_remove", lambda k, w: [w.pk]),
]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(("name", "arguments"), PAGES)
def test_only_citizens_division_admins_open_the_kiosk_pages(
    client, request, kiosk, window, who, name, arguments
):
    url = reverse(f"console:certificates:{name}", args=arguments(kiosk, window))
    before = _state()
    browser = _as(client, request, who)
    response = browser.get(url)
    posted = browser.post(url, {"code": "K0009", "name": "x", "valid_days": "7"})
    if who in ("anonymous", "citizen"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:login"))
        assert posted.status_code in (302, 405)
    else:
        assert response.status_code == 403
        assert posted.status_code in (403, 405)
    assert _state() == before


@pytest.mark.parametrize(("name", "arguments"), PAGES)
def test_a_citizens_division_admin_opens_every_page(
    client, kiosk_admin, kiosk, window, name, arguments
):
    response = login_staff(client, kiosk_admin).get(
        reverse(f"console:certificates:{name}", args=arguments(kiosk, window))
    )
    assert response.status_code == 200


def test_the_list_shows_todays_counts_and_the_service_status(client, kiosk_admin, kiosk):
    IssuanceFactory(kiosk=kiosk, copies=2)
    IssuanceFactory(kiosk=kiosk, copies=1, issued_at=timezone.now() - datetime.timedelta(days=2))
    KioskFactory(code="K0002", name="ローソン武蔵村山学園店")
    page = login_staff(client, kiosk_admin).get(reverse("console:certificates:kiosk_list"))
    body = page.content.decode()
    assert "セブン-イレブン武蔵村山中央店" in body and "ローソン武蔵村山学園店" in body
    row = body[body.index("K0001</a>") : body.index("K0002</a>")]
    assert '<td class="numeric">1</td>' in row and '<td class="numeric">2</td>' in row
    assert "400円" in row
    assert ("ただいま証明書を交付しています。" in body) or ("交付時間外" in body)


def test_registering_a_kiosk(client, kiosk_admin):
    browser = login_staff(client, kiosk_admin)
    url = reverse("console:certificates:kiosk_new")
    bad = browser.post(url, {"code": "k 1", "name": ""})
    assert bad.status_code == 400
    assert "入力内容に問題があります" in bad.content.decode()
    assert Kiosk.objects.count() == 0
    good = browser.post(
        url,
        {
            "code": "k0003",
            "name": "ファミリーマート武蔵村山店",
            "latitude": "35.75",
            "longitude": "139.39",
        },
    )
    kiosk = Kiosk.objects.get()
    assert good.status_code == 302
    assert good["Location"] == reverse("console:certificates:kiosk_detail", args=[kiosk.pk])
    assert kiosk.code == "K0003"


def test_a_taken_code_comes_back_on_the_form(client, kiosk_admin, kiosk):
    response = login_staff(client, kiosk_admin).post(
        reverse("console:certificates:kiosk_new"), {"code": "K0001", "name": "別の店"}
    )
    assert response.status_code == 400
    assert "このキオスクIDは既に登録されています。" in response.content.decode()
    assert Kiosk.objects.count() == 1


def test_changing_a_kiosk(client, kiosk_admin, kiosk):
    browser = login_staff(client, kiosk_admin)
    url = reverse("console:certificates:kiosk_edit", args=[kiosk.pk])
    assert "セブン-イレブン武蔵村山中央店" in browser.get(url).content.decode()
    response = browser.post(url, {"code": "K0001", "name": "新しい店名", "address": "本町1-1"})
    assert response.status_code == 302
    kiosk.refresh_from_db()
    assert (kiosk.name, kiosk.address) == ("新しい店名", "本町1-1")


def test_the_enrolment_link_is_shown_once_with_a_qr_code(client, kiosk_admin, kiosk, settings):
    settings.YAKUBA_SITE_URL = "https://www.city.example.lg.jp"
    browser = login_staff(client, kiosk_admin)
    url = reverse("console:certificates:kiosk_enrolment", args=[kiosk.pk])
    response = browser.post(url, {"valid_days": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    kiosk.refresh_from_db()
    link_start = body.index("https://www.city.example.lg.jp/kiosk/enrol/")
    link = body[link_start : body.index("</code>", link_start)]
    token = link.rsplit("/", 2)[-2]
    assert services.token_hash(token) == kiosk.enrolment_token_hash
    assert 'src="data:image/svg+xml' in body
    expected = timezone.now() + datetime.timedelta(days=1)
    assert abs((kiosk.enrolment_expires_at - expected).total_seconds()) < 60
    detail = browser.get(reverse("console:certificates:kiosk_detail", args=[kiosk.pk]))
    assert token not in detail.content.decode()
    assert services.enrol_device(token)[0].pk == kiosk.pk


def test_a_bad_validity_choice_is_refused(client, kiosk_admin, kiosk):
    response = login_staff(client, kiosk_admin).post(
        reverse("console:certificates:kiosk_enrolment", args=[kiosk.pk]), {"valid_days": "365"}
    )
    assert response.status_code == 400
    kiosk.refresh_from_db()
    assert kiosk.enrolment_token_hash == ""


def test_stopping_and_resuming_a_kiosk(client, kiosk_admin, kiosk):
    browser = login_staff(client, kiosk_admin)
    url = reverse("console:certificates:kiosk_status", args=[kiosk.pk])
    assert browser.get(url).status_code == 405
    browser.post(url, {"action": "deactivate"})
    kiosk.refresh_from_db()
    assert not kiosk.is_active
    detail = browser.get(reverse("console:certificates:kiosk_detail", args=[kiosk.pk]))
    assert "稼働を再開する" in detail.content.decode()
    browser.post(url, {"action": "activate"})
    kiosk.refresh_from_db()
    assert kiosk.is_active
    browser.post(url, {"action": "explode"})
    kiosk.refresh_from_db()
    assert kiosk.is_active


def test_an_unknown_kiosk_is_404(client, kiosk_admin):
    browser = login_staff(client, kiosk_admin)
    assert browser.get(reverse("console:certificates:kiosk_detail", args=[999])).status_code == 404
    assert browser.get(reverse("console:certificates:kiosk_edit", args=[999])).status_code == 404


def test_adding_and_removing_a_maintenance_window(client, kiosk_admin):
    browser = login_staff(client, kiosk_admin)
    day = timezone.localdate() + datetime.timedelta(days=5)
    url = reverse("console:certificates:maintenance_new")
    bad = browser.post(
        url,
        {"starts_at": f"{day}T10:00", "ends_at": f"{day}T09:00", "reason": "点検"},
    )
    assert bad.status_code == 400
    assert "終了日時は開始日時より後にしてください。" in bad.content.decode()
    garbage = browser.post(url, {"starts_at": "あした", "ends_at": "", "reason": ""})
    assert garbage.status_code == 400
    assert MaintenanceWindow.objects.count() == 0
    good = browser.post(
        url,
        {
            "starts_at": f"{day}T01:00",
            "ends_at": f"{day}T05:00",
            "reason": "システムの保守点検",
            "reason_en": "System maintenance",
        },
    )
    assert good.status_code == 302
    window = MaintenanceWindow.objects.get()
    assert timezone.localtime(window.starts_at).hour == 1
    assert window.created_by == kiosk_admin
    listing = browser.get(reverse("console:certificates:maintenance_list")).content.decode()
    assert "システムの保守点検" in listing and "System maintenance" in listing
    remove = reverse("console:certificates:maintenance_remove", args=[window.pk])
    assert browser.post(remove).status_code == 302
    assert MaintenanceWindow.objects.count() == 0
    assert browser.get(remove).status_code == 404


def test_the_menu_entries_follow_the_policies(kiosk_admin, clerk_a, accountant):
    from yakuba.core.registries import staff_menu
    from yakuba.identity.permissions import has_role

    entries = {entry.key: entry for entry in staff_menu.all()}

    def sees(user, key):
        entry = entries[key]
        return has_role(user, [(unit, entry.minimum_role) for unit in entry.departments])

    assert sees(kiosk_admin, "certificates.kiosks")
    assert not sees(clerk_a, "certificates.kiosks") and not sees(accountant, "certificates.kiosks")
    assert sees(accountant, "certificates.accounting")
    assert sees(kiosk_admin, "certificates.accounting.shimin")
    assert not sees(clerk_a, "certificates.accounting") and not sees(
        clerk_a, "certificates.accounting.shimin"
    )


@pytest.mark.parametrize(("name", "arguments"), PAGES)
def test_every_page_renders_in_english(client, kiosk_admin, kiosk, window, name, arguments):
    response = login_staff(client, kiosk_admin).get(
        reverse(f"console:certificates:{name}", args=arguments(kiosk, window)),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_the_kiosk_list_costs_the_same_queries_for_any_number_of_kiosks(
    client, kiosk_admin, kiosk, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = login_staff(client, kiosk_admin)
    url = reverse("console:certificates:kiosk_list")
    browser.get(url)
    with CaptureQueriesContext(connection) as one:
        browser.get(url)
    for number in range(2, 8):
        IssuanceFactory(kiosk=KioskFactory(code=f"K{number:04d}"))
    with CaptureQueriesContext(connection) as seven:
        browser.get(url)
    assert len(seven) == len(one)
    with django_assert_max_num_queries(QUERY_BASELINE_KIOSK_LIST):
        browser.get(url)
