"""Shared pieces of the staff catalogue pages: the access decorator, the reads scoped to
what the user may edit, and the breadcrumbs.

Every page needs a staff member signed in with both factors (``staff_required``) who holds
a role in some department (``policies.may_use_staff_pages``); the publishers' and
categories' pages need a catalogue administrator (``policies.may_run_catalogue``).  A
dataset the user may not edit is a 403, one that does not exist a 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import staff_required

from ... import policies, queries
from ...models import Dataset, Resource

VIEWS = "console:opendata:"


def catalogue_page(
    *, methods: tuple[str, ...] = ("GET",), catalogue: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Staff with a department role (``catalogue``: a catalogue administrator); anyone else
    gets the login page (not signed in as staff) or 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            allowed = (
                policies.may_run_catalogue(user)
                if catalogue
                else policies.may_use_staff_pages(user)
            )
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(require_http_methods(list(methods))(staff_required(checked)))

    return decorator


def datasets_to_edit(user: Any) -> QuerySet[Dataset]:
    """Datasets of the publishers ``user`` may edit (every state), with their publisher
    and number of resources."""
    return (
        Dataset.objects.filter(organization__in=queries.organizations_to_edit(user))
        .select_related("organization")
        .annotate(resource_count=Count("resources"))
        .order_by("-updated", "name")
    )


def get_dataset_to_edit(user: Any, name: str) -> Dataset:
    try:
        return queries.get_dataset_to_edit(user, name)
    except Dataset.DoesNotExist:
        raise Http404 from None


def get_resource_to_edit(user: Any, name: str, resource_id: uuid.UUID) -> Resource:
    dataset = get_dataset_to_edit(user, name)
    resource = queries.resources_of(dataset).filter(pk=resource_id).first()
    if resource is None:
        raise Http404
    resource.dataset = dataset
    return resource


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("オープンデータ"), reverse(VIEWS + "dataset_list")), *items]


def dataset_crumb(dataset: Dataset) -> tuple[str, str]:
    return (dataset.title, reverse(VIEWS + "dataset_detail", args=[dataset.name]))
