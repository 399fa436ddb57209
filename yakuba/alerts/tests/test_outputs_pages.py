"""The public pages: list (filters, pagination) and one alert (languages, history, links)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.alerts.models import Alert, MsgType
from yakuba.alerts.outputs.testing import sent_alert
from yakuba.alerts.services import compose

from .test_outputs_fixtures import city, no_delivery  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city", "no_delivery")]
LIST = "portal:alert_feeds:list"


def detail(alert: Alert) -> str:
    return reverse("portal:alert_feeds:alert", args=[alert.pk])


def test_list_shows_sent_alerts_newest_first_with_feed_links(client, categories, composer):
    older = sent_alert(categories["bosai"], title_ja="大雨に注意")
    newer = sent_alert(categories["shisei"], title_ja="窓口時間の変更", body_ja="変わります。")
    compose.create_draft(
        composer,
        compose.AlertContent(
            category=categories["shisei"], event="案内", title_ja="まだ下書き", body_ja="未送信"
        ),
    )
    response = client.get(reverse(LIST))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("窓口時間の変更") < html.index("大雨に注意")
    assert "まだ下書き" not in html
    assert f'href="{detail(newer)}"' in html and f'href="{detail(older)}"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert "市内全域" in html
    assert "private" in response["Cache-Control"]


@pytest.mark.db_guarantees  # the area filter compares JSON text: same on both
def test_list_filters_by_category_and_area(client, categories, areas):
    sent_alert(categories["bosai"], title_ja="全域の大雨")
    sent_alert(categories["bosai"], title_ja="本町の冠水", area_codes=["0004001"])
    sent_alert(categories["bosai"], title_ja="緑が丘の停電", area_codes=["0012000"])
    sent_alert(categories["shisei"], title_ja="市政だより")
    html = client.get(reverse(LIST), {"category": "bosai", "area": "0004001"}).content.decode()
    assert "全域の大雨" in html and "本町の冠水" in html
    assert "緑が丘の停電" not in html and "市政だより" not in html
    assert '<option value="0004001" selected>本町一丁目</option>' in html
    nothing = client.get(reverse(LIST), {"category": "kenko"}).content.decode()
    assert "条件に合う配信はありません" in nothing
    bad = client.get(reverse(LIST), {"area": "9999999"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


def test_list_pages_through_many_alerts(client, categories, django_assert_max_num_queries):
    for number in range(25):
        sent_alert(categories["shisei"], title_ja=f"お知らせ第{number:02d}号")
    with django_assert_max_num_queries(9):
        first = client.get(reverse(LIST)).content.decode()
    assert "お知らせ第24号" in first and "お知らせ第04号" not in first
    assert "全2ページ中 1ページ目" in first
    for number in range(25, 60):
        sent_alert(categories["shisei"], title_ja=f"お知らせ第{number:02d}号")
    with django_assert_max_num_queries(9):
        second = client.get(reverse(LIST), {"page": "2"}).content.decode()
    assert "お知らせ第39号" in second and "お知らせ第40号" not in second


def test_detail_in_japanese_with_both_calendars(client, categories, areas):
    alert = sent_alert(
        categories["bosai"],
        title_ja="避難所を開設しました",
        body_ja="第一小学校を開設しました。\n\n早めに避難してください。",
        area_codes=["0004001", "0012000"],
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    Alert.objects.filter(pk=alert.pk).update(
        sent_at=datetime.datetime(2026, 7, 1, 21, 5, tzinfo=datetime.UTC)
    )
    response = client.get(detail(alert))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "避難所を開設しました" in html
    assert "令和8年7月2日（2026年7月2日）6時05分" in html
    assert 'datetime="2026-07-02T06:05:00+09:00"' in html
    assert "<li>本町一丁目</li>" in html and "<li>緑が丘</li>" in html
    assert "防災・気象" in html
    assert f'href="{reverse("portal:alert_feeds:cap", args=[alert.pk])}"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert '<link rel="alternate" type="application/cap+xml"' in html
    assert "<p>早めに避難してください。</p>" in html


def test_detail_in_english_and_easy_japanese(client, categories):
    alert = sent_alert(
        categories["bosai"],
        title_en="Shelters are open",
        body_en="Evacuate early.",
        title_easy="ひなんじょ を あけました",
        body_easy="はやく にげて ください。",
    )
    english = client.get(detail(alert), headers={"Accept-Language": "en"}).content.decode()
    assert 'lang="en"' in english and "Shelters are open" in english
    assert "(Reiwa 8)" in english and "JST" in english
    assert "Disaster and weather" in english
    easy = client.get(detail(alert), {"lang": "easy"}).content.decode()
    assert "ひなんじょ を あけました" in easy and "はやく にげて ください。" in easy
    assert "さいがい・てんき" in easy
    assert f'href="{detail(alert)}"' in easy  # the way back to ordinary Japanese
    plain = client.get(detail(alert)).content.decode()
    assert 'href="?lang=easy"' in plain


def test_missing_language_falls_back_to_japanese_marked_as_such(client, categories):
    alert = sent_alert(categories["bosai"], title_ja="断水のお知らせ")
    html = client.get(detail(alert), headers={"Accept-Language": "en"}).content.decode()
    assert '<h1 id="alert-title" lang="ja">断水のお知らせ</h1>' in html
    assert 'href="?lang=easy"' not in html


def test_history_links_the_update_and_cancel_chain(client, categories):
    original = sent_alert(categories["bosai"], title_ja="大雨注意報")
    update = sent_alert(categories["bosai"], references=original, title_ja="大雨警報")
    cancel = sent_alert(
        categories["bosai"],
        references=update,
        msg_type=MsgType.CANCEL,
        title_ja="【取消し】大雨警報",
        body_ja="雨がやみました。",
    )
    html = client.get(detail(original)).content.decode()
    assert f'href="{detail(update)}"' in html and f'href="{detail(cancel)}"' in html
    assert "この配信は取り消されました" in html
    middle = client.get(detail(update)).content.decode()
    assert middle.index("大雨注意報") < middle.index("（このページ）") < middle.rindex("【取消し】")
    assert "この配信は取り消されました" in middle
    last = client.get(detail(cancel)).content.decode()
    assert f'href="{detail(original)}"' in last and "取り消されました" not in last


def test_only_sent_alerts_are_public(client, categories, composer):
    draft = compose.create_draft(
        composer,
        compose.AlertContent(
            category=categories["bosai"], event="大雨", title_ja="下書き", body_ja="本文"
        ),
    )
    assert client.get(detail(draft)).status_code == 404
    pending = compose.submit(composer, draft)
    assert client.get(detail(pending)).status_code == 404
    assert client.get(reverse("portal:alert_feeds:alert", args=[999999])).status_code == 404


def test_unchanged_page_answers_304(client, categories):
    alert = sent_alert(categories["bosai"])
    first = client.get(detail(alert))
    again = client.get(detail(alert), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    english = client.get(
        detail(alert), headers={"If-None-Match": first["ETag"], "Accept-Language": "en"}
    )
    assert english.status_code == 200
