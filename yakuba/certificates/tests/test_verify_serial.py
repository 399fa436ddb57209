"""The public verification page by serial: the form, the QR code's link, what each proof
reveals, normalised input, English, and the rate limit."""

from __future__ import annotations

import datetime
import time
import types

import pytest
from django.urls import reverse

from yakuba.certificates.models import CertificateKind
from yakuba.certificates.queries.verification import (
    Outcome,
    normalise_hash_prefix,
    normalise_serial,
    verify_serial,
)
from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory

SERIAL = "7K3M9QX2B4T8ZP0R"
CONTENT_HASH = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
ISSUED_AT = datetime.datetime(2026, 11, 25, 5, 5, tzinfo=datetime.UTC)  # 14:05 in Tokyo
VERIFY = "portal:certificates:verify"


def serial_url(serial: str, code: str | None = None) -> str:
    url = reverse("portal:certificates:verify_serial", args=[serial])
    return f"{url}?h={code}" if code is not None else url


@pytest.fixture
def city(db):
    from yakuba.core.testing import demo_municipality

    with demo_municipality() as profile:
        yield profile


@pytest.fixture
def issued(city):
    return IssuanceFactory(
        serial=SERIAL,
        kind=CertificateKind.SEAL,
        content_hash=CONTENT_HASH,
        issued_at=ISSUED_AT,
        kiosk=KioskFactory(code="K0042", name="ローソン 武蔵村山学園店"),
        person__family_name="村山",
        person__given_name="花子",
    )


@pytest.fixture
def steady_window(monkeypatch):
    """One django-ratelimit window for the whole test (a burst must not straddle two)."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


# --- normalisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "7K3M9QX2B4T8ZP0R",
        "7K3M-9QX2-B4T8-ZP0R",
        "7k3m-9qx2-b4t8-zp0r",
        " 7K3M 9QX2 B4T8 ZP0R ",
        "７Ｋ３Ｍ－９ＱＸ２－Ｂ４Ｔ８－ＺＰ０Ｒ",
        "7K3M‐9QX2―B4T8ーZP0R",
        "7K3M-9QX2-B4T8-ZPOR",  # O typed for 0
        "7K3M-9QX2-B4T8-ZPoR",
    ],
)
def test_normalises_what_people_type(typed):
    assert normalise_serial(typed) == SERIAL


def test_reads_i_and_l_as_one():
    assert normalise_serial("IK3M-9QX2-B4T8-ZPL0") == "1K3M9QX2B4T8ZP10"


@pytest.mark.parametrize(
    "typed", ["", "7K3M-9QX2-B4T8", "7K3M-9QX2-B4T8-ZP0R-1", "7K3M-9QX2-B4T8-ZP0U", "ＡＢＣ"]
)
def test_refuses_what_cannot_be_a_serial(typed):
    assert normalise_serial(typed) is None


def test_normalises_the_hash_prefix():
    assert normalise_hash_prefix("0F1E2D3C4B5A6978") == "0f1e2d3c4b5a6978"
    assert normalise_hash_prefix("０ｆ１ｅ2d3c-4b5a6978") == "0f1e2d3c4b5a6978"
    assert normalise_hash_prefix("0f1e2d3c4b5a697") is None  # 15: too short
    assert normalise_hash_prefix("0f1e2d3c4b5a697z") is None


# --- the query ---------------------------------------------------------------------


def test_query_reveals_the_facts_only_with_the_matching_hash(issued):
    match = verify_serial(SERIAL, CONTENT_HASH[:16])
    assert match.outcome == Outcome.MATCH
    assert (match.facts.kind, match.facts.issued_at) == (CertificateKind.SEAL, ISSUED_AT)
    assert verify_serial(SERIAL, CONTENT_HASH).outcome == Outcome.MATCH  # the full hash too

    for code in (None, "", "ffffffffffffffff", CONTENT_HASH[:15] + "1"):
        verdict = verify_serial(SERIAL, code)
        assert (verdict.outcome, verdict.facts) == (Outcome.MISMATCH, None)

    assert verify_serial("0000000000000000", CONTENT_HASH[:16]).outcome == Outcome.NOT_FOUND


# --- the pages ---------------------------------------------------------------------


def test_the_page_offers_both_ways_and_the_trust_root(client, city):
    response = client.get(reverse(VERIFY))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>コンビニ交付の証明書を確認する</h1>" in html
    assert 'name="serial"' in html and 'name="h"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="document"' in html
    assert reverse("portal:certificates:trust_root") in html
    assert "SHA-256 フィンガープリント" in html


def test_qr_link_with_matching_hash_shows_kind_time_and_city_and_no_person(client, issued):
    response = client.get(serial_url(SERIAL, CONTENT_HASH[:16]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>市が交付した証明書です</h1>" in html
    assert "7K3M-9QX2-B4T8-ZP0R" in html
    assert "印鑑登録証明書" in html
    assert "令和8年11月25日（2026年11月25日） 14:05" in html
    assert "武蔵村山市" in html and "132233" in html
    for private in ("村山 花子", "花子", "ローソン", "K0042", issued.person.resident_code):
        assert private not in html


@pytest.mark.parametrize("code", ["ffffffffffffffff", CONTENT_HASH[1:17], "not-hex"])
def test_wrong_hash_says_exists_but_does_not_match_and_reveals_nothing(client, issued, code):
    response = client.get(serial_url(SERIAL, code))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>証明書番号は存在しますが、内容が一致しません</h1>" in html
    assert "照合コードが交付した証明書の内容と一致しません" in html
    for revealed in ("印鑑登録証明書", "14:05", "令和8年11月25日", "ローソン"):
        assert revealed not in html


def test_missing_hash_says_exists_but_does_not_match_and_how_to_check(client, issued):
    response = client.get(serial_url(SERIAL))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>証明書番号は存在しますが、内容が一致しません</h1>" in html
    assert "照合コードがないため" in html
    assert "印鑑登録証明書" not in html and "14:05" not in html


def test_unknown_serial_is_not_found(client, issued):
    response = client.get(serial_url("0000000000000000", CONTENT_HASH[:16]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>この番号の証明書は交付されていません</h1>" in html
    assert "0000-0000-0000-0000" in html


def test_malformed_serial_in_the_link_is_a_clear_404(client, city):
    response = client.get(serial_url("NOT-A-SERIAL"))
    assert response.status_code == 404
    assert "<h1>証明書番号の形式が正しくありません</h1>" in response.content.decode()


def test_link_with_lower_case_and_hyphens_redirects_to_the_canonical_one(client, issued):
    response = client.get(serial_url("7k3m-9qx2-b4t8-zpor", CONTENT_HASH[:16].upper()))
    assert response.status_code == 302
    assert response["Location"] == serial_url(SERIAL, CONTENT_HASH[:16])


@pytest.mark.parametrize(
    "typed", ["７ｋ３ｍ－９ｑｘ２－ｂ４ｔ８－ｚｐｏｒ", "7K3M 9QX2 B4T8 ZPOR", "7k3m9qx2b4t8zp0r"]
)
def test_form_normalises_and_redirects_to_the_result(client, issued, typed):
    response = client.get(reverse(VERIFY), {"serial": typed, "h": CONTENT_HASH[:16].upper()})
    assert response.status_code == 302
    assert response["Location"] == serial_url(SERIAL, CONTENT_HASH[:16])
    final = client.get(response["Location"])
    assert "<h1>市が交付した証明書です</h1>" in final.content.decode()


def test_form_without_code_leads_to_the_serial_alone(client, issued):
    response = client.get(reverse(VERIFY), {"serial": "7K3M-9QX2-B4T8-ZP0R", "h": ""})
    assert response["Location"] == serial_url(SERIAL)


def test_form_errors_are_clear_and_linked(client, city):
    response = client.get(reverse(VERIFY), {"serial": "12345", "h": "xyz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "証明書番号は16文字の英数字です" in html
    assert "照合コードは16文字の英数字（0〜9とa〜f）です。" in html
    assert 'href="#id_serial"' in html
    empty = client.get(reverse(VERIFY), {"serial": ""}).content.decode()
    assert "証明書番号を入力してください。" in empty


def test_english_page(client, issued):
    response = client.get(serial_url(SERIAL, CONTENT_HASH[:16]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "November 25, 2026 (Reiwa 8) 14:05" in html
    assert "Musashimurayama City" in html
    page = client.get(reverse(VERIFY), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page


def test_lookups_are_rate_limited_per_client_address(client, issued, steady_window):
    url = serial_url(SERIAL, CONTENT_HASH[:16])
    statuses = [client.get(url, REMOTE_ADDR="203.0.113.7").status_code for _ in range(30)]
    assert statuses == [200] * 30
    refused = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    html = refused.content.decode()
    assert "<h1>しばらくしてからお試しください</h1>" in html
    assert "市が交付した証明書です" not in html
    # The form counts too; another address is not affected.
    assert (
        client.get(reverse(VERIFY), {"serial": SERIAL}, REMOTE_ADDR="203.0.113.7").status_code
        == 429
    )
    assert client.get(url, REMOTE_ADDR="198.51.100.9").status_code == 200
    # The empty page (no lookup) is never refused.
    assert client.get(reverse(VERIFY), REMOTE_ADDR="203.0.113.7").status_code == 200
