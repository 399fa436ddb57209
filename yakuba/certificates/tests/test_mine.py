"""マイページ 「コンビニ交付の履歴」: only the signed-in resident's issuances, each with its
access record; an explanation for a citizen not linked to a resident; the card and the
service-catalogue entry."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.audit.services import Subject, record_access
from yakuba.certificates.models import CertificateKind
from yakuba.certificates.queries.verification import ACCESS_RECORD_PAGE_SIZE
from yakuba.certificates.services.issuance import PURPOSE, record_kind_for
from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory
from yakuba.residents.services.people import link_citizen
from yakuba.residents.tests.factories import PersonFactory

MINE = "portal:certificates:mine"


@pytest.fixture
def city(db):
    from yakuba.core.testing import demo_municipality

    with demo_municipality() as profile:
        yield profile


@pytest.fixture
def hanako(city, citizen):
    person = PersonFactory(family_name="村山", given_name="花子")
    link_citizen(citizen, person.resident_code, method="counter")
    return person


def issue(person, **fields):
    """An issuance and the access record the issuance service writes with it."""
    issuance = IssuanceFactory(person=person, issued_at=timezone.now(), **fields)
    record_access(
        None,
        subject=Subject("residents.person", str(person.pk)),
        record_kind=record_kind_for(issuance.kind),
        fields=["name", "address"],
        purpose=PURPOSE,
        action="print",
        system_actor=f"コンビニ交付（{issuance.kiosk.code} {issuance.kiosk.name}）",
    )
    return issuance


def staff_read(person):
    return record_access(
        None,
        subject=Subject("residents.person", str(person.pk)),
        record_kind="residents.person",
        fields=["name"],
        purpose=PURPOSE,
        system_actor="test",
    )


def hanako_user(person):
    from yakuba.residents.models import CitizenLink

    return CitizenLink.objects.get(person=person).user


def test_anonymous_is_sent_to_login(client, city):
    response = client.get(reverse(MINE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_staff_is_sent_to_the_citizen_login(client, city, clerk_a):
    from yakuba.identity.testing import login_staff

    login_staff(client, clerk_a)
    response = client.get(reverse(MINE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_citizen_not_linked_to_a_resident_sees_an_explanation(citizen_client, city):
    IssuanceFactory()  # someone's issuance: never shown
    response = citizen_client.get(reverse(MINE))
    assert response.status_code == 200
    html = response.content.decode()
    assert "このアカウントは住民記録と連携していません" in html
    assert reverse("portal:card_login") in html
    assert "<table" not in html


def test_lists_only_the_residents_own_issuances_with_every_detail(citizen_client, hanako):
    own = issue(
        hanako,
        kind=CertificateKind.TAX,
        copies=2,
        unit_fee=300,
        kiosk=KioskFactory(code="K0100", name="ファミリーマート 武蔵村山中原店"),
    )
    other = issue(PersonFactory(given_name="次郎"), kiosk=KioskFactory(name="ローソン 他人店"))
    response = citizen_client.get(reverse(MINE))
    assert response.status_code == 200
    html = response.content.decode()
    assert "課税・所得証明書" in html
    assert "ファミリーマート 武蔵村山中原店" in html
    assert "2通" in html and "600円" in html
    assert own.display_serial in html
    verify_link = (
        reverse("portal:certificates:verify_serial", args=[own.serial])
        + f"?h={own.content_hash[:16]}"
    )
    assert f'href="{verify_link}"' in html
    assert other.display_serial not in html and "ローソン 他人店" not in html
    assert "1 件" in html


def test_links_the_access_record_of_each_issuance(citizen_client, hanako):
    first = issue(hanako, kind=CertificateKind.RESIDENCE)
    staff_read(hanako)  # another kind of record in between
    second = issue(hanako, kind=CertificateKind.SEAL)
    html = citizen_client.get(reverse(MINE)).content.decode()

    from yakuba.audit.queries import access_records_for_citizen

    records = {
        record.record_kind: record
        for record in access_records_for_citizen(hanako_user(hanako))
        if record.record_kind.startswith("certificates.")
    }
    for issuance in (first, second):
        record = records[record_kind_for(issuance.kind)]
        url = f"{reverse('portal:access_record')}?page=1#access-{record.sequence}"
        assert f'href="{url}"' in html
        # The link lands on the row of that record.
        page = citizen_client.get(url.split("#")[0]).content.decode()
        assert f'id="access-{record.sequence}"' in page
    assert "記録を探せませんでした" not in html


def test_the_link_finds_the_record_on_a_later_page(citizen_client, hanako):
    issuance = issue(hanako)
    for _ in range(ACCESS_RECORD_PAGE_SIZE + 3):
        staff_read(hanako)
    html = citizen_client.get(reverse(MINE)).content.decode()
    assert "page=2#access-" in html
    anchor = html.split("page=2#")[1].split('"')[0]
    assert (
        f'id="{anchor}"'
        in citizen_client.get(reverse("portal:access_record"), {"page": 2}).content.decode()
    )
    assert issuance.display_serial in html


def test_an_issuance_without_its_record_says_so(citizen_client, hanako):
    IssuanceFactory(person=hanako, issued_at=timezone.now() - datetime.timedelta(days=3))
    html = citizen_client.get(reverse(MINE)).content.decode()
    assert "記録を探せませんでした" in html


def test_mypage_card_shows_the_latest_issuances(citizen_client, hanako):
    for kind in (CertificateKind.RESIDENCE, CertificateKind.SEAL):
        IssuanceFactory(person=hanako, kind=kind, kiosk=KioskFactory(name="セブン 本町店"))
    IssuanceFactory(kind=CertificateKind.TAX)  # someone else's
    html = citizen_client.get(reverse("portal:mypage")).content.decode()
    assert "コンビニ交付の履歴" in html
    assert "印鑑登録証明書" in html and "住民票の写し" in html and "セブン 本町店" in html
    assert "課税・所得証明書" not in html
    assert reverse(MINE) in html


def test_mypage_card_explains_to_an_unlinked_citizen(citizen_client, city):
    html = citizen_client.get(reverse("portal:mypage")).content.decode()
    assert "住民記録と連携すると、コンビニで取得した証明書の履歴が表示されます" in html


def test_the_verification_page_is_in_the_service_catalogue(client, city):
    html = client.get(reverse("portal:home")).content.decode()
    assert "コンビニ交付の証明書の確認" in html
    assert reverse("portal:certificates:verify") in html


def test_english_page(citizen_client, hanako):
    issue(hanako)
    response = citizen_client.get(reverse(MINE), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "(Reiwa " in html
