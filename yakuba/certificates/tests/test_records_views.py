"""Staff pages of the records part: access across the cast (and nothing changed on
refusal), access records, the register / abolish / import / correct / flag / lift flows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.certificates.models import SealRegistration, SupportMeasure, TaxAssessment
from yakuba.certificates.services.records import (
    flag_support_measure,
    import_tax_assessments,
    register_seal,
)

from . import test_records_helpers as helpers
from .test_records_helpers import csv_bytes, seal_image

pytestmark = pytest.mark.django_db
other_person = helpers.other_person
person = helpers.person
viewer_a = helpers.viewer_a
viewer_b = helpers.viewer_b
LINE = "12345678901,2026,4500000,3060000,1200000,1860000,111600,3500,74400,1500,1"
CAST = ["anonymous", "citizen", "system_admin", "clerk_b", "viewer_b", "viewer_a", "clerk_a"]


@pytest.fixture
def records(person, clerk_a, clerk_b):
    seal = register_seal(clerk_a, person.pk, image=seal_image())
    measure = flag_support_measure(clerk_a, person.pk, starts_on=seal.registered_on)
    import_tax_assessments(clerk_b, csv_bytes(LINE))
    return seal, measure, TaxAssessment.objects.get()


def _urls(person, seal, measure, assessment) -> dict[str, str]:
    name = "console:certificates:records_"
    return {
        "seal_list": reverse(name + "seal_list"),
        "seal_person": reverse(name + "seal_person", args=[person.pk]),
        "seal_image": reverse(name + "seal_image", args=[seal.pk]),
        "seal_register": reverse(name + "seal_register", args=[person.pk]),
        "seal_abolish": reverse(name + "seal_abolish", args=[seal.pk]),
        "support_list": reverse(name + "support_list"),
        "support_person": reverse(name + "support_person", args=[person.pk]),
        "support_lift": reverse(name + "support_lift", args=[measure.pk]),
        "tax_search": reverse(name + "tax_search") + "?code=12345678901",
        "tax_import": reverse(name + "tax_import"),
        "tax_correct": reverse(name + "tax_correct", args=[assessment.pk]),
    }


SHIMIN_VIEW = {"seal_list", "seal_person", "seal_image", "support_person"}
SHIMIN_OPERATE = {"seal_register", "seal_abolish", "support_list", "support_lift"}
KAZEI_VIEW = {"tax_search"}
KAZEI_OPERATE = {"tax_import", "tax_correct"}
ALLOWED = {
    "anonymous": set(),
    "citizen": set(),
    "system_admin": set(),
    "clerk_b": KAZEI_VIEW | KAZEI_OPERATE,
    "viewer_b": KAZEI_VIEW,
    "viewer_a": SHIMIN_VIEW,
    "clerk_a": SHIMIN_VIEW | SHIMIN_OPERATE,
}


def _client_for(who, client, staff_client, request):
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if who == "citizen":
        client.force_login(user)
        return client
    return staff_client(user)


@pytest.mark.parametrize("who", CAST)
def test_access_across_the_cast(who, records, person, client, staff_client, request):
    seal, measure, assessment = records
    http = _client_for(who, client, staff_client, request)

    for page, url in _urls(person, seal, measure, assessment).items():
        before = AccessRecord.objects.count()
        response = http.get(url)
        if page in ALLOWED[who]:
            assert response.status_code == 200, page
            assert "no-store" in response["Cache-Control"], page
            if page != "tax_import":  # the upload form shows nobody's data
                assert AccessRecord.objects.count() > before, page
        else:
            expected = 302 if who in ("anonymous", "citizen") else 403
            assert response.status_code == expected, page
            if expected == 302:
                assert response["Location"].startswith(reverse("console:login"))
            assert "村山" not in response.content.decode()
            assert AccessRecord.objects.count() == before, page


@pytest.mark.parametrize("who", ["viewer_a", "clerk_b", "viewer_b", "system_admin"])
def test_posts_without_the_role_change_nothing(who, records, person, staff_client, request):
    seal, measure, assessment = records
    urls = _urls(person, seal, measure, assessment)
    http = staff_client(request.getfixturevalue(who))
    before = AccessRecord.objects.count()

    responses = [
        http.post(urls["seal_abolish"], {"reason": "lost"}),
        http.post(urls["support_lift"]),
        http.post(urls["support_person"], {"starts_on": "2026-01-01"}),
        http.post(
            urls["seal_register"],
            {"image": SimpleUploadedFile("s.png", seal_image(), "image/png")},
        ),
    ]
    if who != "clerk_b":
        responses += [
            http.post(urls["tax_correct"], {"salary_income": "1"}),
            http.post(urls["tax_import"], {"file": SimpleUploadedFile("t.csv", csv_bytes(LINE))}),
        ]

    assert {response.status_code for response in responses} == {403}
    assert SealRegistration.objects.filter(abolished_on__isnull=True).count() == 1
    assert SupportMeasure.objects.filter(lifted_at__isnull=True).count() == 1
    assert SupportMeasure.objects.count() == 1
    assert TaxAssessment.objects.get().salary_income == 4500000
    assert AccessRecord.objects.count() == before


def test_the_image_is_streamed_and_recorded(records, person, clerk_a, staff_client):
    seal = records[0]
    response = staff_client(clerk_a).get(
        reverse("console:certificates:records_seal_image", args=[seal.pk])
    )

    assert response["Content-Type"] == "image/png"
    assert response.content == bytes(SealRegistration.objects.get().seal_image)
    assert AccessRecord.objects.latest("sequence").fields == ["印影"]


def test_register_and_abolish_through_the_forms(person, clerk_a, staff_client):
    http = staff_client(clerk_a)
    register_url = reverse("console:certificates:records_seal_register", args=[person.pk])

    bad = http.post(register_url, {"image": SimpleUploadedFile("a.png", b"not an image")})
    assert bad.status_code == 200
    assert "印影の画像を読み取れません" in bad.content.decode()
    assert SealRegistration.objects.count() == 0

    done = http.post(
        register_url,
        {
            "image": SimpleUploadedFile("a.jpg", seal_image("JPEG"), "image/jpeg"),
            "registered_on": "令和8年1月5日",
        },
        follow=True,
    )
    assert "印鑑を登録しました（登録番号 000001）。" in done.content.decode()
    seal = SealRegistration.objects.get()
    assert str(seal.registered_on) == "2026-01-05"

    again = http.post(register_url, {"image": SimpleUploadedFile("a.png", seal_image())})
    assert "すでに印鑑登録（登録番号 000001）があります" in again.content.decode()

    abolish_url = reverse("console:certificates:records_seal_abolish", args=[seal.pk])
    missing = http.post(abolish_url, {})
    assert "廃止の理由を選んでください。" in missing.content.decode()
    http.post(abolish_url, {"reason": "holder_request"})
    seal.refresh_from_db()
    assert seal.abolition_reason == "holder_request"


def test_search_by_number_finds_the_person(records, person, viewer_a, staff_client):
    http = staff_client(viewer_a)
    url = reverse("console:certificates:records_seal_list")

    found = http.get(url, {"number": "１"})
    assert found["Location"] == reverse(
        "console:certificates:records_seal_person", args=[person.pk]
    )
    missing = http.get(url, {"number": "999"})
    assert "この登録番号の印鑑登録はありません。" in missing.content.decode()


def test_import_page_lists_errors_per_line_then_imports(person, clerk_b, staff_client):
    http = staff_client(clerk_b)
    url = reverse("console:certificates:records_tax_import")

    failed = http.post(
        url,
        {
            "file": SimpleUploadedFile(
                "t.csv",
                csv_bytes(
                    LINE,
                    "99999999999,2026,0,0,0,0,0,0,0,0,0",
                    "12345678901,2025,x,0,0,0,0,0,0,0,0",
                ),
            )
        },
    )
    body = failed.content.decode()
    assert "2件のエラーがあったため、何も取り込んでいません" in body
    assert "住民記録にない住民票コードです" in body
    assert TaxAssessment.objects.count() == 0

    done = http.post(url, {"file": SimpleUploadedFile("t.csv", csv_bytes(LINE, encoding="cp932"))})
    assert "新規 1件" in done.content.decode()
    assert TaxAssessment.objects.count() == 1


def test_correction_form(records, clerk_b, staff_client):
    assessment = records[2]
    http = staff_client(clerk_b)
    url = reverse("console:certificates:records_tax_correct", args=[assessment.pk])
    values = {
        name: str(getattr(assessment, name))
        for name in (
            "salary_income",
            "total_income",
            "deductions_total",
            "taxable_income",
            "municipal_income_levy",
            "municipal_per_capita",
            "prefectural_income_levy",
            "prefectural_per_capita",
            "dependants",
        )
    }

    unchanged = http.post(url, values)
    assert "変更された項目がありません。" in unchanged.content.decode()
    wrong = http.post(url, {**values, "salary_income": "abc"})
    assert "数字で入力してください" in wrong.content.decode()

    http.post(url, {**values, "salary_income": "４，４００，０００"})
    assessment.refresh_from_db()
    assert assessment.salary_income == 4400000


def test_flag_and_lift_through_the_pages(person, clerk_a, staff_client):
    http = staff_client(clerk_a)
    url = reverse("console:certificates:records_support_person", args=[person.pk])

    bad = http.post(url, {"starts_on": "2026-05-01", "ends_on": "2026-04-01"})
    assert "終了予定日は開始日より後にしてください。" in bad.content.decode()
    http.post(url, {"starts_on": "R8.1.1", "note": "窓口注意"})
    measure = SupportMeasure.objects.get()

    listing = http.get(reverse("console:certificates:records_support_list"))
    assert (
        reverse("console:certificates:records_support_person", args=[person.pk])
        in listing.content.decode()
    )

    http.post(reverse("console:certificates:records_support_lift", args=[measure.pk]))
    measure.refresh_from_db()
    assert measure.lifted_by == clerk_a


def test_the_section_on_the_person_page_shows_state_only_to_shimin(
    records, person, viewer_a, clerk_b, rf
):
    from django.contrib.auth.models import AnonymousUser  # noqa: F401

    from yakuba.core.registries import person_sections

    section = next(s for s in person_sections.all() if s.key == "certificates.records")
    request = rf.get("/")
    request.user = viewer_a
    before = AccessRecord.objects.count()

    context = section.context(request, person.pk)

    assert context["state"].seal.registration_number == "000001"
    assert context["state"].support_in_force is not None
    assert context["may_operate"] is False
    assert AccessRecord.objects.count() == before + 2
    request.user = clerk_b
    assert section.context(request, person.pk) is None
