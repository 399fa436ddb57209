"""The whole kiosk flow with the test client: card → PIN → certificate → options → copies →
fee → issue → print → 「カードをお取りください」."""

from __future__ import annotations

import pytest

from yakuba.certificates.models import Issuance

from .test_kiosk_support import *  # noqa: F403
from .test_kiosk_support import choose, sign_in, start, state_of, url

pytestmark = pytest.mark.django_db


def test_start_screen_offers_both_languages_and_the_hours(device):
    html = device.get(url("start")).content.decode()
    assert 'name="language" value="ja"' in html and 'name="language" value="en"' in html
    assert "交付時間　毎日 0:00〜24:00" in html
    assert 'http-equiv="refresh"' not in html  # the start screen has no idle timeout


def test_whole_flow_issues_once_and_prints(device, card, kiosk, holder):
    assert start(device).url == url("card")
    cards = device.get(url("card")).content.decode()
    assert f"****-****-{card.card_number[-4:]}" in cards
    assert card.card_number not in cards  # only a keyed hash in the page
    assert "村○ 花○" in cards

    response = sign_in(device, card)
    assert response.status_code == 302 and response.url == url("kind")
    state = state_of(device)
    assert state["person_id"] == holder.pk and state["card_serial"]
    assert set(state) == {"kiosk", "language", "touched", "person_id", "card_serial"}  # no PIN

    kinds = device.get(url("kind")).content.decode()
    assert "住民票の写し" in kinds and "1通 200円" in kinds
    assert "窓口でお手続きください" in kinds  # no seal, no tax assessment: counter

    response = device.post(url("kind"), {"kind": "residence"})
    assert response.url == url("options")
    options = device.get(url("options")).content.decode()
    assert "村山　花子" in options  # the household members by name
    assert device.post(url("options"), {"scope": "self", "domicile": "1"}).url == url("copies")

    assert device.post(url("copies"), {"copies": 1, "action": "plus"}).url == url("copies")
    assert "2通" in device.get(url("copies")).content.decode()
    assert device.post(url("copies"), {"copies": 2, "action": "next"}).url == url("confirm")

    confirm = device.get(url("confirm")).content.decode()
    request_id = state_of(device)["request_id"]
    assert f'value="{request_id}"' in confirm
    assert "400円" in confirm and "本籍と筆頭者" in confirm

    response = device.post(url("confirm"), {"request_id": request_id})
    assert response.url == url("print")
    issuance = Issuance.objects.get()
    assert (issuance.kiosk_id, issuance.copies, issuance.total_fee) == (kiosk.pk, 2, 400)
    assert str(issuance.request_id) == request_id
    assert issuance.options["domicile"] is True

    printing = device.get(url("print")).content.decode()
    assert "印刷しています" in printing
    document_url = url("document", issuance.pk)
    assert document_url in printing
    pdf = device.get(document_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert pdf.content.startswith(b"%PDF")
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"

    assert device.post(url("print"), {"printed": "no"}).url == url("print")
    assert "もう一度印刷します" in device.get(url("print")).content.decode()
    assert device.post(url("print"), {"printed": "yes"}).url == url("done")
    issuance.refresh_from_db()
    assert issuance.print_attempts == 2 and issuance.printed_at is not None
    assert Issuance.objects.count() == 1

    done = device.get(url("done")).content.decode()
    assert "カードをお取りください" in done
    assert (
        f'<noscript><meta http-equiv="refresh" content="20;url={url("start")}"></noscript>' in done
    )
    assert state_of(device) == {}
    ended = device.get(document_url)  # the session has ended: no PDF any more
    assert ended.status_code == 302 and ended.url == url("start")


def test_seal_certificate_skips_the_options(device, card, holder):
    from yakuba.certificates.tests.factories import SealRegistrationFactory

    SealRegistrationFactory(person=holder)
    sign_in(device, card)
    assert "印鑑登録証明書" in device.get(url("kind")).content.decode()
    assert device.post(url("kind"), {"kind": "seal"}).url == url("copies")
    assert device.get(url("options")).url == url("copies")
    assert device.post(url("copies"), {"copies": 1, "action": "next"}).url == url("confirm")
    device.post(url("confirm"), {"request_id": _request_id(device)})
    assert Issuance.objects.get().kind == "seal"


def test_tax_certificate_offers_the_assessed_years(device, card, holder):
    from yakuba.certificates.tests.factories import TaxAssessmentFactory

    TaxAssessmentFactory(person=holder, fiscal_year=2025)
    TaxAssessmentFactory(person=holder, fiscal_year=2026)
    sign_in(device, card)
    device.post(url("kind"), {"kind": "tax"})
    page = device.get(url("options")).content.decode()
    assert "2026年度" in page and "2025年度" in page and "2024年中の所得" in page
    wrong = device.post(url("options"), {"fiscal_year": "2019"})
    assert wrong.status_code == 200 and "2019年度は選べません" in wrong.content.decode()
    assert device.post(url("options"), {"fiscal_year": "2025"}).url == url("copies")
    device.post(url("copies"), {"copies": 1, "action": "next"})
    assert "2025年度" in device.get(url("confirm")).content.decode()


def _request_id(client) -> str:
    client.get(url("confirm"))
    return state_of(client)["request_id"]


def test_double_submit_of_confirm_issues_once(device, card):
    sign_in(device, card)
    choose(device)
    device.get(url("confirm"))
    request_id = state_of(device)["request_id"]
    first = device.post(url("confirm"), {"request_id": request_id})
    second = device.post(url("confirm"), {"request_id": request_id})
    assert first.url == url("print")
    assert second.url == url("print")  # already issued: straight to printing
    assert Issuance.objects.count() == 1


def test_retry_after_a_lost_response_finds_the_same_issuance(device, card):
    """The confirm POST succeeded but the kiosk never saw the answer: the session still holds
    the request id; issuing again with it returns the same certificate, charged once."""
    from yakuba.certificates.services.issuance import issue_certificate

    sign_in(device, card)
    choose(device)
    device.get(url("confirm"))
    state = state_of(device)
    kiosk = Issuance._meta.get_field("kiosk").related_model.objects.get(code=state["kiosk"])
    arguments = dict(
        kiosk=kiosk,
        person_id=state["person_id"],
        card_certificate_serial=state["card_serial"],
        kind=state["kind"],
        options=state["options"],
        copies=state["copies"],
        request_id=state["request_id"],
    )
    first = issue_certificate(**arguments)
    response = device.post(url("confirm"), {"request_id": state["request_id"]})
    assert response.url == url("print")
    assert state_of(device)["issuance_id"] == first.pk
    assert Issuance.objects.count() == 1


def test_after_issuing_there_is_no_way_back_to_choose(device, card):
    sign_in(device, card)
    choose(device)
    device.get(url("confirm"))
    device.post(url("confirm"), {"request_id": state_of(device)["request_id"]})
    for step in ("card", "pin", "kind", "options", "copies", "confirm"):
        assert device.get(url(step)).url == url("print"), step
    assert device.post(url("kind"), {"kind": "seal"}).url == url("print")
    assert Issuance.objects.count() == 1


def test_restart_clears_everything(device, card):
    sign_in(device, card)
    response = device.post(url("reset"))
    assert response.url == url("start")
    assert state_of(device) == {}
    assert device.get(url("kind")).url == url("start")
