"""Create, change and delete a dataset's resources; keep every version of their files.

``fields`` are the model's (``name``, ``name_en``, ``description``, ``description_en``,
``format``, ``url``, ``kind``, ``position``, ``extras``).  An ``upload`` (bytes, a Django
upload or a binary file) makes the resource a file kept here: it is checked and stored
(:mod:`.files`) and becomes the resource's next file version.  Each change keeps a new
version of the dataset.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies
from ..models import Dataset, Resource, ResourceFile, ResourceKind
from . import files
from .datasets import keep_version, refresh_search_text

RESOURCE_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "format",
    "url",
    "kind",
    "position",
    "extras",
    "mimetype",
)


def _require_edit(actor: Any, dataset: Dataset) -> None:
    if not policies.may_edit(actor, dataset.organization.department_code):
        raise PermissionDenied


def _apply(resource: Resource, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown resource fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "extras":
            value = {str(key): item for key, item in (value or {}).items()}
        if name == "format":
            value = (value or "").strip().upper()
        setattr(resource, name, "" if value is None and name != "position" else value)


def _validate(resource: Resource, has_upload: bool) -> None:
    if resource.kind in (ResourceKind.LINK, ResourceKind.API) and not resource.url:
        raise ValidationError({"url": _("URLを入力してください。")})
    if resource.kind == ResourceKind.UPLOAD and not (has_upload or resource.file_version):
        if resource.url:
            resource.kind = ResourceKind.LINK
        else:
            raise ValidationError({"upload": _("ファイルを選ぶか、URLを入力してください。")})
    if not resource.name:
        resource.name = resource.file_name or resource.url.rsplit("/", 1)[-1][:300] or "resource"
    resource.full_clean(exclude=["dataset"])


def attach_file(resource: Resource, stored: files.StoredFile, file_name: str) -> ResourceFile:
    """Make ``stored`` the resource's next file version (the caller holds the dataset's
    row lock and saves the resource)."""
    number = (resource.files.aggregate(last=Max("number"))["last"] or 0) + 1
    kept = ResourceFile.objects.create(
        resource=resource,
        number=number,
        path=stored.path,
        file_name=file_name,
        size=stored.size,
        sha256=stored.sha256,
        mimetype=stored.mimetype,
    )
    resource.kind = ResourceKind.UPLOAD
    resource.url = ""
    resource.file_name = file_name
    resource.file_version = number
    resource.size = stored.size
    resource.sha256 = stored.sha256
    resource.mimetype = stored.mimetype
    resource.format = stored.format
    resource.last_modified = timezone.now()
    return kept


def _store(upload: Any, claimed_format: str) -> tuple[files.StoredFile, str]:
    file_name = files.safe_file_name(getattr(upload, "name", "") or "resource")
    return files.store_file(upload, claimed_format=claimed_format), file_name


def create_resource(
    actor: Any, dataset: Dataset, *, fields: dict[str, Any], upload: Any = None
) -> Resource:
    _require_edit(actor, dataset)
    stored = None
    if upload is not None:
        stored, file_name = _store(upload, fields.get("format") or "")
    try:
        with transaction.atomic():
            locked = (
                Dataset.objects.select_for_update()
                .select_related("organization")
                .get(pk=dataset.pk)
            )
            position = fields.get("position")
            if position is None:
                position = locked.resources.count()
            resource = Resource(dataset=locked)
            _apply(resource, {**fields, "position": position})
            resource.save()
            if stored is not None:
                attach_file(resource, stored, file_name)
            _validate(resource, stored is not None)
            resource.save()
            refresh_search_text(locked)
            keep_version(locked, actor, "resource_create")
    except BaseException:
        if stored is not None:
            files.remove_file(stored.path)
        raise
    return resource


def update_resource(
    actor: Any,
    resource: Resource,
    *,
    fields: dict[str, Any],
    upload: Any = None,
    replace: bool = True,
) -> Resource:
    """Change a resource; ``replace`` (CKAN's ``resource_update``) resets fields not given,
    otherwise (``resource_patch``) only the given ones change.  A new upload becomes the
    next file version; earlier versions stay."""
    _require_edit(actor, resource.dataset)
    stored = None
    if upload is not None:
        stored, file_name = _store(upload, fields.get("format") or "")
    try:
        with transaction.atomic():
            locked = (
                Dataset.objects.select_for_update()
                .select_related("organization")
                .get(pk=resource.dataset_id)
            )
            resource = Resource.objects.get(pk=resource.pk)
            if replace:
                keeps_file = resource.kind == ResourceKind.UPLOAD and not fields.get("url")
                fields = {
                    "name": "",
                    "name_en": "",
                    "description": "",
                    "description_en": "",
                    "extras": {},
                    "format": resource.format if keeps_file else "",
                    **fields,
                }
            if fields.get("url") and stored is None:
                fields = {"kind": ResourceKind.LINK, **fields}
            _apply(resource, fields)
            if stored is not None:
                attach_file(resource, stored, file_name)
            elif resource.kind != ResourceKind.UPLOAD:
                resource.file_version, resource.file_name = 0, ""
                resource.size, resource.sha256 = None, ""
            _validate(resource, stored is not None)
            resource.save()
            refresh_search_text(locked)
            keep_version(locked, actor, "resource_update")
    except BaseException:
        if stored is not None:
            files.remove_file(stored.path)
        raise
    return resource


@transaction.atomic
def delete_resource(actor: Any, resource: Resource) -> None:
    """Remove the resource from its dataset.  The files of earlier versions are removed
    too (the dataset's kept versions still describe them)."""
    _require_edit(actor, resource.dataset)
    locked = (
        Dataset.objects.select_for_update()
        .select_related("organization")
        .get(pk=resource.dataset_id)
    )
    paths = list(resource.files.values_list("path", flat=True))
    resource.delete()
    refresh_search_text(locked)
    keep_version(locked, actor, "resource_delete")
    transaction.on_commit(lambda: [files.remove_file(path) for path in paths])


def publish_generated_file(
    dataset: Dataset,
    resource: Resource,
    content: bytes,
    *,
    file_name: str,
    claimed_format: str,
) -> bool:
    """Store ``content`` (made by the module itself, e.g. a standard dataset regenerated
    from the facilities' data) as the next version of ``resource``, unless it is the same
    as the current one.  No actor check: only the module's own services call this.
    Returns whether a new version was kept."""
    import hashlib

    current = Resource.objects.filter(pk=resource.pk).values("file_version", "sha256").get()
    if current["file_version"] and current["sha256"] == hashlib.sha256(content).hexdigest():
        return False
    stored = files.store_file(content, claimed_format=claimed_format)
    try:
        with transaction.atomic():
            locked = (
                Dataset.objects.select_for_update()
                .select_related("organization")
                .get(pk=dataset.pk)
            )
            resource = Resource.objects.select_for_update().get(pk=resource.pk)
            attach_file(resource, stored, file_name)
            resource.format = claimed_format.upper()
            resource.save()
            refresh_search_text(locked)
            keep_version(locked, None, "regenerate")
    except BaseException:
        files.remove_file(stored.path)
        raise
    return True
