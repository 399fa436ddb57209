"""Fixtures and helpers shared by the records tests (people, seal images, CSV lines, staff)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

HEADER = (
    "住民票コード,年度,給与収入,合計所得金額,所得控除額合計,課税標準額,"
    "市民税所得割額,市民税均等割額,都民税所得割額,都民税均等割額,扶養人数"
)


def seal_image(fmt: str = "PNG", size: tuple[int, int] = (120, 120), mode: str = "RGB") -> bytes:
    """A red ring (a stand-in for a scanned 印影) in ``fmt``."""
    picture = Image.new(mode, size, "white" if mode == "RGB" else (255, 255, 255, 0))
    if min(size) > 12:
        ImageDraw.Draw(picture).ellipse(
            (4, 4, size[0] - 5, size[1] - 5), outline=(200, 30, 30), width=6
        )
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt)
    return buffer.getvalue()


def csv_bytes(*lines: str, encoding: str = "utf-8", header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def person(db):
    from yakuba.residents.tests.factories import PersonFactory

    return PersonFactory(
        resident_code="12345678901",
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        sex="female",
        birth_date=datetime.date(1980, 4, 2),
    )


@pytest.fixture
def other_person(person):
    from yakuba.residents.tests.factories import PersonFactory

    return PersonFactory(
        resident_code="12345678902",
        household=person.household,
        relationship="child",
        given_name="一郎",
        given_name_kana="イチロウ",
        birth_date=datetime.date(2005, 6, 1),
    )


@pytest.fixture
def viewer_a(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="viewer", user__email="viewer.a@city.example.lg.jp"
    ).user


@pytest.fixture
def viewer_b(unit_b):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_b, role="viewer", user__email="viewer.b@city.example.lg.jp"
    ).user
