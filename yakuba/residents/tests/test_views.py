"""Staff pages: access across the cast, purpose handling, audit records, bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.residents.services import link_citizen

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("console:resident_search")


@pytest.fixture
def person(db):
    head = PersonFactory(resident_code="12345678901")
    PersonFactory(
        household=head.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1972, 5, 5),
    )
    return head


def _detail(pk: int, purpose: str | None = "resident_certificate") -> str:
    url = reverse("console:person_detail", args=[pk])
    return f"{url}?purpose={purpose}" if purpose is not None else url


def _client_for(who, client, staff_client, request):
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if who == "citizen":
        client.force_login(user)
        return client
    return staff_client(user)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 302),
        ("clerk_b", 403),
        ("system_admin", 403),
        ("clerk_a", 200),
        ("supervisor", 200),
    ],
)
@pytest.mark.parametrize("page", ["search", "detail"])
def test_only_citizens_division_staff_may_open_the_pages(
    who, status, page, person, client, staff_client, request
):
    http = _client_for(who, client, staff_client, request)
    url = (
        f"{SEARCH}?query=山田&purpose=resident_certificate"
        if page == "search"
        else _detail(person.pk)
    )

    response = http.get(url)

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("console:login"))
    # search: head and wife listed; detail: head's record, the wife as member, head's history
    expected_records = (2 if page == "search" else 3) if status == 200 else 0
    assert AccessRecord.objects.count() == expected_records


def test_search_form_alone_shows_nothing_and_records_nothing(clerk_a, staff_client):
    response = staff_client(clerk_a).get(SEARCH)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="query"' in body and 'name="purpose"' in body
    assert "resident_certificate" in body
    assert AccessRecord.objects.count() == 0


def test_search_lists_people_with_both_calendars_and_links_carrying_the_purpose(
    clerk_a, staff_client, person
):
    response = staff_client(clerk_a).get(SEARCH, {"query": "ﾔﾏﾀﾞ", "purpose": "resident_inquiry"})

    body = response.content.decode()
    assert "山田 太郎" in body and "ヤマダ タロウ" in body
    assert "昭和45年3月1日（1970年3月1日）" in body
    assert "本町一丁目" in body
    assert f'href="{_detail(person.pk, "resident_inquiry")}"' in body
    assert set(AccessRecord.objects.values_list("purpose", flat=True)) == {"resident_inquiry"}


def test_search_by_wareki_birth_date(clerk_a, staff_client, person):
    response = staff_client(clerk_a).get(
        SEARCH, {"query": "S45.3.1", "purpose": "resident_certificate"}
    )

    body = response.content.decode()
    assert "山田 太郎" in body and "山田 花子" not in body


@pytest.mark.parametrize(
    ("query", "purpose", "message"),
    [
        (
            "",
            "resident_certificate",
            "検索する氏名、生年月日、住民票コードまたは住所を入力してください。",
        ),
        (
            "山" * 200,
            "resident_certificate",
            "100文字以内で入力してください（200文字入力されています）。",
        ),
        ("H31.5.1", "resident_certificate", "平成31年5月1日 は平成の期間外です"),
        ("S45.2.30", "resident_certificate", "1970年2月30日という日付はありません。"),
        ("山田", "", "利用目的を選んでください。"),
        ("山田", "audit_review", "利用目的を選んでください。"),
    ],
)
def test_bad_input_is_a_form_error_not_a_crash(
    clerk_a, staff_client, person, query, purpose, message
):
    response = staff_client(clerk_a).get(SEARCH, {"query": query, "purpose": purpose})

    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in body
    assert message in body
    assert AccessRecord.objects.count() == 0


def test_detail_without_a_purpose_asks_for_one_and_shows_nothing(clerk_a, staff_client, person):
    response = staff_client(clerk_a).get(_detail(person.pk, purpose=None))

    body = response.content.decode()
    assert response.status_code == 200
    assert "利用目的の選択" in body
    assert "12345678901" not in body and "ヤマダ" not in body
    assert "error-summary" not in body
    assert AccessRecord.objects.count() == 0


@pytest.mark.parametrize("purpose", ["", "audit_review", "nonsense"])
def test_detail_with_an_invalid_purpose_asks_again_with_an_error(
    clerk_a, staff_client, person, purpose
):
    response = staff_client(clerk_a).get(_detail(person.pk, purpose=purpose))

    body = response.content.decode()
    assert "利用目的を選んでください。" in body
    assert "12345678901" not in body
    assert AccessRecord.objects.count() == 0


def test_detail_shows_the_record_and_household_and_records_both_people(
    clerk_a, staff_client, person
):
    response = staff_client(clerk_a).get(_detail(person.pk, "resident_change"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "12345678901" in body and "山田 花子" in body and "住民異動届の処理" in body
    records = list(AccessRecord.objects.values_list("subject_id", "fields").order_by("sequence"))
    wife = person.household.members.exclude(pk=person.pk).get()
    assert [subject for subject, _fields in records] == [
        str(person.pk), str(wife.pk), str(person.pk),
    ]  # fmt: skip
    assert records[2][1] == ["history"]
    assert set(AccessRecord.objects.values_list("purpose", flat=True)) == {"resident_change"}


def test_detail_of_a_missing_person_is_not_found(clerk_a, staff_client):
    response = staff_client(clerk_a).get(_detail(999999))

    assert response.status_code == 404


def test_the_resident_sees_the_read_on_their_access_record(
    clerk_a, staff_client, person, citizen, client
):
    link_citizen(citizen, person.resident_code, method="demo")
    staff_client(clerk_a).get(_detail(person.pk, "resident_certificate"))
    client.logout()
    client.force_login(citizen)

    response = client.get(reverse("portal:access_record"))

    body = response.content.decode()
    assert "市民課" in body and "住民票の写し等の交付" in body and "住民票の記載事項" in body


def test_dashboard_shows_counts_and_menu_to_the_citizens_division(clerk_a, staff_client, person):
    response = staff_client(clerk_a).get(reverse("console:dashboard"))

    body = response.content.decode()
    assert "住民記録" in body and "2 人" in body and "1 世帯" in body
    assert f'href="{SEARCH}"' in body
    assert AccessRecord.objects.count() == 0


def test_dashboard_hides_the_register_from_other_departments(clerk_b, staff_client, person):
    body = staff_client(clerk_b).get(reverse("console:dashboard")).content.decode()

    assert "住民検索" not in body and "2 人" not in body
