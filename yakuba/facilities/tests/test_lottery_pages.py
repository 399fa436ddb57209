"""Lottery pages: citizens apply and see their entries; the public result page and its JSON
(re-run gives the same winners); staff pages check roles and record reads of applicants."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.facilities import lottery
from yakuba.facilities.models import EntryState, LotteryEntry, LotteryRound, RoundState
from yakuba.facilities.services.lottery_rounds import apply_to_lottery, close_round, draw_round
from yakuba.facilities.tests.factories import approved_group, approved_registration
from yakuba.facilities.tests.test_lottery_helpers import (
    bunka_staff,
    day_of_target,
    lottery_facility,
    open_round,
)
from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lottery_round(db):
    return open_round(lottery_facility())


@pytest.fixture
def citizen(db):
    user = CitizenFactory()
    approved_registration(user, email=user.email)
    return user


def _wish_post(lottery_round, wishes, **fields):
    rooms = list(lottery_round.facility.rooms.order_by("code"))
    data = {"purpose": "合唱の練習", "attendees": "12", **fields}
    for rank, (room, day, frame) in enumerate(wishes, start=1):
        data[f"room_{rank}"] = str(rooms[room].pk)
        data[f"day_{rank}"] = day_of_target(day).isoformat()
        data[f"frame_{rank}"] = frame
    return data


def _entries(lottery_round, count):
    rooms = list(lottery_round.facility.rooms.order_by("code"))
    return [
        apply_to_lottery(
            approved_registration(),
            lottery_round,
            wishes=[(rooms[0], day_of_target(3), "am"), (rooms[1], day_of_target(3), "am")],
            purpose="会議",
            attendees=5,
        )
        for _ in range(count)
    ]


def test_rounds_page_lists_the_open_round_with_its_periods_in_wareki(client, lottery_round):
    response = client.get(reverse("portal:facilities:lottery_rounds"))
    assert response.status_code == 200
    body = response.content.decode()
    assert lottery_round.facility.name in body
    assert "令和" in body
    assert reverse("portal:facilities:lottery_apply", args=[lottery_round.pk]) in body


def test_citizen_applies_with_two_ranked_wishes_as_a_group(client, citizen, lottery_round):
    registration = citizen.facility_registration
    group = approved_group(registration)
    login_citizen(client, citizen)
    url = reverse("portal:facilities:lottery_apply", args=[lottery_round.pk])
    page = client.get(url)
    assert page.status_code == 200 and "第3希望の時間帯" in page.content.decode()
    response = client.post(
        url, _wish_post(lottery_round, [(1, 5, "pm"), (0, 6, "night")], group=str(group.pk))
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:facilities:lottery_my_entries")
    entry = LotteryEntry.objects.get()
    assert (entry.registration, entry.group, entry.attendees) == (registration, group, 12)
    assert entry.wishes.count() == 2
    mine = client.get(response["Location"]).content.decode()
    assert entry.receipt_number in mine and "第2希望" in mine


def test_apply_form_errors_are_listed_and_nothing_is_saved(client, citizen, lottery_round):
    login_citizen(client, citizen)
    url = reverse("portal:facilities:lottery_apply", args=[lottery_round.pk])
    data = _wish_post(lottery_round, [(0, 5, "am")])
    data["day_2"] = day_of_target(6).isoformat()  # rank 2 without room and frame
    data["room_2"] = ""
    body = client.post(url, data).content.decode()
    assert "入力内容に問題があります" in body
    assert "第2希望は部屋・日付・時間帯をすべて選んでください。" in body
    duplicate = _wish_post(lottery_round, [(0, 5, "am"), (0, 5, "am")])
    body = client.post(url, duplicate).content.decode()
    assert "第2希望は第1希望と同じです。" in body
    assert not LotteryEntry.objects.exists()


def test_apply_without_registration_explains_what_to_do(client, lottery_round):
    login_citizen(client, CitizenFactory())
    response = client.get(reverse("portal:facilities:lottery_apply", args=[lottery_round.pk]))
    assert "利用者登録が必要です" in response.content.decode()


def test_citizen_changes_and_withdraws_an_entry(client, citizen, lottery_round):
    login_citizen(client, citizen)
    entry = apply_to_lottery(
        citizen.facility_registration,
        lottery_round,
        wishes=[(lottery_round.facility.rooms.first(), day_of_target(3), "am")],
        purpose="会議",
        attendees=5,
    )
    edit = reverse("portal:facilities:lottery_entry_edit", args=[entry.receipt_number])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _wish_post(lottery_round, [(1, 8, "pm")], purpose="練習"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.purpose == "練習" and entry.wishes.get().room.code == "room-2"
    withdraw = reverse("portal:facilities:lottery_entry_withdraw", args=[entry.receipt_number])
    client.post(withdraw)
    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN
    other = CitizenFactory()
    approved_registration(other)
    login_citizen(client, other)
    assert client.post(withdraw).status_code == 404


def test_result_page_shows_the_commitment_from_closing_and_the_seed_after_the_draw(
    client, lottery_round
):
    entries = _entries(lottery_round, 3)
    url = reverse("portal:facilities:lottery_result", args=[lottery_round.pk])
    json_url = reverse("portal:facilities:lottery_result_json", args=[lottery_round.pk])
    assert "申込の締切後に公表します。" in client.get(url).content.decode()
    close_round(lottery_round.pk)
    lottery_round.refresh_from_db()
    body = client.get(url).content.decode()
    assert lottery_round.seed_commitment in body and lottery_round.seed not in body
    assert client.get(json_url).status_code == 404

    draw_round(lottery_round, bunka_staff("approver"))
    body = client.get(url).content.decode()
    assert lottery_round.seed in body
    assert "openssl dgst -sha256 -hmac" in body
    for entry in entries:
        assert entry.receipt_number in body
        assert entry.registration.name not in body


def test_json_download_reruns_to_the_winners_shown(client, lottery_round):
    _entries(lottery_round, 5)
    close_round(lottery_round.pk)
    draw_round(LotteryRound.objects.get(), bunka_staff("approver"))
    response = client.get(reverse("portal:facilities:lottery_result_json", args=[lottery_round.pk]))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert set(data) == {"slots", "applications", "limits", "seed"}
    assert all(set(a) == {"applicant", "group", "wishes"} for a in data["applications"])
    result = lottery.draw(
        [lottery.Slot(s["key"], s["capacity"]) for s in data["slots"]],
        [
            lottery.Application(a["applicant"], a["group"], tuple(a["wishes"]))
            for a in data["applications"]
        ],
        data["seed"],
        lottery.Limits(**data["limits"]),
    )
    lottery_round.refresh_from_db()
    assert list(result.order) == lottery_round.lottery_order
    won = {
        wish.slot_key(): entry.receipt_number
        for entry in LotteryEntry.objects.all()
        for wish in entry.wishes.filter(won=True)
    }
    assert won == {key: winners[0] for key, winners in result.winners.items() if winners}


# -- staff ----------------------------------------------------------------------------


STAFF_PAGES = [
    ("console:facilities:lottery_round_list", False),
    ("console:facilities:lottery_round_detail", True),
    ("console:facilities:lottery_draw", True),
    ("console:facilities:lottery_counter_entry", True),
]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", [302, 302, 302, 302]),
        ("citizen", [302, 302, 302, 302]),
        ("viewer", [200, 200, 403, 403]),
        ("operator", [200, 200, 403, 200]),
        ("approver", [200, 200, 200, 200]),
    ],
)
def test_staff_pages_by_role(client, lottery_round, who, expected):
    if who == "citizen":
        login_citizen(client, CitizenFactory())
    elif who != "anonymous":
        login_staff(client, bunka_staff(who))
    before = LotteryEntry.objects.count()
    got = [
        client.get(reverse(name, args=[lottery_round.pk] if with_round else [])).status_code
        for name, with_round in STAFF_PAGES
    ]
    assert got == expected
    assert LotteryEntry.objects.count() == before


def test_round_detail_records_the_read_of_every_applicant(client, lottery_round):
    entries = _entries(lottery_round, 2)
    viewer = bunka_staff("viewer")
    login_staff(client, viewer)
    body = client.get(
        reverse("console:facilities:lottery_round_detail", args=[lottery_round.pk])
    ).content.decode()
    for entry in entries:
        assert entry.registration.name in body
    recorded = set(
        AccessRecord.objects.filter(actor=viewer, subject_kind="facilities.user").values_list(
            "subject_id", flat=True
        )
    )
    assert recorded == {str(entry.registration_id) for entry in entries}


def test_approver_runs_the_draw_from_the_confirmation_page(client, lottery_round):
    _entries(lottery_round, 3)
    close_round(lottery_round.pk)
    lottery_round.refresh_from_db()
    login_staff(client, bunka_staff("approver"))
    url = reverse("console:facilities:lottery_draw", args=[lottery_round.pk])
    confirm = client.get(url).content.decode()
    assert lottery_round.seed_commitment in confirm and lottery_round.seed not in confirm
    response = client.post(url, follow=True)
    assert "抽選を実施しました。" in response.content.decode()
    lottery_round.refresh_from_db()
    assert lottery_round.state == RoundState.DRAWN
    again = client.post(url, follow=True)
    assert "この抽選は既に実施しました。" in again.content.decode()


def test_operator_enters_a_phone_application_by_registration_number(client, lottery_round):
    registration = approved_registration(email="")
    operator = bunka_staff("operator")
    login_staff(client, operator)
    url = reverse("console:facilities:lottery_counter_entry", args=[lottery_round.pk])
    missing = client.post(url, _wish_post(lottery_round, [(0, 3, "am")], registration_number="U9"))
    assert "この利用者番号の登録はありません。" in missing.content.decode()
    response = client.post(
        url,
        _wish_post(lottery_round, [(0, 3, "am")], registration_number=registration.number.lower()),
        follow=True,
    )
    entry = LotteryEntry.objects.get()
    assert entry.entered_by == operator and entry.registration == registration
    assert entry.receipt_number in response.content.decode()


def test_mypage_card_shows_the_entries(client, citizen, lottery_round):
    login_citizen(client, citizen)
    entry = apply_to_lottery(
        citizen.facility_registration,
        lottery_round,
        wishes=[(lottery_round.facility.rooms.first(), day_of_target(3), "am")],
        purpose="会議",
        attendees=5,
    )
    body = client.get(reverse("portal:mypage")).content.decode()
    assert "施設の抽選の申込と結果" in body and entry.receipt_number in body


def test_apply_page_sends_an_applicant_with_an_entry_to_the_change_page(
    client, citizen, lottery_round
):
    login_citizen(client, citizen)
    entry = apply_to_lottery(
        citizen.facility_registration,
        lottery_round,
        wishes=[(lottery_round.facility.rooms.first(), day_of_target(3), "am")],
        purpose="会議",
        attendees=5,
    )
    response = client.get(reverse("portal:facilities:lottery_apply", args=[lottery_round.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:facilities:lottery_entry_edit", args=[entry.receipt_number]
    )


def test_rounds_page_lists_open_rounds_before_upcoming_ones(client, lottery_round):
    upcoming = open_round(lottery_facility(name="北部公民館"), state=RoundState.SCHEDULED)
    body = client.get(reverse("portal:facilities:lottery_rounds")).content.decode()
    assert body.index(lottery_round.facility.name) < body.index(upcoming.facility.name)
    assert reverse("portal:facilities:lottery_apply", args=[upcoming.pk]) not in body


def test_apply_form_offers_only_the_open_days_of_the_month(db):
    from yakuba.facilities.models import Closure, ClosureKind
    from yakuba.facilities.queries.lottery import form_choices

    facility = lottery_facility(closed_weekdays=[1])  # closed on Mondays
    Closure.objects.create(
        facility=facility,
        kind=ClosureKind.HOLIDAY,
        first_day=day_of_target(10),
        last_day=day_of_target(11),
        reason="館内整理",
    )
    choices = form_choices(open_round(facility))
    assert day_of_target(10) not in choices.days and day_of_target(11) not in choices.days
    assert all(day.isoweekday() != 1 for day in choices.days)
    assert day_of_target(12) in choices.days or day_of_target(12).isoweekday() == 1
    assert [frame.code for frame in choices.frames] == ["am", "pm", "night"]


def test_approver_edits_the_periods_of_a_round_not_yet_open(client):
    import datetime

    from django.utils import timezone

    lottery_round = open_round(lottery_facility(), state=RoundState.SCHEDULED)
    start = timezone.localtime() + datetime.timedelta(days=3)
    LotteryRound.objects.filter(pk=lottery_round.pk).update(
        opens_at=start,
        closes_at=start + datetime.timedelta(days=5),
        draw_at=start + datetime.timedelta(days=6),
        first_come_opens_at=start + datetime.timedelta(days=7),
    )
    login_staff(client, bunka_staff("approver"))
    url = reverse("console:facilities:lottery_round_edit", args=[lottery_round.pk])
    assert client.get(url).status_code == 200

    def moment(days):
        return (start + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")

    data = {
        "opens_at": moment(4),
        "closes_at": moment(2),
        "draw_at": moment(6),
        "first_come_opens_at": moment(7),
        "max_wishes": "2",
        "max_wins_per_applicant": "1",
        "max_wins_per_group": "",
    }
    wrong = client.post(url, data).content.decode()
    assert "申込締切は申込開始より後にしてください。" in wrong
    response = client.post(url, {**data, "closes_at": moment(5)})
    assert response.status_code == 302
    lottery_round.refresh_from_db()
    assert (lottery_round.max_wishes, lottery_round.max_wins_per_group) == (2, None)
    assert timezone.localtime(lottery_round.opens_at).strftime("%Y-%m-%dT%H:%M") == moment(4)
