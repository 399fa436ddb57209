"""Rules applied to received messages: states, merging, updates, cancels, exercises, errors."""

from __future__ import annotations

import pytest

from yakuba.alerts.ingest.apply import receive_cap, receive_jma
from yakuba.alerts.ingest.models import Action, IngestRule, Outcome, ReceivedMessage
from yakuba.alerts.models import Alert, AlertStatus, MsgType, Source

from .conftest import (
    ADVISORY,
    BROKEN,
    CAP,
    LEGACY,
    LEGACY53,
    OTHER_CITY,
    QUAKE,
    QUAKE_CANCEL,
    QUAKE_FLASH,
    R06,
    R06_CLEAR,
    TRAINING,
    fixture_bytes,
)

pytestmark = pytest.mark.django_db
BASE = "http://jma.test/developer/xml/data/"


def receive(name: str, data: bytes | None = None) -> ReceivedMessage:
    return receive_jma(BASE + name, fixture_bytes(name) if data is None else data)


def test_warning_is_sent_at_once_and_advisory_waits_for_approval(city):
    record = receive(LEGACY)
    assert record.outcome_code == Outcome.SENT
    rain = Alert.objects.get(event="大雨警報")
    assert rain.status == AlertStatus.SENDING and rain.source == Source.JMA
    assert rain.category.code == "bosai" and rain.msg_type == MsgType.ALERT
    assert (rain.severity, rain.urgency, rain.certainty) == ("Severe", "Expected", "Likely")
    assert rain.title_ja == "武蔵村山市に大雨警報が発表されました"
    assert "気象庁は9月9日16時45分、武蔵村山市に大雨警報を発表しました。" in rain.body_ja
    assert "土砂災害や低い土地の浸水に警戒" in rain.body_ja
    assert rain.title_en == "Heavy rain warning for Musashimurayama City"
    assert rain.title_easy == "おおあめ けいほうが でました"
    assert rain.body_easy.startswith("むさしむらやましに おおあめ けいほうが でました。")
    assert rain.area_codes == []  # the whole city
    thunder = Alert.objects.get(event="雷注意報")
    assert thunder.status == AlertStatus.PENDING and thunder.severity == "Moderate"
    assert record.alert == rain

    advisory = receive(ADVISORY)
    assert advisory.outcome_code == Outcome.PENDING
    assert advisory.alert.event == "濃霧注意報" and advisory.alert.status == AlertStatus.PENDING


def test_legacy_r06_and_vpww53_of_one_warning_make_one_alert(city):
    receive(LEGACY)
    r06 = receive(R06)
    vpww53 = receive(LEGACY53)
    assert r06.outcome_code == Outcome.MERGED and vpww53.outcome_code == Outcome.MERGED
    assert Alert.objects.filter(event__startswith="大雨").count() == 1
    assert r06.alert == vpww53.alert == Alert.objects.get(event="大雨警報")


def test_r06_first_then_legacy_is_merged_too(city):
    receive(R06)
    assert receive(LEGACY).summary["findings"][0]["subject"] == "大雨"
    alert = Alert.objects.get(event__startswith="大雨")
    assert alert.event == "大雨警報（警戒レベル3相当）"
    assert alert.title_ja == "武蔵村山市に大雨警報（警戒レベル3相当）が発表されました"


def test_the_same_file_is_applied_once(city):
    first = receive(LEGACY)
    again = receive(LEGACY)
    assert again.pk == first.pk
    assert ReceivedMessage.objects.count() == 1 and Alert.objects.count() == 2


def test_continued_warning_in_a_later_report_does_not_duplicate(city):
    receive(LEGACY)
    later = fixture_bytes(LEGACY).replace(b"16:45:00+09:00", b"19:45:00+09:00")
    later = later.replace("<Status>発表</Status>".encode(), "<Status>継続</Status>".encode())
    record = receive("20260909104500_0_VPWW54_130000.xml", later)
    assert record.outcome_code == Outcome.NO_CHANGE
    assert Alert.objects.filter(event__startswith="大雨").count() == 1


def test_escalation_is_an_update_referencing_the_first_alert(city):
    receive(LEGACY)
    first = Alert.objects.get(event="大雨警報")
    danger = fixture_bytes(R06).replace(b"16:45:00+09:00", b"18:00:00+09:00")
    danger = danger.replace(
        "レベル３大雨警報</Name><Code>03".encode(), "レベル４大雨危険警報</Name><Code>43".encode()
    )
    danger = danger.replace(
        "<Name>レベル３大雨警報</Name>\n<Code>03</Code>".encode(),
        "<Name>レベル４大雨危険警報</Name>\n<Code>43</Code>".encode(),
    ).replace(b"<Code>31</Code>", b"<Code>41</Code>")
    record = receive("20260909090000_0_VPWW55_130000.xml", danger)
    assert record.outcome_code == Outcome.SENT
    update = record.alert
    assert update.msg_type == MsgType.UPDATE and update.references == first
    assert update.status == AlertStatus.SENDING
    assert update.event == "大雨危険警報（警戒レベル4相当）"
    assert (update.severity, update.urgency) == ("Severe", "Immediate")
    assert update.title_en == "Heavy rain danger warning for Musashimurayama City"
    # The legacy format cannot say 危険警報: its 警報 in the same report is the same warning.
    legacy = fixture_bytes(LEGACY).replace(b"16:45:00+09:00", b"18:00:00+09:00")
    assert receive("20260909090000_0_VPWW54_130000.xml", legacy).outcome_code == Outcome.MERGED
    assert Alert.objects.filter(event__startswith="大雨").count() == 2


def test_clear_is_a_follow_up_update(city):
    receive(LEGACY)
    receive(R06)
    record = receive(R06_CLEAR)
    assert record.outcome_code == Outcome.SENT
    follow_up = record.alert
    assert follow_up.msg_type == MsgType.UPDATE
    assert follow_up.references == Alert.objects.get(event="大雨警報")
    assert follow_up.title_ja == "武蔵村山市の大雨警報は解除されました"
    assert follow_up.title_en == "Heavy rain warning for Musashimurayama City lifted"
    assert follow_up.title_easy == "おおあめ けいほうは おわりました"
    assert (follow_up.severity, follow_up.urgency) == ("Minor", "Past")
    legacy_clear = fixture_bytes(R06_CLEAR).replace(
        "（Ｒ０６）（大雨）".encode(), "（Ｈ２７）".encode()
    )
    assert (
        receive("20260909201000_0_VPWW54_130000.xml", legacy_clear).outcome_code == Outcome.MERGED
    )


def test_clear_without_an_earlier_alert_is_a_new_clear_alert(city):
    record = receive(R06_CLEAR)
    assert record.alert.msg_type == MsgType.ALERT and record.alert.references is None
    assert record.alert.title_ja == "武蔵村山市の大雨警報は解除されました"


def test_training_is_never_treated_as_real(city):
    record = receive(TRAINING)
    assert record.outcome_code == Outcome.EXERCISE and record.control_status == "訓練"
    assert Alert.objects.count() == 0


def test_other_city_is_ignored(city):
    record = receive(OTHER_CITY)
    assert record.outcome_code == Outcome.OTHER_AREA
    assert Alert.objects.count() == 0


def test_earthquake_intensity_4_is_sent_and_its_cancel_is_a_cancel(city):
    record = receive(QUAKE)
    quake = record.alert
    assert record.outcome_code == Outcome.SENT and quake.status == AlertStatus.SENDING
    assert quake.title_ja == "地震情報：武蔵村山市で震度4を観測"
    assert "東京都多摩東部を震源とする地震" in quake.body_ja
    assert quake.title_en == "Earthquake: seismic intensity 4 in Musashimurayama City"
    assert (quake.severity, quake.urgency, quake.certainty) == ("Severe", "Immediate", "Observed")
    # a second report of the same event with the same intensity: no new alert
    later = fixture_bytes(QUAKE).replace(b"03:18:00+09:00", b"03:25:00+09:00")
    assert receive("20260911182500_0_VXSE53_010000.xml", later).outcome_code == Outcome.NO_CHANGE
    cancel = receive(QUAKE_CANCEL)
    assert cancel.outcome_code == Outcome.SENT
    assert cancel.alert.msg_type == MsgType.CANCEL and cancel.alert.references == quake
    assert cancel.alert.title_ja.startswith("【取消し】")
    assert "取り消します" in cancel.alert.body_ja


def test_intensity_flash_then_details_of_the_same_quake_make_one_alert(city, settings):
    settings.YAKUBA_JMA_QUAKE_AREA_CODE = "351"
    flash = receive(QUAKE_FLASH)
    assert flash.outcome_code == Outcome.SENT
    assert flash.alert.title_ja == "地震情報：東京都多摩東部で震度4を観測"
    details = receive(QUAKE)  # VXSE53 of the same EventID, same intensity
    assert details.outcome_code == Outcome.NO_CHANGE
    assert Alert.objects.filter(source=Source.JMA).count() == 1


def test_earthquake_below_the_threshold_is_drafted_or_ignored(city):
    three = fixture_bytes(QUAKE).replace(b"<MaxInt>4</MaxInt>", b"<MaxInt>3</MaxInt>")
    assert receive(QUAKE, three).alert.status == AlertStatus.PENDING
    two = fixture_bytes(QUAKE).replace(b"20260912031522", b"20260913000000")
    two = two.replace(b"<MaxInt>4</MaxInt>", b"<MaxInt>2</MaxInt>")
    record = receive("20260912000000_0_VXSE53_010000.xml", two)
    assert record.outcome_code == Outcome.IGNORED and record.alert is None


def test_higher_intensity_in_a_later_report_is_an_update(city):
    first = receive(QUAKE).alert
    stronger = fixture_bytes(QUAKE).replace(b"03:18:00+09:00", b"03:40:00+09:00")
    stronger = stronger.replace(b"<MaxInt>4</MaxInt>", b"<MaxInt>5-</MaxInt>")
    update = receive("20260911184000_0_VXSE53_010000.xml", stronger).alert
    assert update.msg_type == MsgType.UPDATE and update.references == first
    assert update.title_ja == "地震情報：武蔵村山市で震度5弱を観測"


def test_rules_edited_change_the_outcome(city):
    IngestRule.objects.filter(kind="weather", phenomenon="", level="warning").update(
        action=Action.DRAFT
    )
    IngestRule.objects.create(kind="weather", phenomenon="雷", level="advisory", action="ignore")
    record = receive(LEGACY)
    assert record.outcome_code == Outcome.PENDING
    assert Alert.objects.get(event="大雨警報").status == AlertStatus.PENDING
    assert not Alert.objects.filter(event="雷注意報").exists()
    assert "雷注意報: 規則により配信しません。" in record.outcome


def test_cap_input_goes_through_the_same_rules(city):
    record = receive_cap(fixture_bytes(CAP))
    assert record.key == "cap:kasen@metro.tokyo.example.jp,TMG-KENSETSU-20260913-0007"
    alert = record.alert
    assert record.outcome_code == Outcome.SENT and alert.source == Source.CAP
    assert alert.title_ja == "残堀川 氾濫警戒情報" and "川に近づかず" in alert.body_ja
    assert alert.severity == "Severe" and alert.expires_at is not None
    assert receive_cap(fixture_bytes(CAP)).pk == record.pk  # the same document once
    cancel = (
        fixture_bytes(CAP)
        .replace(b"<msgType>Alert</msgType>", b"<msgType>Cancel</msgType>")
        .replace(b"-0007</identifier>", b"-0008</identifier>")
        .replace(
            b"<scope>Public</scope>",
            b"<scope>Public</scope><references>kasen@metro.tokyo.example.jp,"
            b"TMG-KENSETSU-20260913-0007,2026-09-13T06:20:00+09:00</references>",
        )
    )
    cancelled = receive_cap(cancel)
    assert cancelled.alert.msg_type == MsgType.CANCEL and cancelled.alert.references == alert


def test_cap_exercise_and_minor_rule(city):
    exercise = fixture_bytes(CAP).replace(b"<status>Actual</status>", b"<status>Exercise</status>")
    exercise = exercise.replace(b"-0007</identifier>", b"-9001</identifier>")
    assert receive_cap(exercise).outcome_code == Outcome.EXERCISE
    IngestRule.objects.filter(kind="weather", level="warning").update(action=Action.DRAFT)
    assert receive_cap(fixture_bytes(CAP)).alert.status == AlertStatus.PENDING


def test_bad_xml_is_recorded_as_an_error_not_a_crash(city):
    record = receive(BROKEN)
    assert record.outcome_code == Outcome.ERROR and "not well-formed" in record.outcome
    assert receive(BROKEN).pk == record.pk
    junk = receive_cap(b"not xml at all")
    assert junk.outcome_code == Outcome.ERROR and junk.key.startswith("cap-error:")
    assert Alert.objects.count() == 0


def test_content_the_rules_cannot_use_is_an_error_row(city):
    from yakuba.alerts.models import Category

    Category.objects.filter(code="bosai").update(code="bosai-renamed")
    record = receive(LEGACY)
    assert record.outcome_code == Outcome.ERROR and "規則を適用できませんでした" in record.outcome
    assert Alert.objects.count() == 0 and receive(LEGACY).pk == record.pk


@pytest.mark.db_guarantees
def test_database_keeps_one_row_per_message_and_rule(city):
    from django.db import IntegrityError, transaction

    receive(LEGACY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceivedMessage.objects.create(key=BASE + LEGACY, source="jma", outcome_code="sent")
    with pytest.raises(IntegrityError), transaction.atomic():
        IngestRule.objects.create(kind="weather", phenomenon="", level="warning", action="ignore")


def test_downgrade_to_advisory_follows_the_clear_rule(city):
    receive(LEGACY)
    warning = Alert.objects.get(event="大雨警報")
    later = fixture_bytes(LEGACY).replace(b"16:45:00+09:00", b"22:00:00+09:00")
    later = later.replace(
        "<Name>大雨警報</Name><Code>03</Code><Status>発表</Status>".encode(),
        "<Name>大雨注意報</Name><Code>10</Code><Status>警報から注意報</Status>".encode(),
    )
    record = receive("20260909130000_0_VPWW54_130000.xml", later)
    update = record.alert
    assert update.event == "大雨注意報" and update.references == warning
    assert update.status == AlertStatus.SENDING  # the 解除 rule: send now
    assert update.title_ja == "武蔵村山市の大雨の警報等が大雨注意報に切り替わりました"


def test_clear_of_an_advisory_never_sent_sends_nothing(city):
    receive(LEGACY)  # 雷注意報 → pending
    later = fixture_bytes(LEGACY).replace(b"16:45:00+09:00", b"23:00:00+09:00")
    later = later.replace(
        "<Name>雷注意報</Name><Code>14</Code><Status>継続</Status>".encode(),
        "<Name>雷注意報</Name><Code>14</Code><Status>解除</Status>".encode(),
    )
    record = receive("20260909140000_0_VPWW54_130000.xml", later)
    assert "雷注意報解除: 発表時に配信していないため" in record.outcome
    assert not Alert.objects.filter(event__startswith="雷", msg_type=MsgType.UPDATE).exists()
