"""End to end: a loopback JMA serves a feed and message files; the poller fetches politely."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from yakuba.alerts.ingest import tasks
from yakuba.alerts.ingest.fetch import Entry, poll_once, relevant
from yakuba.alerts.ingest.models import FeedState, Outcome, ReceivedMessage
from yakuba.alerts.models import Alert, AlertStatus, MsgType

from .conftest import (
    ADVISORY,
    BROKEN,
    LEGACY,
    OTHER_CITY,
    QUAKE,
    QUAKE_CANCEL,
    R06,
    R06_CLEAR,
    TRAINING,
)
from .jma_server import JmaStandIn, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def jma(settings, city):
    stand_in = JmaStandIn()
    server = start(stand_in)
    settings.YAKUBA_JMA_FEEDS = [f"{stand_in.base}/feed/extra.xml"]
    yield stand_in
    server.shutdown()
    server.server_close()


def test_conditional_get_and_no_refetch(jma):
    jma.publish(LEGACY, R06)
    first = poll_once()
    assert (first.feeds_fetched, first.messages_fetched) == (1, 2)
    feed_request = jma.requested("/feed/")[0]
    assert "yakuba" in feed_request.headers["User-Agent"]
    assert "gzip" in feed_request.headers["Accept-Encoding"]
    state = FeedState.objects.get()
    assert state.etag == '"feed-1"' and state.last_modified

    second = poll_once()  # nothing new: 304, no message fetched
    assert (second.feeds_unchanged, second.messages_fetched) == (1, 0)
    assert jma.requested("/feed/")[1].status == 304
    assert jma.requested("/feed/")[1].headers["If-None-Match"] == '"feed-1"'
    assert jma.requested("/feed/")[1].headers["If-Modified-Since"] == state.last_modified
    assert len(jma.requested("/data/")) == 2

    jma.publish(R06_CLEAR)  # the feed changes; only the new file is downloaded
    third = poll_once()
    assert (third.messages_fetched, third.messages_skipped) == (1, 2)
    assert [r.path for r in jma.requested("/data/")][-1].endswith(R06_CLEAR)
    assert len(jma.requested("/data/")) == 3


def test_poll_creates_the_right_alerts(jma):
    jma.publish(LEGACY, R06, TRAINING, ADVISORY, QUAKE, OTHER_CITY, BROKEN)
    report = poll_once()
    assert report.messages_fetched == 7
    outcomes = dict(ReceivedMessage.objects.values_list("key", "outcome_code"))
    by_name = {key.rsplit("/", 1)[1]: code for key, code in outcomes.items()}
    assert by_name == {
        LEGACY: Outcome.SENT,
        R06: Outcome.MERGED,
        TRAINING: Outcome.EXERCISE,
        ADVISORY: Outcome.PENDING,
        QUAKE: Outcome.SENT,
        OTHER_CITY: Outcome.OTHER_AREA,
        BROKEN: Outcome.ERROR,
    }
    states = dict(Alert.objects.values_list("event", "status"))
    assert states == {
        "大雨警報": AlertStatus.SENDING,
        "雷注意報": AlertStatus.PENDING,
        "濃霧注意報": AlertStatus.PENDING,
        "地震（震度4）": AlertStatus.SENDING,
    }

    jma.publish(R06_CLEAR, QUAKE_CANCEL)
    poll_once()
    clear = ReceivedMessage.objects.get(key__endswith=R06_CLEAR).alert
    assert clear.msg_type == MsgType.UPDATE and clear.references.event == "大雨警報"
    cancel = ReceivedMessage.objects.get(key__endswith=QUAKE_CANCEL).alert
    assert cancel.msg_type == MsgType.CANCEL and cancel.references.event == "地震（震度4）"


def test_irrelevant_entries_are_not_downloaded(jma):
    forecast = "20260909050000_0_VPFD51_130000.xml"
    osaka = "20260909074500_0_VPWW54_270000.xml"
    jma.publish(extra={forecast: b"<x/>", osaka: b"<x/>"})
    report = poll_once()
    assert report.messages_fetched == 0 and jma.requested("/data/") == []
    assert relevant(Entry("震源・震度に関する情報", "http://x/a_0_VXSE53_010000.xml"))
    assert not relevant(Entry("気象警報・注意報（Ｈ２７）", "http://x/a_0_VPWW54_270000.xml"))


def test_unreachable_feed_is_recorded(settings, city):
    settings.YAKUBA_JMA_FEEDS = ["http://127.0.0.1:9/feed/extra.xml"]
    report = poll_once()
    assert report.feeds_failed == 1
    assert FeedState.objects.get().last_status.startswith("error:")


def test_task_polls_only_when_enabled_and_command_once(jma, settings, capsys):
    jma.publish(QUAKE)
    settings.YAKUBA_JMA_POLL_ENABLED = False
    assert tasks.poll_jma.call() == {"skipped": 1}
    assert jma.requests == []
    settings.YAKUBA_JMA_POLL_ENABLED = True
    result = tasks.poll_jma.enqueue()  # the test backend runs it inline and cannot defer
    assert result.return_value["messages_fetched"] == 1
    assert tasks.schedule_next() is False
    call_command("alerts_poll_jma", "--once")
    assert "1 unchanged" in capsys.readouterr().out


def test_task_reschedules_itself_on_a_deferring_backend(settings):
    settings.YAKUBA_JMA_POLL_ENABLED = True
    settings.YAKUBA_JMA_POLL_SECONDS = 90
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = tasks.poll_jma.get_backend()
    assert tasks.schedule_next() is True
    (queued,) = backend.results
    assert queued.task.name == "poll_jma" and queued.task.run_after is not None


def test_message_links_to_another_host_are_not_followed(jma):
    jma.publish(QUAKE)
    elsewhere = jma.feed().replace(jma.base.encode() + b"/data/", b"http://192.0.2.1/data/")
    jma.feed = lambda: elsewhere  # a tampered feed pointing elsewhere
    report = poll_once()
    assert report.feeds_fetched == 1 and report.messages_fetched == 0
    assert jma.requested("/data/") == []


def test_receive_cap_command(city, capsys, tmp_path):
    from django.core.management.base import CommandError

    from .conftest import CAP, FIXTURES

    call_command("alerts_receive_cap", str(FIXTURES / CAP))
    assert capsys.readouterr().out.startswith("自動配信")
    assert ReceivedMessage.objects.get(source="cap").alert.status == AlertStatus.SENDING
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"<alert")
    with pytest.raises(CommandError):
        call_command("alerts_receive_cap", str(junk))
    with pytest.raises(CommandError):
        call_command("alerts_receive_cap", str(tmp_path / "missing.xml"))
