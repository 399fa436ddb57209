"""The access record of staff reads of submissions (resident-visible).

Every staff page, export or print that shows a submission's answers or attachments calls
:func:`record_submission_reads` in the same request with the submissions shown.  The
applicant sees these records on マイページ (subject ``applications.submission``, resolved
from the account); a submission made by an account linked to a resident record is also
shown on that resident's record (alias to the registry's person subject).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import (
    Subject,
    record_access,
    register_record_kind,
    register_subject_alias,
    register_subject_resolver,
)

SUBMISSION_KIND = "applications.submission"
PURPOSE = "applications_handling"

register_record_kind(SUBMISSION_KIND, _("電子申請"))


def record_submission_reads(
    request: HttpRequest | None,
    user: Any,
    submission_ids: Iterable[int],
    fields: Iterable[str],
) -> int:
    """One access record per distinct submission shown to ``user`` (staff)."""
    fields = [str(field) for field in fields]
    count = 0
    for submission_id in dict.fromkeys(pk for pk in submission_ids if pk is not None):
        record_access(
            user,
            subject=Subject(SUBMISSION_KIND, str(submission_id)),
            record_kind=SUBMISSION_KIND,
            fields=fields,
            purpose=PURPOSE,
            request=request,
        )
        count += 1
    return count


def _own_submissions(user: Any) -> list[Subject]:
    if getattr(user, "kind", None) != "citizen" or not getattr(user, "pk", None):
        return []
    from .models import Submission

    return [
        Subject(SUBMISSION_KIND, str(pk))
        for pk in Submission.objects.filter(applicant_id=user.pk)
        .exclude(status="draft")
        .values_list("pk", flat=True)
    ]


register_subject_resolver(_own_submissions)


def _submission_person(submission_id: str) -> list[Subject]:
    from yakuba.residents.queries import PERSON_RECORD_KIND

    from .models import Submission

    person_id = (
        Submission.objects.filter(pk=submission_id).values_list("person_id", flat=True).first()
    )
    return [] if person_id is None else [Subject(PERSON_RECORD_KIND, str(person_id))]


register_subject_alias(SUBMISSION_KIND, _submission_person)
