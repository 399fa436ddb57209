"""イベント一覧 (event) from the facilities module's public courses (生涯学習講座, ICT講座).

**One row per course session** (not per course): each session has its own date, times and
room, which 開始日/終了日/開始時間/終了時間 and 場所名称 describe exactly; a course of
several sessions gives several rows, ``ID`` = ``<course code>-<session number>`` and the
name carries 「第N回」.  The courses are those residents see (published, not over); a
cancelled course stays listed with 「中止」 in 備考 until its first session has passed, so a
reuser who copied it learns it is off.  A session without a room cannot fill 場所名称 and
所在地 (◎) and is left out (listed on the staff page).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from yakuba.facilities.queries import courses as facility_courses
from yakuba.facilities.services import courses as course_services

from .address import AddressSplitter
from .columns import EVENT_COLUMNS
from .table import Table
from .values import City, clock, day, degrees, site_url, text

#: The course page on the citizen site (``portal:facilities:course_detail``).
COURSE_PATH = "/facilities/courses/{code}/"
CANCELLED_STATE = "cancelled"


def _fee_detail(fee: int, sessions: int) -> str:
    if not fee:
        return _("無料")
    if sessions > 1:
        return _("受講料 %(fee)s円（全%(count)s回分）") % {"fee": f"{fee:,}", "count": sessions}
    return _("受講料 %(fee)s円") % {"fee": f"{fee:,}"}


def build(city: City) -> Table:
    table = Table(EVENT_COLUMNS)
    splitter = AddressSplitter(city)
    courses = sorted(facility_courses.public_courses(), key=lambda course: course.code)
    for course in courses:
        sessions = sorted(course.sessions.all(), key=lambda s: (s.number, s.starts_at))
        count = len(sessions)
        notes = [_("対象: %(target)s") % {"target": text(course.target)}]
        if course.materials:
            notes.append(_("持ち物: %(materials)s") % {"materials": text(course.materials)})
        if course.state == CANCELLED_STATE:
            notes.insert(0, _("中止"))
        contact = f"{city.name} {course_services.department_name(course)}"
        for session in sessions:
            room = session.room
            facility = room.facility if room is not None else None
            name = text(course.title)
            name_en = text(course.title_en)
            if count > 1:
                name = _("%(title)s 第%(number)s回") % {"title": name, "number": session.number}
                if name_en:
                    name_en = f"{name_en} (session {session.number})"
            description = text(course.description)
            if session.topic:
                description += " " + _("第%(number)s回の内容: %(topic)s") % {
                    "number": session.number,
                    "topic": text(session.topic),
                }
            values = {
                "全国地方公共団体コード": city.code,
                "ID": f"{course.code}-{session.number}",
                "地方公共団体名": city.full_name,
                "イベント名": name,
                "イベント名_英語": name_en,
                "開始日": day(session.starts_at),
                "終了日": day(session.ends_at),
                "開始時間": clock(session.starts_at),
                "終了時間": clock(session.ends_at),
                "開始日時特記事項": (
                    _("全%(count)s回の第%(number)s回") % {"count": count, "number": session.number}
                    if count > 1
                    else ""
                ),
                "説明": description,
                "料金(基本)": str(course.fee),
                "料金(詳細)": _fee_detail(course.fee, count),
                "連絡先名称": contact,
                "連絡先電話番号": text(city.phone),
                "主催者": city.name,
                "定員": str(course.capacity),
                "参加申込終了日": day(course.applications_close_at),
                "参加申込終了時間": clock(course.applications_close_at),
                "参加申込方法": _("講座のページ（URL欄）から申し込みできます。"),
                "URL": site_url(COURSE_PATH.format(code=course.code)),
                "備考": "。".join(notes),
            }
            if facility is not None:
                values.update(
                    {
                        "場所名称": text(f"{facility.name} {room.name}"),
                        **splitter.split(facility.address).values(),
                        "緯度": degrees(facility.latitude),
                        "経度": degrees(facility.longitude),
                    }
                )
            table.add(values, identifier=values["ID"], name=name)
    return table
