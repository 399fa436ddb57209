"""The filling pages: start, pages (next/back/save, errors, groups, files), review, submit,
done; who may open a draft."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from yakuba.applications.models import (
    Attachment,
    IdentityLevel,
    Status,
    Submission,
    SubmissionEvent,
)
from yakuba.applications.services import filling
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory
from yakuba.residents.services import link_citizen
from yakuba.residents.tests.factories import PersonFactory

from .factories import SMALL_ANSWERS, make_procedure
from .factories_attachments import small_pdf
from .factories_schema import every_widget_definition

pytestmark = pytest.mark.django_db


def start_url(procedure) -> str:
    return reverse("portal:applications:filling_start", args=[procedure.code])


def page_url(submission, page_key: str) -> str:
    return reverse("portal:applications:filling_page", args=[submission.draft_key, page_key])


def review_url(submission) -> str:
    return reverse("portal:applications:filling_review", args=[submission.draft_key])


def submit_url(submission) -> str:
    return reverse("portal:applications:filling_submit", args=[submission.draft_key])


def done_url(submission) -> str:
    return reverse("portal:applications:filling_done", args=[submission.draft_key])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def procedure():
    return make_procedure("dog-registration", title="犬の登録", handling_days=10)


@pytest.fixture
def draft(citizen_client, procedure):
    citizen_client.post(start_url(procedure))
    return Submission.objects.get()


PAGE_ONE = {"name": "村山 花子", "name_kana": "むらやま はなこ", "email": "hanako@example.jp"}
PAGE_TWO = {"has_dog": "yes", "dog_name": "ポチ", "consent": "on"}


# ----------------------------------------------------------------------------- start


def test_start_page_offers_the_button(citizen_client, procedure):
    response = citizen_client.get(start_url(procedure))

    assert response.status_code == 200
    assert "申請を始める" in text_of(response)
    assert Submission.objects.count() == 0


def test_start_creates_the_draft_and_goes_to_its_first_page(citizen_client, procedure, citizen):
    response = citizen_client.post(start_url(procedure))

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url(submission, "applicant")
    assert submission.applicant == citizen
    assert submission.auth_method == "password"


def test_start_again_resumes_at_the_current_page(citizen_client, procedure, draft):
    citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})

    response = citizen_client.post(start_url(procedure))

    assert response["Location"] == page_url(draft, "applicant")
    assert Submission.objects.count() == 1


def test_start_page_offers_to_continue_a_draft(citizen_client, procedure, draft):
    response = citizen_client.get(start_url(procedure))

    page = text_of(response)
    assert "入力途中の下書きがあります。続きから入力できます。" in page
    assert "続きを入力する" in page


def test_resume_goes_to_the_current_page(citizen_client, draft):
    citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})
    citizen_client.post(page_url(draft, "details"), {"has_dog": "no", "navigate": "save"})

    response = citizen_client.get(
        reverse("portal:applications:filling_resume", args=[draft.draft_key])
    )

    assert response["Location"] == page_url(draft, "details")


def test_card_procedure_asks_an_unlinked_account_to_sign_in_with_the_card(citizen_client):
    procedure = make_procedure("juminhyo", identity_level=IdentityLevel.CARD)

    response = citizen_client.get(start_url(procedure))

    page = text_of(response)
    assert "マイナンバーカードでのログインが必要です" in page
    assert reverse("portal:card_login") + "?next=%2Fapply%2Fforms%2Fjuminhyo%2Fstart%2F" in page


def test_anonymous_is_sent_to_login_for_an_account_procedure(client, procedure):
    response = client.post(start_url(procedure))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert "next=" in response["Location"]
    assert Submission.objects.count() == 0


def test_closed_procedure_explains_why(citizen_client):
    procedure = make_procedure(closes_on=datetime.date(2020, 3, 31))

    response = citizen_client.post(start_url(procedure))

    assert response.status_code == 403
    assert "この手続きの受付は令和2年3月31日で終了しました。" in text_of(response)
    assert Submission.objects.count() == 0


def test_unpublished_procedure_is_not_found(citizen_client):
    procedure = make_procedure(published=False)

    assert citizen_client.get(start_url(procedure)).status_code == 404
    assert citizen_client.post(start_url(procedure)).status_code == 404
    assert Submission.objects.count() == 0


def test_card_login_prefills_and_says_so(client, procedure, citizen):
    person = PersonFactory(resident_code="41111111198")
    link_citizen(citizen, person.resident_code, method="demo")
    login_citizen(client, citizen)
    session = client.session
    session["yakuba_auth_method"] = "jpki"
    session.save()

    client.post(start_url(procedure))
    submission = Submission.objects.get()
    response = client.get(page_url(submission, "applicant"))

    assert submission.prefilled_fields == ["name", "name_kana"]
    assert 'value="山田 太郎"' in text_of(response)
    assert "住民記録から入力しました。違っていれば直してください。" in text_of(response)


# ----------------------------------------------------------------------------- pages


def test_page_shows_the_progress(citizen_client, draft):
    response = citizen_client.get(page_url(draft, "details"))

    page = text_of(response)
    assert response.status_code == 200
    assert "ステップ 2 / 3" in page
    assert '<li aria-current="step"><strong>内容</strong>' in page
    assert "<li>申請者" in page
    assert "入力内容の確認</li>" in page


def test_valid_page_is_saved_normalised_and_goes_on(citizen_client, draft):
    response = citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == page_url(draft, "details")
    assert draft.answers == {
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "email": "hanako@example.jp",
    }
    assert draft.current_page == "applicant"


def test_invalid_page_shows_japanese_errors_and_keeps_what_was_typed(citizen_client, draft):
    typed = {"name": "村山 花子", "name_kana": "Murayama", "email": "hanako@", "navigate": "next"}

    response = citizen_client.post(page_url(draft, "applicant"), typed)

    page = text_of(response)
    assert response.status_code == 200
    assert "入力内容に問題があります" in page
    assert "メールアドレスの形式" in page or "メールアドレス" in page
    assert 'value="Murayama"' in page
    assert 'value="hanako@"' in page
    assert 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert draft.pending_input["applicant"]["name_kana"] == ["Murayama"]
    assert draft.pending_input["applicant"]["email"] == ["hanako@"]
    assert draft.answers == {"name": "村山 花子"}  # the valid part is saved too

    again = citizen_client.get(page_url(draft, "applicant"))  # e.g. after closing the tab

    assert 'value="Murayama"' in text_of(again)
    assert "入力内容に問題があります" in text_of(again)


def test_missing_required_field_says_so(citizen_client, draft):
    response = citizen_client.post(page_url(draft, "applicant"), {"navigate": "next"})

    page = text_of(response)
    assert response.status_code == 200
    assert "氏名を入力してください" in page or "氏名" in page and "入力してください" in page


def test_correcting_the_page_clears_the_pending_input(citizen_client, draft):
    citizen_client.post(
        page_url(draft, "applicant"), {**PAGE_ONE, "email": "x@", "navigate": "next"}
    )

    response = citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.pending_input == {}
    assert draft.answers["email"] == "hanako@example.jp"


def test_back_saves_and_goes_to_the_previous_page(citizen_client, draft):
    response = citizen_client.post(
        page_url(draft, "details"), {"has_dog": "no", "navigate": "back"}
    )

    draft.refresh_from_db()
    assert response["Location"] == page_url(draft, "applicant")
    assert draft.answers == {"has_dog": "no"}


def test_back_with_an_invalid_page_loses_nothing(citizen_client, draft):
    response = citizen_client.post(
        page_url(draft, "details"), {"has_dog": "yes", "dog_name": "", "navigate": "back"}
    )

    assert response.status_code == 302
    assert response["Location"] == page_url(draft, "applicant")
    draft.refresh_from_db()
    assert draft.pending_input["details"]["has_dog"] == ["yes"]
    following = citizen_client.get(response["Location"])
    assert "入力した内容は保存しました" in text_of(following)
    details = citizen_client.get(page_url(draft, "details"))
    assert re.search(r'value="yes"[^>]*checked', text_of(details))


def test_save_for_later_stays_on_the_page(citizen_client, draft):
    response = citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "save"})

    assert response.status_code == 302
    assert response["Location"] == page_url(draft, "applicant")
    draft.refresh_from_db()
    assert draft.answers["name_kana"] == "ムラヤマ ハナコ"
    shown = citizen_client.get(response["Location"])
    assert (
        "一時保存しました。マイページの「電子申請」から、いつでも続きを入力できます。"
        in text_of(shown)
    )


def test_save_for_later_of_an_incomplete_page_keeps_it_and_says_what_is_missing(
    citizen_client, draft
):
    response = citizen_client.post(
        page_url(draft, "applicant"), {"name": "村山", "navigate": "save"}
    )

    page = text_of(response)
    assert response.status_code == 200
    assert "入力途中の内容を一時保存しました。" in page
    draft.refresh_from_db()
    assert draft.answers == {"name": "村山"}
    assert draft.pending_input["applicant"]["name"] == ["村山"]


def test_unknown_page_is_404(citizen_client, draft):
    assert citizen_client.get(page_url(draft, "nosuchpage")).status_code == 404


def test_page_in_english(citizen_client, draft):
    citizen_client.cookies["django_language"] = "en"

    response = citizen_client.get(page_url(draft, "applicant"), HTTP_ACCEPT_LANGUAGE="en")

    page = text_of(response)
    assert "Applicant" in page
    assert "Name (katakana)" in page


# ----------------------------------------------------------------------------- groups and files


@pytest.fixture
def every_widget_draft(citizen_client, settings, tmp_path):
    settings.YAKUBA_APPLICATIONS_FILES_DIR = tmp_path / "application-files"
    settings.YAKUBA_CLAMD_ADDRESS = ""
    schema, ui = every_widget_definition()
    procedure = make_procedure("every-widget", schema=schema, ui_schema=ui)
    citizen_client.post(start_url(procedure))
    return Submission.objects.get()


def test_group_add_button_shows_one_more_item_and_keeps_the_typed_one(
    citizen_client, every_widget_draft
):
    url = page_url(every_widget_draft, "details")
    response = citizen_client.post(
        url,
        {"children__count": "1", "children__0__child_name": "村山 太郎", "children__add": "1"},
    )

    page = text_of(response)
    assert response.status_code == 200
    assert 'name="children__1__child_name"' in page
    assert 'value="村山 太郎"' in page
    assert "入力内容に問題があります" not in page


def test_file_is_stored_and_listed_and_can_be_removed(citizen_client, every_widget_draft):
    url = page_url(every_widget_draft, "details")
    upload = SimpleUploadedFile("license.pdf", small_pdf(), content_type="application/pdf")

    response = citizen_client.post(url, {"documents": upload, "navigate": "save"})

    every_widget_draft.refresh_from_db()
    attachment = Attachment.objects.get()
    assert response.status_code == 200  # the rest of the page is not filled in yet
    assert every_widget_draft.answers["documents"] == [attachment.pk]
    assert attachment.original_name == "license.pdf"
    assert "「license.pdf」を取り除く" in text_of(citizen_client.get(url))

    citizen_client.post(url, {"documents__remove": [attachment.pk], "navigate": "save"})

    every_widget_draft.refresh_from_db()
    assert "documents" not in every_widget_draft.answers
    assert Attachment.objects.count() == 0


def test_a_file_is_replaced_in_one_step(citizen_client, every_widget_draft):
    url = page_url(every_widget_draft, "details")
    for name in ("one.pdf", "two.pdf"):  # the field takes two files
        upload = SimpleUploadedFile(name, small_pdf(name), content_type="application/pdf")
        citizen_client.post(url, {"documents": upload, "navigate": "save"})
    first = Attachment.objects.get(original_name="one.pdf")
    upload = SimpleUploadedFile("three.pdf", small_pdf("3"), content_type="application/pdf")

    citizen_client.post(
        url, {"documents": upload, "documents__remove": [first.pk], "navigate": "save"}
    )

    every_widget_draft.refresh_from_db()
    names = dict(Attachment.objects.values_list("pk", "original_name"))
    assert sorted(names.values()) == ["three.pdf", "two.pdf"]
    assert sorted(every_widget_draft.answers["documents"]) == sorted(names)


def test_refused_file_shows_the_attachment_message(citizen_client, every_widget_draft):
    url = page_url(every_widget_draft, "details")
    upload = SimpleUploadedFile(
        "virus.pdf", b"<html><body>x</body></html>", content_type="application/pdf"
    )

    response = citizen_client.post(url, {"documents": upload, "navigate": "next"})

    assert response.status_code == 200
    assert "は受け付けていません" in text_of(response)
    assert Attachment.objects.count() == 0


# ----------------------------------------------------------------------------- review and submit


def fill_both_pages(client, submission):
    client.post(page_url(submission, "applicant"), {**PAGE_ONE, "navigate": "next"})
    client.post(page_url(submission, "details"), {**PAGE_TWO, "navigate": "next"})


def test_review_lists_answers_with_edit_links(citizen_client, draft):
    fill_both_pages(citizen_client, draft)

    response = citizen_client.get(review_url(draft))

    page = text_of(response)
    assert response.status_code == 200
    assert "ステップ 3 / 3" in page
    assert '<dt lang="ja">氏名（カナ）</dt><dd>ムラヤマ ハナコ' in page
    assert "はい" in page and "ポチ" in page
    assert page.count(">修正する<") == 2
    assert f'href="{page_url(draft, "details")}"' in page
    assert "アカウント（メール確認済み）" in page
    assert "申請する" in page


def test_review_of_an_incomplete_form_links_to_the_page_to_fix(citizen_client, draft):
    citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})

    response = citizen_client.get(review_url(draft))

    page = text_of(response)
    assert "入力内容に問題があります" in page
    assert f'<a href="{page_url(draft, "details")}">内容・犬を飼っていますか' in page
    assert "send-application" not in page


def test_submit_receives_once_even_when_posted_twice(citizen_client, draft):
    fill_both_pages(citizen_client, draft)

    first = citizen_client.post(submit_url(draft))
    second = citizen_client.post(submit_url(draft))  # double click / back button

    submission = Submission.objects.get()
    assert first.status_code == 302 and first["Location"] == done_url(draft)
    assert second.status_code == 302 and second["Location"] == done_url(draft)
    assert submission.status == Status.RECEIVED
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1


def test_done_page_shows_the_reference_and_next_steps(citizen_client, draft):
    fill_both_pages(citizen_client, draft)
    citizen_client.post(submit_url(draft))
    submission = Submission.objects.get()

    response = citizen_client.get(done_url(draft))

    page = text_of(response)
    assert response.status_code == 200
    assert "申請を受け付けました" in page
    assert submission.reference in page
    assert "このあとの流れ" in page
    assert reverse("portal:applications:mine_detail", args=[submission.reference]) in page


def test_pages_of_a_sent_application_lead_to_its_done_page(citizen_client, draft):
    fill_both_pages(citizen_client, draft)
    citizen_client.post(submit_url(draft))

    assert citizen_client.get(page_url(draft, "applicant"))["Location"] == done_url(draft)
    again = citizen_client.post(page_url(draft, "details"), {**PAGE_TWO, "navigate": "next"})
    assert again["Location"] == done_url(draft)
    assert citizen_client.get(review_url(draft))["Location"] == done_url(draft)
    assert Submission.objects.get().answers == {**SMALL_ANSWERS}


def test_submit_of_an_incomplete_form_shows_the_review_with_errors(citizen_client, draft):
    citizen_client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})

    response = citizen_client.post(submit_url(draft))

    assert response.status_code == 200
    assert "入力内容に問題があります" in text_of(response)
    assert Submission.objects.get().status == Status.DRAFT


def test_card_level_submit_goes_to_the_signing_page(citizen_client):
    procedure = make_procedure(identity_level=IdentityLevel.CARD)
    citizen_client.post(start_url(procedure))
    submission = Submission.objects.get()
    fill_both_pages(citizen_client, submission)

    response = citizen_client.post(submit_url(submission))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:applications:mine_sign", args=[submission.draft_key]
    )
    assert Submission.objects.get().status == Status.DRAFT


# ----------------------------------------------------------------------------- who may open


def test_draft_survives_logout_and_login(client, citizen, procedure):
    login_citizen(client, citizen)
    client.post(start_url(procedure))
    submission = Submission.objects.get()
    client.post(page_url(submission, "applicant"), {**PAGE_ONE, "navigate": "next"})
    client.post(reverse("portal:logout"))
    client.logout()

    login_citizen(client, citizen)
    response = client.post(start_url(procedure))

    assert response["Location"] == page_url(submission, "applicant")
    assert 'value="ムラヤマ ハナコ"' in text_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    "who", ["anonymous", "other_citizen", "clerk_a", "clerk_b", "supervisor", "system_admin"]
)
def test_only_the_owner_opens_the_draft(who, request, citizen):
    client = Client()
    if who == "other_citizen":
        login_citizen(client, CitizenFactory())
    elif who != "anonymous":
        from yakuba.identity.testing import login_staff

        # Staff of the handling department (市民課) too: a draft is the applicant's alone.
        login_staff(client, request.getfixturevalue(who))
    owner = login_citizen(Client(), citizen)
    owner.post(start_url(make_procedure(department_code="shimin")))
    draft = Submission.objects.get()
    before = Submission.objects.values("answers", "pending_input", "status", "updated").get()
    resume = reverse("portal:applications:filling_resume", args=[draft.draft_key])

    for url in (page_url(draft, "applicant"), review_url(draft), done_url(draft), resume):
        assert client.get(url).status_code == 404
    posted = client.post(page_url(draft, "applicant"), {**PAGE_ONE, "navigate": "next"})
    assert posted.status_code == 404
    assert client.post(submit_url(draft)).status_code == 404
    assert (
        Submission.objects.values("answers", "pending_input", "status", "updated").get() == before
    )
    assert SubmissionEvent.objects.count() == 0


def test_anonymous_application_without_an_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    procedure = make_procedure("event-entry", identity_level=IdentityLevel.NONE)

    client.post(start_url(procedure))
    submission = Submission.objects.get()
    fill_both_pages(client, submission)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(submission))

    submission.refresh_from_db()
    assert response["Location"] == done_url(submission)
    assert submission.status == Status.RECEIVED
    assert submission.applicant is None
    done = text_of(client.get(done_url(submission)))
    assert submission.reference in done
    assert "ログインせずに申請したため" in done
    assert [message.to for message in mailoutbox] == [["hanako@example.jp"]]
    # Another browser does not get in with the key alone.
    assert Client().get(done_url(submission)).status_code == 404


def test_anonymous_answers_are_those_of_the_small_form(client):
    procedure = make_procedure(identity_level=IdentityLevel.NONE)
    client.post(start_url(procedure))
    submission = Submission.objects.get()

    fill_both_pages(client, submission)

    submission.refresh_from_db()
    assert submission.answers == {**SMALL_ANSWERS}
    assert filling.session_draft_keys(client.session) == [submission.draft_key]


def test_submission_e_mails_the_applicant(
    citizen_client, draft, mailoutbox, django_capture_on_commit_callbacks
):
    fill_both_pages(citizen_client, draft)

    with django_capture_on_commit_callbacks(execute=True):
        citizen_client.post(submit_url(draft))

    submission = Submission.objects.get()
    assert [message.to for message in mailoutbox] == [["hanako@example.jp"]]
    assert submission.reference in mailoutbox[0].body


def test_card_level_application_from_card_login_to_signature(client, settings, tmp_path):
    from yakuba.applications.models import SubmissionSignature
    from yakuba.applications.services import signing

    from .factories_mine import SIGN_PIN, citizen_with_card

    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_PUBLIC_BASE_URL = "https://www.city.example.lg.jp"
    settings.YAKUBA_JPKI_DEMO = True
    user, person, card = citizen_with_card()
    login_citizen(client, user)
    session = client.session
    session["yakuba_auth_method"] = "jpki"
    session.save()
    procedure = make_procedure(identity_level=IdentityLevel.CARD)

    client.post(start_url(procedure))
    submission = Submission.objects.get()
    assert submission.answers == {"name": "村山 花子", "name_kana": "ムラヤマ ハナコ"}
    client.post(page_url(submission, "applicant"), {**PAGE_ONE, "navigate": "next"})
    client.post(page_url(submission, "details"), {**PAGE_TWO, "navigate": "next"})
    to_sign = client.post(submit_url(submission))
    choice = next(
        value
        for value, label in signing.card_choices()
        if label.endswith(f"{card.card_number[-4:]}）")
    )
    signed = client.post(to_sign["Location"], {"card": choice, "pin": SIGN_PIN})

    submission.refresh_from_db()
    assert signed["Location"] == done_url(submission)
    assert submission.status == Status.RECEIVED
    assert submission.identity_level == IdentityLevel.CARD
    assert submission.prefilled_fields == ["name", "name_kana"]
    assert submission.person_id == person.pk
    assert SubmissionSignature.objects.get(submission=submission).is_valid is True
    assert signing.verify_again(submission).reason == "valid"
