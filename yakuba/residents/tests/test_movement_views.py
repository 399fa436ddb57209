"""The 異動 pages: access across the cast, audit of reads, form → confirmation → record."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.residents.models import Movement, Person, PersonVersion

from .factories import PersonFactory, TownAreaFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PAGES = [
    "residents_move_within",
    "residents_move_out",
    "residents_birth",
    "residents_death",
    "residents_household_change",
    "residents_name_change",
    "residents_correction",
    "residents_address_correction",
]


def _client_for(who, client, staff_client, request):
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if who == "citizen":
        client.force_login(user)
        return client
    return staff_client(user)


@pytest.fixture
def honcho2(db):
    return TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 302),
        ("clerk_b", 403),
        ("viewer_a", 403),
        ("system_admin", 403),
        ("clerk_a", 200),
        ("supervisor", 200),
    ],
)
@pytest.mark.parametrize("page", PAGES)
def test_only_citizens_division_operators_open_the_forms(
    who, status, page, yamada_family, client, staff_client, request
):
    http = _client_for(who, client, staff_client, request)
    head = yamada_family[0]

    response = http.get(reverse(f"console:{page}", args=[head.pk]))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("console:login"))
    # Opening a form shows the household: one record per person shown, nothing else changes.
    assert AccessRecord.objects.count() == (3 if status == 200 else 0)
    assert Movement.objects.filter(kind__in=["move_within", "death"]).count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("clerk_b", 403), ("viewer_a", 403), ("clerk_a", 200)],
)
def test_move_in_page_access_shows_nobody(who, status, client, staff_client, request):
    response = _client_for(who, client, staff_client, request).get(
        reverse("console:residents_move_in")
    )

    assert response.status_code == status
    assert AccessRecord.objects.count() == 0


def _move_within_data(head, wife, child, honcho2, **overrides):
    data = {
        "effective_on": "R6.4.1",
        "notified_on": "令和6年4月5日",
        "movers": [str(head.pk), str(wife.pk), str(child.pk)],
        "destination": "address",
        "town_area": str(honcho2.pk),
        "banchi": "5番地の3",
        "katagaki": "",
        "household_number": "",
        f"relationship_{head.pk}": "head",
        f"relationship_{wife.pk}": "wife",
        f"relationship_{child.pk}": "child",
        "note": "",
    }
    data.update(overrides)
    return data


def test_move_within_form_confirm_record(clerk_a, staff_client, yamada_family, honcho2):
    head, wife, child = yamada_family
    http = staff_client(clerk_a)
    url = reverse("console:residents_move_within", args=[head.pk])
    data = _move_within_data(head, wife, child, honcho2)

    form = http.get(url)
    confirm = http.post(url, data)
    assert Movement.objects.filter(kind="move_within").count() == 0
    done = http.post(url, {**data, "confirm": "1"})

    assert form.status_code == 200 and "転居届" in form.content.decode()
    body = confirm.content.decode()
    assert confirm.status_code == 200 and "転居届の確認" in body
    assert "令和6年4月1日（2024年4月1日）" in body and "本町二丁目" in body
    assert done.status_code == 302
    assert (
        done["Location"]
        == f"{reverse('console:person_detail', args=[head.pk])}?purpose=resident_change"
    )
    head = Person.objects.select_related("household__town_area").get(pk=head.pk)
    assert head.household.address == "本町二丁目5番地の3"
    page = http.get(done["Location"]).content.decode()
    assert "転居を記録しました（異動日 令和6年4月1日（2024年4月1日））。" in page
    assert "住所: 本町一丁目" in page and "→ 本町二丁目5番地の3" in page


def test_edit_returns_to_the_filled_form(clerk_a, staff_client, yamada_family, honcho2):
    head, wife, child = yamada_family
    url = reverse("console:residents_move_within", args=[head.pk])

    response = staff_client(clerk_a).post(
        url, {**_move_within_data(head, wife, child, honcho2), "edit": "1"}
    )

    body = response.content.decode()
    assert "転居届" in body and 'value="5番地の3"' in body and "error-summary" not in body
    assert Movement.objects.filter(kind="move_within").count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"banchi": ""}, "番地を入力してください。"),
        ({"effective_on": "H31.5.1"}, "平成31年5月1日 は平成の期間外です"),
        ({"effective_on": "きのう"}, "日付の形式"),
        ({"movers": []}, "対象となる人を選んでください。"),
    ],
)
def test_bad_input_is_a_form_error(
    clerk_a, staff_client, yamada_family, honcho2, overrides, message
):
    head, wife, child = yamada_family
    url = reverse("console:residents_move_within", args=[head.pk])

    response = staff_client(clerk_a).post(
        url, {**_move_within_data(head, wife, child, honcho2, **overrides), "confirm": "1"}
    )

    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body
    assert message in body
    assert Movement.objects.filter(kind="move_within").count() == 0


def test_a_service_refusal_comes_back_as_a_form_error(
    clerk_a, staff_client, yamada_family, honcho2
):
    head, wife, child = yamada_family
    url = reverse("console:residents_move_within", args=[head.pk])
    versions = PersonVersion.objects.count()

    response = staff_client(clerk_a).post(
        url,
        {**_move_within_data(head, wife, child, honcho2, movers=[str(head.pk)]), "confirm": "1"},
    )

    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" in body
    assert "新しい世帯主を選んでください" in body
    assert PersonVersion.objects.count() == versions


def test_a_removed_person_gets_no_form(clerk_a, staff_client):
    gone = PersonFactory(status="removed", removed_on=D(2020, 1, 1))
    url = reverse("console:residents_death", args=[gone.pk])

    page = staff_client(clerk_a).get(url).content.decode()
    posted = staff_client(clerk_a).post(url, {"effective_on": "2024-01-01", "confirm": "1"})

    assert "この異動は記録できません" in page and '<form method="post"' not in page
    assert posted.status_code == 200
    assert Movement.objects.filter(kind="death").count() == 0


def test_correction_flow(clerk_a, staff_client, yamada_family):
    head = yamada_family[0]
    url = reverse("console:residents_correction", args=[head.pk])
    data = {
        "effective_on": "2000-04-01",
        "reason": "戸籍照合により誤記を訂正",
        "family_name": "山田",
        "given_name": "太朗",
        "family_name_kana": "ヤマダ",
        "given_name_kana": "タロウ",
        "former_family_name": "",
        "birth_date": "S45.3.1",
        "sex": "male",
        "became_resident_on": "2000-04-01",
        "address_set_on": "2000-04-01",
        "previous_address": head.previous_address,
        "registered_domicile": "",
        "domicile_head": "",
        "note": "",
    }
    http = staff_client(clerk_a)

    confirm = http.post(url, data).content.decode()
    done = http.post(url, {**data, "confirm": "1"})

    assert "太郎 → 太朗" in confirm
    assert done.status_code == 302 and "purpose=resident_correction" in done["Location"]
    assert Person.objects.get(pk=head.pk).given_name == "太朗"
    assert Movement.objects.get(kind="correction").reason == "戸籍照合により誤記を訂正"


def test_move_in_flow(clerk_a, staff_client, honcho2):
    url = reverse("console:residents_move_in")
    data = {
        "effective_on": "R7.4.1",
        "notified_on": "R7.4.3",
        "previous_address": "大阪府大阪市北区梅田一丁目1番1号",
        "destination": "address",
        "town_area": str(honcho2.pk),
        "banchi": "3番地",
        "katagaki": "",
        "household_number": "",
        "note": "",
        "people-TOTAL_FORMS": "4",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "8",
        "people-0-family_name": "鈴木",
        "people-0-given_name": "一郎",
        "people-0-family_name_kana": "すずき",
        "people-0-given_name_kana": "いちろう",
        "people-0-birth_date": "S55.1.1",
        "people-0-sex": "male",
        "people-0-relationship": "head",
    }
    http = staff_client(clerk_a)

    confirm = http.post(url, data).content.decode()
    done = http.post(url, {**data, "confirm": "1"})

    assert (
        "鈴木 一郎（スズキ イチロウ）" in confirm.replace("すずき いちろう", "スズキ イチロウ")
        or "鈴木 一郎" in confirm
    )
    person = Person.objects.get(family_name="鈴木")
    assert done.status_code == 302
    assert (
        done["Location"]
        == f"{reverse('console:person_detail', args=[person.pk])}?purpose=resident_change"
    )
    assert (person.family_name_kana, person.became_resident_on) == ("スズキ", D(2025, 4, 1))


def test_move_in_without_people_is_an_error(clerk_a, staff_client, honcho2):
    response = staff_client(clerk_a).post(
        reverse("console:residents_move_in"),
        {
            "effective_on": "R7.4.1",
            "previous_address": "大阪府",
            "destination": "address",
            "town_area": str(honcho2.pk),
            "banchi": "3番地",
            "people-TOTAL_FORMS": "4",
            "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "8",
            "confirm": "1",
        },
    )

    assert "転入する人を1人以上入力してください。" in response.content.decode()
    assert Person.objects.count() == 0


# ----------------------------------------------------------------------- person page


def test_person_page_as_of_a_past_date(clerk_a, staff_client, yamada_family, honcho2):
    head, wife, child = yamada_family
    http = staff_client(clerk_a)
    url = reverse("console:residents_move_within", args=[head.pk])
    http.post(url, {**_move_within_data(head, wife, child, honcho2), "confirm": "1"})
    detail = reverse("console:person_detail", args=[head.pk])

    past = http.get(
        detail, {"purpose": "resident_certificate", "as_of": "R6.3.31"}
    ).content.decode()
    now = http.get(detail, {"purpose": "resident_certificate"}).content.decode()

    assert "令和6年3月31日（2024年3月31日） 時点の記載" in past
    assert (
        "本町一丁目" + head.household.banchi in past
        and "本町二丁目5番地の3" not in past.split("異動の履歴")[0]
    )
    assert "本町二丁目5番地の3" in now
    assert "異動を記録する" not in past and "異動を記録する" in now


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("S45.2.30", "1970年2月30日という日付はありません。"),
        ("H1.1.8", "時点では、この人の記載はありません。"),
    ],
)
def test_person_page_bad_as_of_is_a_form_error(
    clerk_a, staff_client, yamada_family, as_of, message
):
    head = yamada_family[0]

    response = staff_client(clerk_a).get(
        reverse("console:person_detail", args=[head.pk]),
        {"purpose": "resident_certificate", "as_of": as_of},
    )

    body = response.content.decode()
    assert response.status_code == 200 and message in body and "現在の記載事項" in body


def test_viewer_sees_no_movement_links(viewer_a, staff_client, yamada_family):
    response = staff_client(viewer_a).get(
        reverse("console:person_detail", args=[yamada_family[0].pk]),
        {"purpose": "resident_inquiry"},
    )

    body = response.content.decode()
    assert response.status_code == 200 and "異動の履歴" in body and "異動を記録する" not in body


# ----------------------------------------------------------------------------- search


def test_search_by_address_and_removed(clerk_a, staff_client, yamada_family, honcho2):
    PersonFactory(
        family_name="佐藤", family_name_kana="サトウ", resident_code="77777777777",
        household__town_area=honcho2, household__banchi="12番地の3",
    )  # fmt: skip
    PersonFactory(
        family_name="田中", family_name_kana="タナカ", resident_code="77777777778",
        household__town_area=honcho2, household__banchi="12番地の3", status="removed",
        removed_on=D(2020, 1, 1),
    )  # fmt: skip
    http = staff_client(clerk_a)
    search = reverse("console:resident_search")

    current = http.get(
        search, {"town_area": honcho2.pk, "banchi": "12-3", "purpose": "resident_inquiry"}
    )
    everyone = http.get(
        search,
        {
            "town_area": honcho2.pk,
            "banchi": "１２番地の３",
            "include_removed": "on",
            "purpose": "resident_inquiry",
        },
    )

    assert "佐藤" in current.content.decode() and "田中" not in current.content.decode()
    assert "佐藤" in everyone.content.decode() and "田中" in everyone.content.decode()
    assert AccessRecord.objects.count() == 3
