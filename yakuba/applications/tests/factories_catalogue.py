"""Builders for the catalogue tests: life events and their steps (test data only)."""

from __future__ import annotations

import itertools
from typing import Any

from yakuba.applications.models import LifeEvent, LifeEventStep, Procedure

_numbers = itertools.count(1)


def make_life_event(
    code: str = "", *steps: Procedure | tuple[Procedure, str], **fields: Any
) -> LifeEvent:
    """A life event with ``steps`` in order: a procedure, or (procedure, "who it applies to")."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "code": code or f"event-{number}",
        "name": f"出来事{number}",
        "order": number,
    }
    values.update(fields)
    event = LifeEvent.objects.create(**values)
    for order, step in enumerate(steps, start=1):
        procedure, note = step if isinstance(step, tuple) else (step, "")
        LifeEventStep.objects.create(life_event=event, procedure=procedure, order=order, note=note)
    return event
