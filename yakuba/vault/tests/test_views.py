"""Staff pages of the vault: access across the cast, reveal, record, look up, bad input."""

from __future__ import annotations

import datetime
import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.core.registries import person_sections
from yakuba.vault.models import MyNumber, MyNumberHistory

from .conftest import NUMBER_A, NUMBER_B

pytestmark = pytest.mark.django_db


def _url(page: str, person_id: int) -> str:
    if page == "lookup":
        return reverse("console:mynumber_lookup")
    return reverse(f"console:mynumber_{page}", args=[person_id])


def _client_for(who, client, staff_client, request):
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if who == "citizen":
        client.force_login(user)
        return client
    return staff_client(user)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"detail": 302, "reveal": 302, "register": 302, "lookup": 302}),
        ("citizen", {"detail": 302, "reveal": 302, "register": 302, "lookup": 302}),
        ("system_admin", {"detail": 403, "reveal": 403, "register": 403, "lookup": 403}),
        ("viewer_a", {"detail": 200, "reveal": 403, "register": 403, "lookup": 403}),
        ("clerk_b", {"detail": 200, "reveal": 200, "register": 403, "lookup": 200}),
        ("clerk_a", {"detail": 200, "reveal": 200, "register": 403, "lookup": 200}),
        ("supervisor", {"detail": 200, "reveal": 200, "register": 200, "lookup": 200}),
    ],
)
def test_access_across_the_cast(who, expected, recorded, client, staff_client, request):
    """clerk_a may record a number, but this person has one: replacing needs an approver."""
    http = _client_for(who, client, staff_client, request)
    before = AccessRecord.objects.count()

    for page, status in expected.items():
        response = http.get(_url(page, recorded.pk))

        assert response.status_code == status, page
        if status == 302:
            assert response["Location"].startswith(reverse("console:login"))
        assert NUMBER_A not in response.content.decode()
        assert "no-store" in response.get("Cache-Control", "") or status != 200
    assert AccessRecord.objects.count() == before  # GET never reveals nor records


def test_an_operator_may_open_the_record_form_for_a_person_without_a_number(
    person, clerk_a, staff_client
):
    response = staff_client(clerk_a).get(_url("register", person.pk))

    assert response.status_code == 200
    assert "個人番号（確認）" in response.content.decode()


def test_pages_of_an_unknown_person_are_not_found(db, clerk_a, supervisor, staff_client):
    http = staff_client(supervisor)
    for page in ("detail", "reveal", "register"):
        assert http.get(_url(page, 987654)).status_code == 404


def test_detail_shows_the_masked_number_and_history(recorded, supervisor, staff_client):
    from yakuba.vault.services import register_number

    register_number(
        supervisor,
        recorded.pk,
        NUMBER_B,
        purpose="mynumber_resident_record",
        reason="changed",
        assigned_on=datetime.date(2024, 6, 1),
    )

    body = staff_client(supervisor).get(_url("detail", recorded.pk)).content.decode()

    assert "********3214" in body and "********9018" in body
    assert "番号の変更（番号法第7条第2項）" in body
    assert "令和6年6月1日" in body
    assert NUMBER_A not in body and NUMBER_B not in body and "9832 0567 3214" not in body


# ------------------------------------------------------------------------------ reveal


def test_reveal_shows_the_number_once_with_no_store_and_records_it(recorded, clerk_a, staff_client):
    http = staff_client(clerk_a)
    before = AccessRecord.objects.count()

    response = http.post(_url("reveal", recorded.pk), {"purpose": "mynumber_certificate"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "1234 5678 9018" in body
    assert "no-store" in response["Cache-Control"]
    assert AccessRecord.objects.count() == before + 1
    record = AccessRecord.objects.order_by("-sequence").first()
    assert (record.fields, record.purpose, record.request_id) == (
        ["個人番号"],
        "mynumber_certificate",
        response["X-Request-ID"],
    )


@pytest.mark.parametrize("purpose", ["", "mynumber_local_tax", "resident_certificate", "x" * 500])
def test_reveal_with_a_purpose_not_offered_is_a_form_error(
    recorded, clerk_a, staff_client, purpose
):
    response = staff_client(clerk_a).post(_url("reveal", recorded.pk), {"purpose": purpose})

    body = response.content.decode()
    assert response.status_code == 200
    assert "利用目的を選んでください。" in body
    assert "1234 5678 9018" not in body
    assert AccessRecord.objects.filter(action="read").count() == 0


def test_reveal_offers_only_the_users_purposes(recorded, clerk_b, staff_client):
    body = staff_client(clerk_b).get(_url("reveal", recorded.pk)).content.decode()

    assert "個人住民税の賦課" in body
    assert "住民票への個人番号の記載・変更" not in body


def test_reveal_needs_the_csrf_token(recorded, clerk_a):
    from yakuba.identity.testing import login_staff

    http = login_staff(Client(enforce_csrf_checks=True), clerk_a)

    response = http.post(_url("reveal", recorded.pk), {"purpose": "mynumber_certificate"})

    assert response.status_code == 403
    assert NUMBER_A not in response.content.decode()
    assert AccessRecord.objects.filter(action="read").count() == 0


def test_reveal_of_a_tampered_number_is_a_clear_page_not_a_crash(recorded, clerk_a, staff_client):
    row = MyNumber.objects.get(person=recorded)
    altered = bytearray(row.ciphertext)
    altered[15] ^= 0x80
    MyNumber.objects.filter(pk=row.pk).update(ciphertext=bytes(altered))

    response = staff_client(clerk_a).post(
        _url("reveal", recorded.pk), {"purpose": "mynumber_certificate"}
    )

    assert response.status_code == 503
    assert "改ざんされているか壊れている" in response.content.decode()
    assert AccessRecord.objects.filter(action="read").count() == 0


def test_the_resident_sees_the_reveal_on_their_access_record(
    recorded, clerk_b, staff_client, citizen, client
):
    from yakuba.residents.services import link_citizen

    link_citizen(citizen, recorded.resident_code, method="demo")
    staff_client(clerk_b).post(_url("reveal", recorded.pk), {"purpose": "mynumber_local_tax"})
    client.logout()
    client.force_login(citizen)

    body = client.get(reverse("portal:access_record")).content.decode()

    assert "課税課" in body and "個人住民税の賦課" in body and "個人番号" in body
    assert NUMBER_A not in body


def test_no_log_line_and_no_sql_of_a_reveal_contains_the_number(
    recorded, clerk_a, staff_client, caplog
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = staff_client(clerk_a)
    stream = io.StringIO()
    config = {**settings.LOGGING, "disable_existing_loggers": False}
    config["handlers"] = {**config["handlers"], "console": {**config["handlers"]["console"]}}
    config["handlers"]["console"]["stream"] = stream
    config["handlers"]["console"]["class"] = "logging.StreamHandler"
    config["root"] = {"handlers": ["console"], "level": "DEBUG"}
    logging.config.dictConfig(config)
    try:
        with caplog.at_level(logging.DEBUG), CaptureQueriesContext(connection) as queries:
            response = http.post(_url("reveal", recorded.pk), {"purpose": "mynumber_certificate"})
            http.post(_url("lookup", 0), {"number": NUMBER_A, "purpose": "mynumber_certificate"})
    finally:
        logging.config.dictConfig(settings.LOGGING)

    assert "1234 5678 9018" in response.content.decode()
    logged = stream.getvalue() + caplog.text
    assert "yakuba.vault" in logged and "mynumber revealed" in logged
    for shape in (NUMBER_A, "1234 5678 9018", "1234-5678-9018"):
        assert shape not in logged
    assert not any(NUMBER_A in query["sql"] for query in queries.captured_queries)


def test_the_log_filter_blanks_numbers_written_by_anyone(caplog):
    from yakuba.vault.logging import RedactMyNumbersFilter

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "got %s", (NUMBER_A,), None)
    record.detail = f"number {NUMBER_B[:4]}-{NUMBER_B[4:8]}-{NUMBER_B[8:]}"

    RedactMyNumbersFilter().filter(record)

    assert record.getMessage() == "got [個人番号]"
    assert record.detail == "number [個人番号]"


# ---------------------------------------------------------------------------- register


def _register(http, person_id, **data):
    payload = {"number": NUMBER_A, "number_again": NUMBER_A, "assigned_on": "R6.4.1", **data}
    return http.post(_url("register", person_id), payload)


def test_recording_a_number_redirects_to_the_masked_page(person, clerk_a, staff_client):
    http = staff_client(clerk_a)

    response = _register(http, person.pk, number="１２３４ ５６７８ ９０１８")

    assert response.status_code == 302
    assert response["Location"] == _url("detail", person.pk)
    page = http.get(response["Location"]).content.decode()
    assert "個人番号を記載しました（********9018）。" in page
    assert MyNumber.objects.get(person=person).assigned_on == datetime.date(2024, 4, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": ""}, "個人番号を入力してください。"),
        (
            {"number": "123456789019", "number_again": "123456789019"},
            "検査用数字（12桁目）が合いません",
        ),
        ({"number": "12345"}, "個人番号は12桁です（5桁入力されています）。"),
        ({"number": "abc" * 50}, "個人番号は12桁の数字で入力してください"),
        ({"number_again": "983205673214"}, "確認のために入力した個人番号が一致しません。"),
        ({"assigned_on": "H31.5.1"}, "平成"),
        ({"assigned_on": "明日"}, "日付"),
        ({"assigned_on": "2015-10-01"}, "平成27年10月5日"),
        ({"assigned_on": "1970-01-01"}, "平成27年10月5日"),
    ],
)
def test_bad_input_is_a_japanese_form_error_and_nothing_is_saved(
    person, clerk_a, staff_client, data, message
):
    response = _register(staff_client(clerk_a), person.pk, **data)

    assert response.status_code == 200
    assert "入力内容に問題があります" in response.content.decode()
    assert message in response.content.decode()
    assert MyNumber.objects.count() == AccessRecord.objects.count() == 0


def test_a_number_held_by_someone_else_is_a_form_error(
    recorded, other_person, clerk_a, staff_client
):
    response = _register(staff_client(clerk_a), other_person.pk)

    assert "この個人番号は既にほかの住民に記載されています。" in response.content.decode()
    assert MyNumber.objects.count() == 1


def test_an_approver_replaces_a_number_with_a_reason(recorded, supervisor, staff_client):
    http = staff_client(supervisor)
    form = http.get(_url("register", recorded.pk)).content.decode()
    assert "変更の理由" in form

    missing = _register(http, recorded.pk, number=NUMBER_B, number_again=NUMBER_B)
    assert "変更の理由を選んでください。" in missing.content.decode()
    done = _register(http, recorded.pk, number=NUMBER_B, number_again=NUMBER_B, reason="changed")

    assert done.status_code == 302
    assert MyNumberHistory.objects.get().reason == "changed"


def test_an_operator_cannot_replace_a_number(recorded, clerk_a, staff_client):
    response = _register(staff_client(clerk_a), recorded.pk, number=NUMBER_B, reason="changed")

    assert response.status_code == 403
    assert "承認権限" in response.content.decode()
    assert MyNumberHistory.objects.count() == 0


# ------------------------------------------------------------------------------ lookup


def test_lookup_shows_the_holder_and_does_not_echo_the_number(recorded, clerk_b, staff_client):
    response = staff_client(clerk_b).post(
        _url("lookup", 0), {"number": "1234 5678 9018", "purpose": "mynumber_local_tax"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "山田 太郎" in body and "ヤマダ タロウ" in body
    assert "1234 5678 9018" not in body and NUMBER_A not in body
    assert reverse("console:person_detail", args=[recorded.pk]) not in body  # not 市民課
    assert AccessRecord.objects.filter(purpose="mynumber_local_tax").count() == 1


def test_lookup_without_a_match_says_so(recorded, clerk_b, staff_client):
    body = (
        staff_client(clerk_b)
        .post(_url("lookup", 0), {"number": NUMBER_B, "purpose": "mynumber_local_tax"})
        .content.decode()
    )

    assert "見つかりませんでした" in body


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"number": "", "purpose": ""},
        {"number": "１２３", "purpose": "mynumber_local_tax"},
        {"number": NUMBER_A, "purpose": "mynumber_resident_record"},
        {"number": "x" * 10_000, "purpose": "mynumber_local_tax"},
    ],
)
def test_lookup_bad_input_is_a_form_error(recorded, clerk_b, staff_client, data):
    before = AccessRecord.objects.count()

    response = staff_client(clerk_b).post(_url("lookup", 0), data)

    assert response.status_code == 200
    assert "入力内容に問題があります" in response.content.decode()
    assert AccessRecord.objects.count() == before


def test_lookup_accepts_no_get_query(recorded, clerk_b, staff_client):
    response = staff_client(clerk_b).get(
        _url("lookup", 0) + f"?number={NUMBER_A}&purpose=mynumber_local_tax"
    )

    assert response.status_code == 200
    assert "山田" not in response.content.decode()
    assert AccessRecord.objects.filter(purpose="mynumber_local_tax").count() == 0


# --------------------------------------------------------------------- person section


def test_person_section_shows_masked_number_and_the_links_the_user_may_follow(
    recorded, clerk_a, viewer_a, clerk_b, rf
):
    section = next(s for s in person_sections.all() if s.key == "vault.mynumber")

    def context_for(user):
        request = rf.get("/")
        request.user = user
        user.is_verified = lambda: True
        return section.context(request, recorded.pk)

    operator, viewer, other = context_for(clerk_a), context_for(viewer_a), context_for(clerk_b)
    assert operator["summary"].masked == "********9018"
    assert operator["reveal_url"] and operator["register_url"]
    assert viewer["summary"].masked == "********9018"
    assert (viewer["reveal_url"], viewer["register_url"]) == ("", "")
    assert other["reveal_url"] and other["register_url"] == ""
    assert AccessRecord.objects.filter(action="read").count() == 0


def test_person_section_is_hidden_from_departments_without_a_purpose(recorded, rf):
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    user = AssignmentFactory(org_unit=OrgUnitFactory(code="toshokan"), role="admin").user
    request = rf.get("/")
    request.user = user
    section = next(s for s in person_sections.all() if s.key == "vault.mynumber")

    assert section.context(request, recorded.pk) is None


def test_person_section_template_renders_without_a_clear_number(recorded, clerk_a, rf):
    from django.template.loader import render_to_string

    section = next(s for s in person_sections.all() if s.key == "vault.mynumber")
    request = rf.get("/")
    request.user = clerk_a
    html = render_to_string(section.template, section.context(request, recorded.pk), request)

    assert "********9018" in html and NUMBER_A not in html
    assert reverse("console:mynumber_reveal", args=[recorded.pk]) in html


def test_the_residents_person_page_shows_the_vault_section(recorded, clerk_a, staff_client):
    url = reverse("console:person_detail", args=[recorded.pk]) + "?purpose=resident_certificate"

    body = staff_client(clerk_a).get(url).content.decode()

    assert "********9018" in body and NUMBER_A not in body
    assert reverse("console:mynumber_reveal", args=[recorded.pk]) in body
    assert AccessRecord.objects.filter(record_kind="vault.mynumber", action="read").count() == 0


def test_error_reports_would_hide_the_posted_number(recorded, clerk_b, staff_client):
    from django.views.debug import SafeExceptionReporterFilter

    response = staff_client(clerk_b).post(
        _url("lookup", 0), {"number": NUMBER_A, "purpose": "mynumber_local_tax"}
    )

    cleansed = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert cleansed["number"] != NUMBER_A
    assert cleansed["purpose"] == "mynumber_local_tax"
