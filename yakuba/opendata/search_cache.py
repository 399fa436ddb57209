"""Counts and facets of a search, kept in the cache until the catalogue changes.

A search page costs one statement for the page of datasets, one for the count and one per
facet; the count and the facets over 10,000 datasets are most of the time.  They depend
only on the filtered query (its SQL, which holds what the caller may see and every term)
and on the catalogue's content, so they are kept under a key made of both:

* the **catalogue stamp** (:class:`~yakuba.opendata.models.CatalogueStamp`): a token
  written in the same transaction as any change of a dataset, resource, publisher,
  category or tag (model signals, and :func:`touch` where a change is a queryset update).
  Reading it is one primary-key lookup; a committed change is seen by every process at
  once, a rolled-back one never;
* the SQL and parameters of the filtered query, and the facet options.

Any cache backend works (per-process memory included): an entry is only ever read under
the stamp it was computed for.  Entries expire after :data:`TIMEOUT` seconds to bound the
memory, not for freshness.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import CatalogueStamp, Dataset, Group, Organization, Resource, Tag

TIMEOUT = 600
PREFIX = "yakuba.opendata.search."


def touch() -> None:
    """Give the catalogue a new stamp (inside the caller's transaction)."""
    values = {"token": uuid.uuid4().hex, "changed": timezone.now()}
    if not CatalogueStamp.objects.filter(pk=1).update(**values):
        CatalogueStamp.objects.update_or_create(pk=1, defaults=values)


def current_stamp() -> str:
    return CatalogueStamp.objects.filter(pk=1).values_list("token", flat=True).first() or "-"


def _key(queryset: QuerySet, options: Sequence[Any], stamp: str) -> str:
    sql, params = queryset.query.sql_with_params()
    text = repr((stamp, sql, tuple(params), tuple(options)))
    return PREFIX + hashlib.sha256(text.encode()).hexdigest()


def remembered[T](queryset: QuerySet, options: Sequence[Any], compute: Callable[[], T]) -> T:
    """``compute()`` for ``queryset`` (and ``options``) at the catalogue's current stamp,
    from the cache when it was computed before."""
    key = _key(queryset, options, current_stamp())
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


def _changed(**_kwargs: Any) -> None:
    touch()


def connect() -> None:
    """Connect the model signals that move the stamp (from ``apps.ready``)."""
    for model in (Dataset, Resource, Organization, Group, Tag):
        post_save.connect(_changed, sender=model, dispatch_uid=f"opendata-stamp-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"opendata-stamp-del-{model}")
    for through in (Dataset.tags.through, Dataset.groups.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"opendata-stamp-m2m-{through}")


__all__ = ["current_stamp", "remembered", "touch"]
