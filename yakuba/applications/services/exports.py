"""The inbox's CSV export: one row per submission, UTF-8 with a BOM (Excel opens it as
UTF-8).  The caller (the view) has scoped the rows to the user and recorded the access.

Columns: 受付番号, 手続き, 状態, 申請日時, 処理期限, 決定日時, 完了日時, 申請者氏名,
連絡先メールアドレス, 担当者, 補正回数; when one procedure is filtered, then one column
per field of its newest published form (each submission's answers read by field key, so
an older version's answers line up; a field the older version lacked is blank).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import FormState, Procedure, Status, Submission
from ..queries.inbox import csv_answer_columns, csv_answer_values

BOM = "\ufeff"


def base_header() -> list[str]:
    return [
        _("受付番号"),
        _("手続き"),
        _("状態"),
        _("申請日時"),
        _("処理期限"),
        _("決定日時"),
        _("完了日時"),
        _("申請者氏名"),
        _("連絡先メールアドレス"),
        _("担当者"),
        _("補正回数"),
    ]


def _moment(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _status(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def base_values(submission: Submission) -> list[str]:
    assignee = submission.assignee
    return [
        submission.reference or "",
        submission.procedure.title,
        _status(submission.status),
        _moment(submission.submitted_at),
        submission.due_date.isoformat() if submission.due_date else "",
        _moment(submission.decided_at),
        _moment(submission.completed_at),
        submission.applicant_name,
        submission.applicant_email,
        (getattr(assignee, "display_name", "") or getattr(assignee, "email", ""))
        if assignee
        else "",
        str(submission.correction_rounds),
    ]


def _newest_form(procedure: Procedure) -> Any:
    return (
        procedure.form_versions.filter(state=FormState.PUBLISHED).order_by("-number").first()
        or procedure.form_versions.order_by("-number").first()
    )


def _line(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_safe(str(cell)) for cell in cells])
    return buffer.getvalue()


def _safe(cell: str) -> str:
    """A cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def submissions_csv(
    rows: Iterable[Submission], *, procedure: Procedure | None = None
) -> Iterator[str]:
    """The CSV, line by line (the first line starts with the BOM)."""
    form = _newest_form(procedure) if procedure is not None else None
    header = base_header() + (csv_answer_columns(form) if form is not None else [])
    yield BOM + _line(header)
    for submission in rows:
        cells = base_values(submission)
        if form is not None:
            cells += csv_answer_values(submission, form)
        yield _line(cells)
