"""CKAN resource dicts → the fields of :mod:`yakuba.opendata.services.resources`, and a
package's ``resources`` list applied to a dataset (``package_create``/``_update``/
``_patch``).

=================================  ===========================================
CKAN key                           service field
=================================  ===========================================
name, name_en, description,        same
description_en, format, mimetype
url                                url (a link); **our own download URL of the
                                   resource is "keep the file"**, not a link
resource_type ``"api"``            kind ``api`` (a live endpoint)
upload (multipart file)            the file, checked by content and size
anything else not read-only        extras (returned at the top level again)
=================================  ===========================================

Read-only keys (``id``, ``package_id``, ``position``, ``size``, ``hash``,
``last_modified``, ``url_type``…) are ignored.  In a package's ``resources`` list, an
entry whose ``id`` (or own download URL) is one of the dataset's resources updates
that resource (nothing is written when nothing changed), any other entry is a new
resource (a foreign ``id`` is not kept: ours are made here), and the dataset's
resources that are not listed are deleted — CKAN's ``package_update``.  The list's
order is the resources' order.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ... import queries
from ...models import Dataset, Resource, ResourceKind
from ...serialize import DOWNLOAD_PATH
from ...services import resources as resource_services
from .errors import Invalid
from .mapping import ckan_errors
from .params import Parameters, is_upload

Mode = Literal["create", "update", "patch"]

TEXT_FIELDS = ("name", "name_en", "description", "description_en", "format", "url", "mimetype")
READ_ONLY = frozenset(
    {
        "id",
        "package_id",
        "position",
        "state",
        "created",
        "metadata_modified",
        "last_modified",
        "size",
        "hash",
        "url_type",
        "resource_type",
        "datastore_active",
        "file_version",
        "cache_url",
        "cache_last_updated",
        "mimetype_inner",
        "upload",
        "clear_upload",
        "tracking_summary",
        "revision_id",
        "package",
    }
)
RESOURCE_NAMES = {NON_FIELD_ERRORS: "message", "file_name": "upload", "kind": "resource_type"}
#: Replace semantics of ``update_resource`` (what a field not given becomes).
_REPLACED = {"name": "", "name_en": "", "description": "", "description_en": "", "extras": {}}

_OWN_PATH = re.compile(
    "^"
    + re.escape(DOWNLOAD_PATH)
    .replace(re.escape("{name}"), "[^/]+")
    .replace(re.escape("{resource_id}"), "(?P<id>[0-9a-fA-F-]{36})")
    .replace(re.escape("{file_name}"), "[^/]+")
    + "$"
)


def own_resource_id(url: Any) -> str:
    """The resource id when ``url`` is one of our download URLs (any host), else ""."""
    if not isinstance(url, str):
        return ""
    match = _OWN_PATH.match(urlsplit(url.strip()).path)
    return match.group("id").lower() if match else ""


@dataclass
class ResourceInput:
    fields: dict[str, Any]
    upload: Any = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def resource_fields(data: dict[str, Any], mode: Mode, resource: Resource | None) -> ResourceInput:
    """The service fields of one resource dict (errors on the result, not raised)."""
    params = Parameters(data)
    fields: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        present = key in data if mode == "patch" else data.get(key) is not None
        if present:
            fields[key] = params.text(key)
    if resource is not None and own_resource_id(fields.get("url")) == str(resource.pk):
        del fields["url"]  # our own download URL: the file stays
    if params.text("resource_type") == ResourceKind.API:
        fields["kind"] = ResourceKind.API
    upload = data.get("upload")
    if upload in ("", None):
        upload = None
    elif not is_upload(upload):
        params.error("upload", _("ファイルは multipart/form-data の upload で送ってください。"))
        upload = None
    if upload is not None:
        fields.pop("url", None)
        fields.pop("kind", None)
    extras = {key: value for key, value in data.items() if key not in READ_ONLY}
    for key in TEXT_FIELDS:
        extras.pop(key, None)
    if extras or mode != "patch":
        fields["extras"] = {**(resource.extras if mode == "patch" and resource else {}), **extras}
    return ResourceInput(fields, upload, params.errors)


@dataclass
class Step:
    resource: Resource | None
    input: ResourceInput


def plan_resources(dataset: Dataset | None, items: Any) -> tuple[list[Step], Any]:
    """What a package's ``resources`` list does to ``dataset``; the errors are ``None``,
    or CKAN's ``resources`` error (a message list, or one dict per entry)."""
    if not isinstance(items, list):
        return [], [_("リソースはリストで指定してください。")]
    existing = {str(r.pk): r for r in queries.resources_of(dataset)} if dataset else {}
    steps: list[Step] = []
    errors: list[dict[str, list[str]]] = []
    used: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            steps.append(Step(None, ResourceInput({})))
            errors.append({"message": [_("リソースはオブジェクトで指定してください。")]})
            continue
        key = str(item.get("id") or "").lower() or own_resource_id(item.get("url"))
        resource = existing.get(key)
        problems: dict[str, list[str]] = {}
        if resource is not None and key in used:
            problems["id"] = [_("同じリソースが二度指定されています。")]
            resource = None
        if resource is not None:
            used.add(key)
        resource_input = resource_fields(item, "update" if resource else "create", resource)
        if resource_input.upload is not None:
            problems["upload"] = [
                _("ファイルは resource_create か resource_update で送ってください。")
            ]
        problems.update(resource_input.errors)
        steps.append(Step(resource, resource_input))
        errors.append(problems)
    return steps, (errors if any(errors) else None)


def _changed(resource: Resource, fields: dict[str, Any]) -> bool:
    keeps_file = resource.kind == ResourceKind.UPLOAD and not fields.get("url")
    target = {**_REPLACED, "format": resource.format if keeps_file else "", **fields}
    if fields.get("url") and "kind" not in fields:
        target["kind"] = ResourceKind.LINK
    for name, value in target.items():
        if name == "format":
            value = (value or "").strip().upper()
        if getattr(resource, name) != value:
            return True
    return False


def apply_resources(actor: Any, dataset: Dataset, steps: list[Step]) -> None:
    """Delete the resources not listed, then update or create each entry in order (the
    caller holds a transaction: an error rolls every step back)."""
    kept = {step.resource.pk for step in steps if step.resource is not None}
    for resource in list(queries.resources_of(dataset)):
        if resource.pk not in kept:
            resource_services.delete_resource(actor, resource)
    for position, step in enumerate(steps):
        fields = {**step.input.fields, "position": position}
        try:
            if step.resource is None:
                resource_services.create_resource(actor, dataset, fields=fields)
            elif _changed(step.resource, fields):
                resource_services.update_resource(actor, step.resource, fields=fields)
        except ValidationError as error:
            errors: list[dict] = [{} for _step in steps]
            errors[position] = ckan_errors(error, RESOURCE_NAMES)
            raise Invalid({"resources": errors}) from error


def parse_resource_id(value: str) -> str:
    """A resource id as CKAN takes it; a malformed one is simply not found."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""
