"""One page per 異動 kind: form (pre-filled) → confirmation → record → the person's page.

Each page reads the person through ``get_person_for`` with the purpose
``resident_change`` (``resident_correction`` for corrections), so opening a
form leaves an access record like any other read.  The form posts to itself;
a valid form shows a confirmation page carrying the same values as hidden
fields; 「記録する」 calls the service, whose ``ValidationError`` comes back as
form errors; success redirects to the person's page with a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors
from yakuba.core.japanese import format_date_both
from yakuba.identity.decorators import staff_required

from .. import services
from ..forms import (
    AddressCorrectionForm,
    BirthForm,
    CorrectionForm,
    DeathForm,
    HouseholdChangeForm,
    MoveInForm,
    MoveInPeopleFormSet,
    MovementForm,
    MoveOutForm,
    MoveWithinForm,
    NameChangeForm,
)
from ..models import Movement, Relationship, Status
from ..policies import WRITE_GRANTS
from ..queries import PersonRecord, find_household_for, get_person_for, town_areas
from .reading import detail_url

CHANGE = "resident_change"
CORRECTION = "resident_correction"

# Service field names that have no field of the same name on the form.
_FIELD_MAP = {"address": "town_area", "household": "household_number"}


def _hidden(request: HttpRequest) -> list[tuple[str, str]]:
    skip = {"csrfmiddlewaretoken", "confirm", "edit"}
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in skip
        for value in values
    ]


def _success(request: HttpRequest, movement: Movement) -> None:
    messages.success(
        request,
        _("%(kind)sを記録しました（異動日 %(date)s）。")
        % {"kind": movement.get_kind_display(), "date": format_date_both(movement.effective_on)},
    )


def _address(form: Form) -> services.Address:
    areas = {area.pk: area for area in town_areas()}
    return services.Address(
        areas[form.cleaned_data["town_area"]],
        form.cleaned_data["banchi"],
        form.cleaned_data.get("katagaki", ""),
    )


def _household(request: HttpRequest, form: Form):
    household = find_household_for(request.user, form.cleaned_data["household_number"])
    if household is None:
        raise ValidationError(
            {
                "household_number": ValidationError(
                    _("世帯番号 %(number)s の世帯は見つかりません。"),
                    code="unknown_household",
                    params={"number": form.cleaned_data["household_number"]},
                )
            }
        )
    return household


def _stayers(form: MovementForm, leaving: set[int]) -> dict[str, Any]:
    """new_head and remaining_relationships from the 続柄 fields of those who stay."""
    changes = form.relationship_changes(
        [p.pk for p in form.household_people if p.pk not in leaving]
    )
    new_head = next(
        (form.person_by_id(pk) for pk, value in changes.items() if value == Relationship.HEAD),
        None,
    )
    if new_head is not None:
        changes.pop(new_head.pk)
    return {"new_head": new_head, "remaining_relationships": changes}


Recorder = Callable[[HttpRequest, Any, PersonRecord], Movement]


def _flow(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[MovementForm],
    record_movement: Recorder,
    purpose: str = CHANGE,
    residents_only: bool = True,
) -> HttpResponse:
    record = get_person_for(request.user, pk, purpose, request=request)
    form = form_class(request.POST if request.method == "POST" else None, record=record)
    blocked = residents_only and record.person.status != Status.RESIDENT
    context = {
        "form": form,
        "record": record,
        "person": record.person,
        "blocked": blocked,
        "cancel_url": detail_url(pk, purpose),
        "breadcrumbs": [
            (_("住民検索"), reverse("console:resident_search")),
            (str(record.person), detail_url(pk, purpose)),
            (str(form.title), ""),
        ],
    }
    if request.method == "POST" and not blocked and "edit" not in request.POST and form.is_valid():
        if "confirm" in request.POST:
            try:
                movement = record_movement(request, form, record)
            except ValidationError as error:
                add_service_errors(form, error, field_map=_FIELD_MAP)
            else:
                _success(request, movement)
                return redirect(detail_url(pk, purpose))
        else:
            context.update(summary=form.summary(), hidden=_hidden(request))
            return render(request, "residents/movement_confirm.html", context)
    return render(request, "residents/movement_form.html", context)


# ---------------------------------------------------------------------- recorders


def _move_within(request, form: MoveWithinForm, record):
    movers = set(form.cleaned_data["movers"])
    data = form.cleaned_data
    destination = (
        {"address": _address(form)}
        if data["destination"] == "address"
        else {"household": _household(request, form)}
    )
    return services.record_move_within(
        request.user,
        [form.person_by_id(pk) for pk in data["movers"]],
        effective_on=data["effective_on"],
        notified_on=data["notified_on"],
        relationships=form.relationship_changes(movers),
        note=data["note"],
        request=request,
        **destination,
        **_stayers(form, movers),
    )


def _move_out(request, form: MoveOutForm, record):
    movers = set(form.cleaned_data["movers"])
    data = form.cleaned_data
    return services.record_move_out(
        request.user,
        [form.person_by_id(pk) for pk in data["movers"]],
        effective_on=data["effective_on"],
        notified_on=data["notified_on"],
        destination=data["destination"],
        note=data["note"],
        request=request,
        **_stayers(form, movers),
    )


def _death(request, form: DeathForm, record):
    data = form.cleaned_data
    return services.record_death(
        request.user,
        record.person,
        effective_on=data["effective_on"],
        notified_on=data["notified_on"],
        note=data["note"],
        request=request,
        **_stayers(form, {record.person.pk}),
    )


def _birth(request, form: BirthForm, record):
    data = form.cleaned_data
    child = services.NewPerson(
        family_name=data["family_name"],
        given_name=data["given_name"],
        family_name_kana=data["family_name_kana"],
        given_name_kana=data["given_name_kana"],
        birth_date=data["effective_on"],
        sex=data["sex"],
        relationship=data["relationship"],
        registered_domicile=data["registered_domicile"],
        domicile_head=data["domicile_head"],
    )
    return services.record_birth(
        request.user,
        record.household,
        child,
        notified_on=data["notified_on"],
        note=data["note"],
        request=request,
    )


def _name_change(request, form: NameChangeForm, record):
    data = form.cleaned_data
    return services.record_name_change(
        request.user,
        record.person,
        effective_on=data["effective_on"],
        notified_on=data["notified_on"],
        family_name=data["family_name"],
        given_name=data["given_name"],
        family_name_kana=data["family_name_kana"],
        given_name_kana=data["given_name_kana"],
        former_family_name=data["former_family_name"],
        note=data["note"],
        request=request,
    )


def _household_change(request, form: HouseholdChangeForm, record):
    data = form.cleaned_data
    common = {
        "effective_on": data["effective_on"],
        "notified_on": data["notified_on"],
        "note": data["note"],
        "request": request,
    }
    if data["change"] == "relationships":
        return services.record_household_change(
            request.user, record.household, relationships=form.relationship_changes(), **common
        )
    movers = set(data["movers"])
    people = [form.person_by_id(pk) for pk in data["movers"]]
    if data["change"] == "split":
        return services.split_household(
            request.user,
            people,
            relationships=form.relationship_changes(movers),
            **common,
            **_stayers(form, movers),
        )
    return services.join_household(
        request.user,
        people,
        _household(request, form),
        relationships=form.relationship_changes(movers),
        **common,
        **_stayers(form, movers),
    )


def _correction(request, form: CorrectionForm, record):
    data = form.cleaned_data
    return services.correct_person(
        request.user,
        record.person,
        effective_on=data["effective_on"],
        changes=form.changes(),
        reason=data["reason"],
        note=data["note"],
        request=request,
    )


def _address_correction(request, form: AddressCorrectionForm, record):
    data = form.cleaned_data
    return services.correct_household_address(
        request.user,
        record.household,
        effective_on=data["effective_on"],
        address=_address(form),
        reason=data["reason"],
        note=data["note"],
        request=request,
    )


def _page(form_class, record_movement, *, purpose=CHANGE, residents_only=True):
    @staff_required(grants=WRITE_GRANTS)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _flow(
            request,
            pk,
            form_class=form_class,
            record_movement=record_movement,
            purpose=purpose,
            residents_only=residents_only,
        )

    view.__doc__ = f"{form_class.__name__}: form, confirmation, record."
    return view


move_within = _page(MoveWithinForm, _move_within)
move_out = _page(MoveOutForm, _move_out)
death = _page(DeathForm, _death)
birth = _page(BirthForm, _birth)
name_change = _page(NameChangeForm, _name_change)
household_change = _page(HouseholdChangeForm, _household_change)
correction = _page(CorrectionForm, _correction, purpose=CORRECTION, residents_only=False)
address_correction = _page(
    AddressCorrectionForm, _address_correction, purpose=CORRECTION, residents_only=False
)


# ------------------------------------------------------------------------- 転入


@staff_required(grants=WRITE_GRANTS)
def move_in(request: HttpRequest) -> HttpResponse:
    """転入届: no person yet, so nothing is read until the movement is recorded."""
    posted = request.POST if request.method == "POST" else None
    form = MoveInForm(posted)
    people = MoveInPeopleFormSet(posted, prefix="people")
    context = {
        "form": form,
        "people": people,
        "cancel_url": reverse("console:resident_search"),
        "breadcrumbs": [
            (_("住民検索"), reverse("console:resident_search")),
            (str(form.title), ""),
        ],
    }
    if posted is not None and "edit" not in posted and form.is_valid() and people.is_valid():
        newcomers = [
            services.NewPerson(
                family_name=row["family_name"],
                given_name=row["given_name"],
                family_name_kana=row["family_name_kana"],
                given_name_kana=row["given_name_kana"],
                birth_date=row["birth_date"],
                sex=row["sex"],
                relationship=row["relationship"],
                resident_code=row["resident_code"],
                registered_domicile=row["registered_domicile"],
                domicile_head=row["domicile_head"],
            )
            for row in (person.cleaned_data for person in people.forms if person.has_changed())
        ]
        if "confirm" in posted:
            data = form.cleaned_data
            try:
                destination = (
                    {"address": _address(form)}
                    if data["destination"] == "address"
                    else {"household": _household(request, form)}
                )
                movement = services.record_move_in(
                    request.user,
                    newcomers,
                    effective_on=data["effective_on"],
                    notified_on=data["notified_on"],
                    previous_address=data["previous_address"],
                    note=data["note"],
                    request=request,
                    **destination,
                )
            except ValidationError as error:
                add_service_errors(form, error, field_map=_FIELD_MAP)
            else:
                _success(request, movement)
                first = movement.people.order_by("pk").first()
                return redirect(detail_url(first.pk, CHANGE))
        else:
            rows = form.summary()
            for index, person in enumerate(newcomers, start=1):
                rows.append(
                    (
                        _("転入する人 %(number)s") % {"number": index},
                        f"{person.family_name} {person.given_name}（{person.family_name_kana} "
                        f"{person.given_name_kana}）{format_date_both(person.birth_date)} "
                        f"{dict(Relationship.choices)[person.relationship]}",
                    )
                )
            context.update(summary=rows, hidden=_hidden(request))
            return render(request, "residents/movement_confirm.html", context)
    return render(request, "residents/move_in_form.html", context)
