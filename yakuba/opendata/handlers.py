"""Reactions of the open data module to other modules' events: the standard datasets
generated from a module's data are regenerated (in the task worker, after commit) when
that module says its data changed.

* facilities ``booking_created`` / ``slot_freed`` — a course session books its room (and
  frees it when removed or the course is cancelled), so the イベント一覧 may have changed.
  Room bookings by residents send the same events; the regeneration then finds the same
  file and keeps nothing.
* residents ``movement_recorded`` — a 異動 may change 地域・年齢別人口 (only when it takes
  effect on or before the survey day; otherwise the rebuilt file is the same).

Only datasets that exist are regenerated this way (set-up or the demo made them with
``ensure_standard_datasets``; a deleted one stays as it is): before that, an event costs
one cheap query and nothing else.

The facilities module sends no event when a facility or a course is edited or published
(see the module page, "Regeneration"): the daily ``opendata_regenerate`` run and the
staff page's button cover those.  Handlers never raise into the sender.

Connected in :meth:`yakuba.opendata.apps.OpendataConfig.ready`.
"""

from __future__ import annotations

import logging
from typing import Any

from yakuba.facilities import events as facility_events
from yakuba.residents import events as resident_events

from .services import standard

logger = logging.getLogger(__name__)

EVENT_DATASET = "event"
POPULATION_DATASET = "population"


def _enqueue(key: str) -> None:
    try:
        if not standard.is_published(key):
            return
        standard.enqueue_regeneration(key)
    except Exception:  # noqa: BLE001 - logged; the daily run regenerates anyway
        logger.exception("open data regeneration could not be enqueued", extra={"key": key})


def course_bookings_changed(sender: Any, **kwargs: Any) -> None:
    _enqueue(EVENT_DATASET)


def register_changed(sender: Any, **kwargs: Any) -> None:
    _enqueue(POPULATION_DATASET)


facility_events.booking_created.connect(
    course_bookings_changed, dispatch_uid="opendata.regenerate_event.booking_created"
)
facility_events.slot_freed.connect(
    course_bookings_changed, dispatch_uid="opendata.regenerate_event.slot_freed"
)
resident_events.movement_recorded.connect(
    register_changed, dispatch_uid="opendata.regenerate_population.movement_recorded"
)
