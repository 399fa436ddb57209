"""マイページ 「電子申請」: the list, one application, corrections, withdrawal, the card."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.applications.models import EventKind, Status, SubmissionEvent
from yakuba.applications.services import workflow
from yakuba.applications.tests.factories import (
    SMALL_ANSWERS,
    make_procedure,
    make_submission,
    staff_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return make_procedure(title="犬の登録申請", handling_days=10)


@pytest.fixture
def own(procedure, citizen):
    return make_submission(procedure, applicant=citizen)


@pytest.fixture
def operator():
    return staff_in("shimin", "operator")


def detail_url(submission) -> str:
    return reverse("portal:applications:mine_detail", args=[submission.reference])


def test_list_shows_drafts_to_continue_and_submitted_applications(
    citizen_client, citizen, procedure, own
):
    draft = make_submission(procedure, applicant=citizen, status=Status.DRAFT)
    make_submission(procedure, applicant=None)  # someone else's

    response = citizen_client.get(reverse("portal:applications:mine_list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="/apply/forms/{draft.draft_key}/applicant/"' in content
    assert "続きから入力" in content
    assert f'href="{detail_url(own)}"' in content
    assert content.count('href="/apply/mine/20') == 1
    assert '<span class="tag tag-info">受付</span>' in content
    assert own.due_date.strftime("%Y年") in content


def test_detail_shows_answers_and_status(citizen_client, own):
    response = citizen_client.get(detail_url(own))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>犬の登録申請</h1>" in content
    assert own.reference in content
    assert "ポチ" in content and "村山 花子" in content
    assert '<span class="tag tag-info">受付</span>' in content


def test_another_citizens_application_is_not_found(client, own):
    from yakuba.identity.testing import login_citizen
    from yakuba.identity.tests.factories import CitizenFactory

    login_citizen(client, CitizenFactory())

    assert client.get(detail_url(own)).status_code == 404
    assert (
        client.get(reverse("portal:applications:mine_withdraw", args=[own.reference])).status_code
        == 404
    )


@pytest.mark.parametrize("url_name", ["mine_detail", "mine_withdraw", "mine_resubmit", "mine_list"])
def test_staff_are_sent_to_the_citizen_login(staff_client, operator, own, url_name):
    client = staff_client(operator)
    url = reverse(
        f"portal:applications:{url_name}",
        args=[] if url_name == "mine_list" else [own.reference],
    )

    response = (
        client.post(url, {"confirm": "on"}) if url_name == "mine_withdraw" else client.get(url)
    )

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"
    own.refresh_from_db()
    assert own.status == Status.RECEIVED


def test_list_query_count_does_not_grow_with_applications(
    citizen_client, citizen, procedure, django_assert_max_num_queries
):
    for _ in range(8):
        make_submission(procedure, applicant=citizen)
        make_submission(procedure, applicant=citizen, status=Status.DRAFT)

    with django_assert_max_num_queries(12):
        response = citizen_client.get(reverse("portal:applications:mine_list"))

    assert response.content.decode().count('href="/apply/mine/20') == 8


def test_anonymous_is_sent_to_the_login(client, own):
    response = client.get(detail_url(own))

    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_internal_comments_are_never_shown_but_messages_are(citizen_client, own, operator):
    workflow.add_comment(operator, own, "内部メモ：電話で確認済み")
    workflow.message_applicant(operator, own, "窓口で原本を確認します。")
    workflow.start_review(operator, own)

    content = citizen_client.get(detail_url(own)).content.decode()

    assert "内部メモ" not in content
    assert "窓口で原本を確認します。" in content
    assert "審査中" in content


def test_correction_round_trip(citizen_client, citizen, own, operator):
    workflow.request_correction(operator, own, "犬の名前をカタカナで書いてください。")
    detail = citizen_client.get(detail_url(own)).content.decode()
    assert "犬の名前をカタカナで書いてください。" in detail
    correct_url = reverse("portal:applications:mine_correct", args=[own.reference, "applicant"])
    assert f'href="{correct_url}"' in detail

    page = citizen_client.get(correct_url)
    assert page.status_code == 200
    assert 'value="村山 花子"' in page.content.decode()
    first = citizen_client.post(
        correct_url,
        {"name": "村山 花子", "name_kana": "ムラヤマ ハナコ", "email": "hanako@example.jp"},
    )
    assert first["Location"] == reverse(
        "portal:applications:mine_correct", args=[own.reference, "details"]
    )
    second = citizen_client.post(
        first["Location"], {"has_dog": "yes", "dog_name": "ポチタロウ", "consent": "on"}
    )
    resubmit_url = reverse("portal:applications:mine_resubmit", args=[own.reference])
    assert second["Location"] == resubmit_url
    assert "ポチタロウ" in citizen_client.get(resubmit_url).content.decode()

    done = citizen_client.post(resubmit_url)

    assert done["Location"] == detail_url(own)
    own.refresh_from_db()
    assert (own.status, own.correction_rounds) == (Status.REVIEWING, 1)
    assert own.answers["dog_name"] == "ポチタロウ"
    assert SubmissionEvent.objects.filter(submission=own, kind=EventKind.RESUBMITTED).count() == 1


def test_correcting_is_refused_unless_a_correction_was_requested(citizen_client, own):
    url = reverse("portal:applications:mine_correct", args=[own.reference, "applicant"])

    response = citizen_client.post(url, {"name": "別人"})

    assert response["Location"] == detail_url(own)
    own.refresh_from_db()
    assert own.answers == SMALL_ANSWERS


def test_an_invalid_corrected_page_shows_the_error_and_keeps_the_answers(
    citizen_client, own, operator
):
    workflow.request_correction(operator, own, "修正してください。")
    url = reverse("portal:applications:mine_correct", args=[own.reference, "applicant"])

    response = citizen_client.post(url, {"name": "", "name_kana": "ムラヤマ", "email": ""})

    assert response.status_code == 200
    assert "入力内容に問題があります" in response.content.decode()
    own.refresh_from_db()
    assert own.answers == SMALL_ANSWERS


def test_withdrawal_needs_the_confirmation(citizen_client, own):
    url = reverse("portal:applications:mine_withdraw", args=[own.reference])
    assert citizen_client.get(url).status_code == 200

    refused = citizen_client.post(url, {"reason": "不要になった"})
    assert "取り下げる場合は、確認のチェックを入れてください。" in refused.content.decode()
    own.refresh_from_db()
    assert own.status == Status.RECEIVED

    done = citizen_client.post(url, {"reason": "不要になった", "confirm": "on"})

    assert done["Location"] == detail_url(own)
    own.refresh_from_db()
    assert own.status == Status.WITHDRAWN
    event = SubmissionEvent.objects.get(submission=own, to_status=Status.WITHDRAWN)
    assert event.message == "不要になった"


def test_a_decided_application_cannot_be_withdrawn(citizen_client, procedure, citizen):
    approved = make_submission(procedure, applicant=citizen, status=Status.APPROVED)
    url = reverse("portal:applications:mine_withdraw", args=[approved.reference])

    response = citizen_client.post(url, {"confirm": "on"})

    assert response["Location"] == detail_url(approved)
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_mypage_card_lists_the_latest_three(citizen_client, citizen, procedure):
    import datetime

    from django.utils import timezone

    base = timezone.now()
    made = [
        make_submission(
            procedure, applicant=citizen, submitted_at=base - datetime.timedelta(days=day)
        )
        for day in range(4)
    ]

    content = citizen_client.get(reverse("portal:mypage")).content.decode()

    assert "電子申請" in content
    for submission in made[:3]:
        assert f'href="{detail_url(submission)}"' in content
    assert f'href="{detail_url(made[3])}"' not in content
