"""Reads of the citizens' catalogue: published procedures, the kana search, categories,
life events and a signed-in resident's progress through a life event.

The catalogue is public data (no personal data) except ``life_event_progress``, which reads
only the signed-in user's own submissions.  A procedure is *listed* when it is published
and has a published form version; it is *open* (applicable today) when today also lies in
its window (``opens_on``/``closes_on``, both optional).  Search and
``published_procedures`` return open procedures only; category pages, life events and the
procedure page also show listed procedures outside their window (as 「受付期間外」).

Every read here costs a fixed number of queries, whatever the number of procedures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from yakuba.identity.permissions import departments_on

from ..models import (
    Category,
    FormState,
    FormVersion,
    IdentityLevel,
    LifeEvent,
    LifeEventStep,
    Procedure,
    Status,
    Submission,
)
from ..search import search_key

#: At most this many words of a query are used (the rest are ignored).
MAX_SEARCH_WORDS = 10


def is_english() -> bool:
    return (get_language() or "ja").startswith("en")


def localized(instance: Any, name: str) -> str:
    """``instance.<name>_en`` on an English page when it is filled in, else ``<name>``."""
    if is_english():
        english = getattr(instance, f"{name}_en", "")
        if english:
            return english
    return getattr(instance, name)


def _day(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _open_on(today: datetime.date) -> Q:
    return (Q(opens_on__isnull=True) | Q(opens_on__lte=today)) & (
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def is_open(procedure: Procedure, today: datetime.date | None = None) -> bool:
    """Whether ``procedure``'s window includes ``today`` (publication not checked)."""
    day = _day(today)
    return (procedure.opens_on is None or procedure.opens_on <= day) and (
        procedure.closes_on is None or procedure.closes_on >= day
    )


def listed_procedures() -> QuerySet[Procedure]:
    """Published procedures that have a published form version, with their category."""
    published_form = FormVersion.objects.filter(
        procedure_id=OuterRef("pk"), state=FormState.PUBLISHED
    )
    return (
        Procedure.objects.filter(is_published=True)
        .filter(Exists(published_form))
        .select_related("category")
    )


def _mark(procedures: list[Procedure], today: datetime.date) -> list[Procedure]:
    for procedure in procedures:
        procedure.is_open = is_open(procedure, today)  # type: ignore[attr-defined]
    return procedures


def published_procedures(*, today: datetime.date | None = None) -> list[Procedure]:
    """Procedures a resident can apply for today, in catalogue order."""
    day = _day(today)
    return _mark(list(listed_procedures().filter(_open_on(day))), day)


def search_words(text: str) -> list[str]:
    """The folded words of a query (split on any space, half- or full-width), unique, in
    order; at most ``MAX_SEARCH_WORDS``."""
    words: list[str] = []
    for word in (text or "").split():
        key = search_key(word)
        if key and key not in words:
            words.append(key)
    return words[:MAX_SEARCH_WORDS]


def search_procedures(
    text: str, *, today: datetime.date | None = None, limit: int = 50
) -> list[Procedure]:
    """Open procedures whose ``search_text`` contains every word of ``text`` — kana-,
    width- and case-insensitive (「じゅうみんひょう」「ｼﾞｭｳﾐﾝﾋｮｳ」 find 住民票の写し by its
    reading).  An empty query finds nothing."""
    words = search_words(text)
    if not words:
        return []
    day = _day(today)
    procedures = listed_procedures().filter(_open_on(day))
    for word in words:
        procedures = procedures.filter(search_text__contains=word)
    return _mark(list(procedures[:limit]), day)


@dataclass
class CategoryGroup:
    category: Category
    procedures: list[Procedure] = field(default_factory=list)


def procedures_by_category(*, today: datetime.date | None = None) -> list[CategoryGroup]:
    """The categories with their listed procedures (each marked ``is_open``), in order;
    categories without a listed procedure are left out."""
    day = _day(today)
    groups: dict[int, CategoryGroup] = {}
    for procedure in listed_procedures():
        group = groups.setdefault(procedure.category_id, CategoryGroup(procedure.category))
        procedure.is_open = is_open(procedure, day)  # type: ignore[attr-defined]
        group.procedures.append(procedure)
    return sorted(groups.values(), key=lambda g: (g.category.order, g.category.code))


def get_category(code: str) -> Category:
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise Http404
    return category


def category_procedures(
    category: Category, *, today: datetime.date | None = None
) -> list[Procedure]:
    """The category's listed procedures, each marked ``is_open``."""
    return _mark(list(listed_procedures().filter(category=category)), _day(today))


def get_published_procedure(code: str, *, today: datetime.date | None = None) -> Procedure:
    """A listed procedure by code (marked ``is_open``); Http404 when it does not exist, is
    not published or has no published form."""
    procedure = listed_procedures().filter(code=code).first()
    if procedure is None:
        raise Http404
    procedure.is_open = is_open(procedure, _day(today))  # type: ignore[attr-defined]
    return procedure


def procedures_needing_card(*, today: datetime.date | None = None) -> list[Procedure]:
    """Open procedures that are signed with the My Number card."""
    return [
        procedure
        for procedure in published_procedures(today=today)
        if procedure.identity_level == IdentityLevel.CARD
    ]


# --------------------------------------------------------------------- departments


@dataclass(frozen=True)
class Department:
    """What the catalogue shows of a handling department (public facts of the OrgUnit)."""

    code: str
    name: str
    name_en: str
    phone: str

    @property
    def display_name(self) -> str:
        return self.name_en if is_english() and self.name_en else self.name


def departments(
    codes: list[str] | set[str], *, on: datetime.date | None = None
) -> dict[str, Department]:
    """The departments in force on ``on`` (default today) by code, in one query."""
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    result: dict[str, Department] = {}
    for unit in departments_on(on).filter(code__in=wanted).order_by("valid_from"):
        result[unit.code] = Department(unit.code, unit.name, unit.name_en, unit.phone)
    return result


# --------------------------------------------------------------------- life events


def _listed_steps() -> Prefetch:
    steps = (
        LifeEventStep.objects.filter(procedure__in=listed_procedures())
        .select_related("procedure", "procedure__category")
        .order_by("order", "pk")
    )
    return Prefetch("steps", queryset=steps, to_attr="listed_steps")


def life_events() -> list[LifeEvent]:
    """Life events with at least one listed procedure; ``listed_steps`` in order."""
    events = LifeEvent.objects.prefetch_related(_listed_steps()).order_by("order", "code")
    return [event for event in events if event.listed_steps]  # type: ignore[attr-defined]


def get_life_event(code: str, *, today: datetime.date | None = None) -> LifeEvent:
    """A life event by code with ``listed_steps`` in order (each step's procedure marked
    ``is_open``); Http404 when unknown."""
    event = LifeEvent.objects.prefetch_related(_listed_steps()).filter(code=code).first()
    if event is None:
        raise Http404
    day = _day(today)
    for step in event.listed_steps:  # type: ignore[attr-defined]
        step.procedure.is_open = is_open(step.procedure, day)
    return event


#: Progress of one step for the signed-in resident.
NOT_STARTED = "not_started"
DRAFT = "draft"
SUBMITTED = "submitted"


@dataclass(frozen=True)
class StepProgress:
    state: str = NOT_STARTED
    #: 受付番号 of the latest submitted application (state ``submitted``).
    reference: str = ""
    #: Its workflow status (``Status`` value).
    status: str = ""

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else ""


def life_event_progress(user: Any, life_event: LifeEvent) -> dict[int, StepProgress]:
    """Per procedure id of the event's listed steps, the user's own progress: the latest
    submitted application that was not withdrawn (申請済み, with its reference), else an
    open draft (下書きあり), else not started.  Anonymous users: all not started, no query."""
    steps = getattr(life_event, "listed_steps", None)
    if steps is None:
        steps = list(life_event.steps.filter(procedure__in=listed_procedures()))
    procedure_ids = [step.procedure_id for step in steps]
    progress = {procedure_id: StepProgress() for procedure_id in procedure_ids}
    if not getattr(user, "is_authenticated", False) or not procedure_ids:
        return progress
    rows = (
        Submission.objects.filter(applicant=user, procedure_id__in=procedure_ids)
        .exclude(status=Status.WITHDRAWN)
        .order_by("procedure_id", "-submitted_at", "-pk")
        .values_list("procedure_id", "status", "reference")
    )
    for procedure_id, status, reference in rows:
        current = progress[procedure_id]
        if current.state == SUBMITTED:
            continue
        if status == Status.DRAFT:
            if current.state == NOT_STARTED:
                progress[procedure_id] = StepProgress(DRAFT)
        else:
            progress[procedure_id] = StepProgress(SUBMITTED, reference or "", status)
    return progress
