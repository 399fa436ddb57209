"""The access record of staff reads of facility users' data (resident-visible).

Every staff page that shows a facility user's or group's personal data (name, kana,
address, phone, e-mail, bookings) calls :func:`record_user_reads` in the same request,
with the registrations shown.  The citizen sees these records on マイページ (subject
``facilities.user``, resolved from the account below).  Groups are not people: a page
that shows a group's representative or members records the representative's and the
members' registrations.  Course applicants without a registration are recorded under
``facilities.course_applicant``.
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

USER_KIND = "facilities.user"
APPLICANT_KIND = "facilities.course_applicant"
PURPOSE = "facilities_use"

register_record_kind(USER_KIND, _("公共施設の利用者登録・予約"))
register_record_kind(APPLICANT_KIND, _("講座の申込"))


def record_user_reads(
    request: HttpRequest,
    registration_ids: Iterable[int],
    fields: Iterable[str],
    *,
    kind: str = USER_KIND,
) -> int:
    """One access record per distinct registration (or course application) shown."""
    fields = [str(field) for field in fields]
    count = 0
    for registration_id in dict.fromkeys(pk for pk in registration_ids if pk is not None):
        record_access(
            request.user,
            subject=Subject(kind, str(registration_id)),
            record_kind=kind,
            fields=fields,
            purpose=PURPOSE,
            request=request,
        )
        count += 1
    return count


def _own_registration(user: Any) -> list[Subject]:
    if getattr(user, "kind", None) != "citizen" or not getattr(user, "pk", None):
        return []
    from .models import CourseApplication, UserRegistration

    subjects = [
        Subject(USER_KIND, str(pk))
        for pk in UserRegistration.objects.filter(user_id=user.pk).values_list("pk", flat=True)
    ]
    subjects += [
        Subject(APPLICANT_KIND, str(pk))
        for pk in CourseApplication.objects.filter(user_id=user.pk).values_list("pk", flat=True)
    ]
    return subjects


register_subject_resolver(_own_registration)


def _registration_person(registration_id: str) -> list[Subject]:
    """A registration made from an account linked to a resident record is that resident."""
    from yakuba.residents.queries import PERSON_RECORD_KIND, linked_person_id

    from .models import UserRegistration

    user = UserRegistration.objects.filter(pk=registration_id).select_related("user").first()
    person_id = linked_person_id(user.user) if user is not None and user.user_id else None
    return [] if person_id is None else [Subject(PERSON_RECORD_KIND, str(person_id))]


register_subject_alias(USER_KIND, _registration_person)
