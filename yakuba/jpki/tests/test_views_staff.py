"""Staff pages: access across the cast, access records, issue / revoke / PIN reset through the forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.jpki.models import Card, CardCertificate

from .conftest import issue

pytestmark = pytest.mark.django_db

ISSUE_POST = {
    "auth_pin": "1234",
    "auth_pin_confirm": "1234",
    "with_signing": "on",
    "sign_pin": "ABC123",
    "sign_pin_confirm": "ABC123",
}


def _urls(card, person) -> dict[str, str]:
    certificate = CardCertificate.objects.get(card_id=card.card_id, kind="auth")
    return {
        "list": reverse("console:card_list"),
        "person": reverse("console:card_person", args=[person.pk]),
        "issue": reverse("console:card_issue", args=[person.pk]),
        "revoke": reverse("console:card_revoke", args=[card.card_id]),
        "pin": reverse("console:card_pin_reset", args=[certificate.pk]),
    }


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
        ("anonymous", dict.fromkeys(("list", "person", "issue", "revoke", "pin"), 302)),
        ("citizen", dict.fromkeys(("list", "person", "issue", "revoke", "pin"), 302)),
        ("system_admin", dict.fromkeys(("list", "person", "issue", "revoke", "pin"), 403)),
        ("clerk_b", dict.fromkeys(("list", "person", "issue", "revoke", "pin"), 403)),
        ("viewer_a", {"list": 200, "person": 200, "issue": 403, "revoke": 403, "pin": 403}),
        ("clerk_a", dict.fromkeys(("list", "person", "issue", "revoke", "pin"), 200)),
    ],
)
def test_access_across_the_cast(who, expected, card, person, client, staff_client, request):
    http = _client_for(who, client, staff_client, request)

    for page, url in _urls(card, person).items():
        before = AccessRecord.objects.count()
        response = http.get(url)

        assert response.status_code == expected[page], page
        body = response.content.decode()
        if expected[page] == 302:
            assert response["Location"].startswith(reverse("console:login"))
        if expected[page] == 200:
            assert "村山 花子" in body
            assert "no-store" in response["Cache-Control"]
            assert (
                AccessRecord.objects.filter(
                    subject_kind="residents.person",
                    subject_id=str(person.pk),
                    record_kind="jpki.card",
                ).count()
                == before + 1
            ), page
        else:
            assert "村山" not in body
            assert AccessRecord.objects.count() == before


@pytest.mark.parametrize("who", ["viewer_a", "clerk_b"])
def test_posts_without_the_operator_role_change_nothing(who, card, person, staff_client, request):
    http = staff_client(request.getfixturevalue(who))
    urls = _urls(card, person)

    assert http.post(urls["issue"], ISSUE_POST).status_code == 403
    assert (
        http.post(urls["revoke"], {"kinds": ["auth", "sign"], "reason": "lost"}).status_code == 403
    )
    assert http.post(urls["pin"], {"new_pin": "9999", "new_pin_confirm": "9999"}).status_code == 403
    assert Card.objects.count() == 1
    assert not CardCertificate.objects.filter(revoked_at__isnull=False).exists()


def test_unknown_ids_are_not_found(db, clerk_a, staff_client):
    http = staff_client(clerk_a)

    for name in ("card_person", "card_issue", "card_revoke", "card_pin_reset"):
        assert http.get(reverse(f"console:{name}", args=[987654])).status_code == 404


def test_the_list_records_every_holder_listed_and_finds_a_card_by_number(
    card, person, child, clerk_a, staff_client
):
    other = issue(child.pk, sign_pin=None)
    http = staff_client(clerk_a)

    response = http.get(reverse("console:card_list"))
    assert set(
        AccessRecord.objects.values_list("subject_id", "fields")
        .filter(record_kind="jpki.card")
        .values_list("subject_id", flat=True)
    ) == {str(person.pk), str(child.pk)}
    assert card.card_number in response.content.decode()

    searched = http.get(reverse("console:card_list"), {"card_number": "１２３４-５６７８-９０１２"})
    assert "該当するカードはありません。" in searched.content.decode()
    found = http.get(reverse("console:card_list"), {"card_number": other.card_number})
    assert other.card_number in found.content.decode()
    assert card.card_number not in found.content.decode()


def test_a_malformed_card_number_is_a_form_error(db, clerk_a, staff_client):
    response = staff_client(clerk_a).get(reverse("console:card_list"), {"card_number": "12345"})

    assert response.status_code == 200
    assert "カード番号は12桁の数字で入力してください。" in response.content.decode()
    assert AccessRecord.objects.count() == 0


def test_issuing_through_the_form(person, clerk_a, staff_client):
    response = staff_client(clerk_a).post(
        reverse("console:card_issue", args=[person.pk]), ISSUE_POST, follow=True
    )

    card = Card.objects.get(person=person)
    assert response.redirect_chain == [(reverse("console:card_person", args=[person.pk]), 302)]
    assert f"カードを交付しました（カード番号 {card.card_number}）。" in response.content.decode()
    assert sorted(card.certificates.values_list("kind", flat=True)) == ["auth", "sign"]
    assert card.issued_by == clerk_a


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"auth_pin": "12"}, ["利用者証明用の暗証番号は、数字4桁で入力してください。"]),
        ({"auth_pin_confirm": "4321"}, ["確認のための入力が一致しません。"]),
        ({"sign_pin": ""}, ["署名用の暗証番号を入力してください。"]),
        (
            {"sign_pin": "abcdef", "sign_pin_confirm": "abcdef"},
            [
                "署名用の暗証番号は、英大文字と数字をそれぞれ1文字以上含めてください（記号は使えません）。"
            ],
        ),
        ({"auth_pin": "x" * 200}, ["利用者証明用の暗証番号が長すぎます。"]),
    ],
)
def test_bad_pins_are_shown_and_nothing_is_issued(person, clerk_a, staff_client, changes, errors):
    response = staff_client(clerk_a).post(
        reverse("console:card_issue", args=[person.pk]), {**ISSUE_POST, **changes}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary' in body
    for error in errors:
        assert error in body
    assert 'value="ABC123"' not in body and 'value="1234"' not in body
    assert Card.objects.count() == 0


def test_declining_the_signing_certificate(person, clerk_a, staff_client):
    staff_client(clerk_a).post(
        reverse("console:card_issue", args=[person.pk]),
        {"auth_pin": "1234", "auth_pin_confirm": "1234"},
    )

    assert list(Card.objects.get(person=person).certificates.values_list("kind", flat=True)) == [
        "auth"
    ]


def test_a_child_gets_no_signing_fields(child, clerk_a, staff_client):
    http = staff_client(clerk_a)
    url = reverse("console:card_issue", args=[child.pk])

    page = http.get(url).content.decode()
    http.post(url, ISSUE_POST)

    assert "15歳未満の方には、署名用電子証明書は発行しません" in page
    assert 'name="sign_pin"' not in page
    assert list(Card.objects.get(person=child).certificates.values_list("kind", flat=True)) == [
        "auth"
    ]


def test_revoking_through_the_form(card, person, clerk_a, staff_client):
    http = staff_client(clerk_a)
    url = reverse("console:card_revoke", args=[card.card_id])

    missing = http.post(url, {"kinds": ["sign"]})
    assert "失効の理由を選んでください。" in missing.content.decode()
    response = http.post(url, {"kinds": ["sign"], "reason": "lost"}, follow=True)

    assert "電子証明書を1件失効させました。" in response.content.decode()
    assert dict(CardCertificate.objects.values_list("kind", "revocation_reason")) == {
        "auth": "",
        "sign": "lost",
    }
    assert "失効させる電子証明書" in http.get(url).content.decode()


def test_resetting_a_locked_pin_through_the_form(card, clerk_a, staff_client):
    certificate = CardCertificate.objects.get(card_id=card.card_id, kind="auth")
    CardCertificate.objects.filter(pk=certificate.pk).update(pin_failures=3)
    http = staff_client(clerk_a)
    url = reverse("console:card_pin_reset", args=[certificate.pk])

    assert "暗証番号ロック中" in http.get(url).content.decode()
    mismatch = http.post(url, {"new_pin": "9876", "new_pin_confirm": "9875"})
    assert "確認のための入力が一致しません。" in mismatch.content.decode()
    response = http.post(url, {"new_pin": "9876", "new_pin_confirm": "9876"}, follow=True)

    assert (
        "利用者証明用電子証明書の暗証番号を再設定しました。ロックは解除されています。"
        in response.content.decode()
    )
    certificate.refresh_from_db()
    assert certificate.pin_failures == 0


def test_the_person_page_shows_the_card_section_and_records_it(card, person, clerk_a, staff_client):
    response = staff_client(clerk_a).get(
        reverse("console:person_detail", args=[person.pk]), {"purpose": "resident_inquiry"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert card.card_number in body
    assert "利用者証明用電子証明書" in body
    assert reverse("console:card_issue", args=[person.pk]) in body
    assert (
        AccessRecord.objects.filter(
            subject_id=str(person.pk),
            record_kind="jpki.card",
            fields=["カード番号", "電子証明書の状態"],
        ).count()
        == 1
    )


def test_the_person_section_without_a_card_records_nothing_of_ours(person, viewer_a, staff_client):
    response = staff_client(viewer_a).get(
        reverse("console:person_detail", args=[person.pk]), {"purpose": "resident_inquiry"}
    )

    body = response.content.decode()
    assert "交付中のマイナンバーカード（電子証明書）はありません。" in body
    assert reverse("console:card_issue", args=[person.pk]) not in body
    assert not AccessRecord.objects.filter(record_kind="jpki.card").exists()
