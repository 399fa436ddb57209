"""The write actions (POST only, an API token required, never CORS).

Each one runs inside one transaction opened by the view: a Validation Error raised
after a first service call (say, the third resource of a ``package_create``) rolls
everything back, so nothing is saved.  Every write goes through the services; the
results are read back through the queries and serialised as ``package_show`` /
``resource_show`` would.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ... import queries
from ...models import Dataset, Resource
from ...serialize import package_dict, resource_dict
from ...services import datasets as dataset_services
from ...services import resources as resource_services
from .actions_read import Call
from .errors import Invalid, NotAuthorized, NotFound
from .mapping import ckan_errors, dataset_fields
from .mapping_resources import (
    RESOURCE_NAMES,
    apply_resources,
    parse_resource_id,
    plan_resources,
    resource_fields,
)
from .params import Parameters, missing_value


def _actor(call: Call) -> Any:
    if getattr(call.user, "is_authenticated", False):
        return call.user
    if call.token_sent:
        raise NotAuthorized(_("APIトークンが無効です（失効・期限切れを含みます）。"))
    raise NotAuthorized(
        _("書き込みにはAPIトークンが必要です（Authorization または X-CKAN-API-Key ヘッダー）。")
    )


def _dataset_key(params: Parameters, *names: str) -> str:
    for name in names:
        value = params.data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    params.error(names[0], missing_value())
    params.check()
    return ""


def _editable_dataset(actor: Any, key: str) -> Dataset:
    try:
        return queries.get_dataset_to_edit(actor, key)
    except Dataset.DoesNotExist:
        raise NotFound(_("データセット「%(id)s」はありません。") % {"id": key[:100]}) from None


def _editable_resource(actor: Any, key: str) -> Resource:
    try:
        return queries.get_resource_for(actor, parse_resource_id(key) or key)
    except (Resource.DoesNotExist, ValueError):
        raise NotFound(_("リソース「%(id)s」はありません。") % {"id": key[:100]}) from None


def _shown(actor: Any, dataset: Dataset) -> dict:
    return package_dict(queries.get_dataset_for(actor, str(dataset.pk)))


def _plan(params: Parameters, dataset: Dataset | None):
    """The steps of the ``resources`` list (``None`` when not given); its errors are put
    on ``params`` under ``resources``."""
    if params.data.get("resources") is None:
        return None
    steps, errors = plan_resources(dataset, params.data["resources"])
    if errors:
        params.errors["resources"] = errors
    return steps


def _save(service, *arguments: Any, fields: dict[str, Any]) -> Dataset:
    try:
        return service(*arguments, fields=fields)
    except ValidationError as error:
        raise Invalid(ckan_errors(error)) from error


def package_create(call: Call) -> dict:
    """Create a dataset (CKAN's package dict; ``name`` and ``owner_org`` required) with
    an optional ``resources`` list of links and APIs (files: resource_create)."""
    actor = _actor(call)
    params = call.params
    fields = dataset_fields(params, "create")
    steps = _plan(params, None)
    params.check()
    dataset = _save(dataset_services.create_dataset, actor, fields=fields)
    if steps:
        apply_resources(actor, dataset, steps)
    return _shown(actor, dataset)


def package_update(call: Call) -> dict:
    """Replace a dataset's metadata (keys not given go back to their defaults); a
    ``resources`` list replaces the resources (not listed: deleted; listed with their
    ``id`` or our download URL: kept, files included)."""
    actor = _actor(call)
    params = call.params
    dataset = _editable_dataset(actor, _dataset_key(params, "id", "name"))
    fields = dataset_fields(params, "update", dataset)
    steps = _plan(params, dataset)
    params.check()
    dataset = _save(dataset_services.update_dataset, actor, dataset, fields=fields)
    if steps is not None:
        apply_resources(actor, dataset, steps)
    return _shown(actor, dataset)


def package_patch(call: Call) -> dict:
    """Change only the keys given (``resources``, when given, as in package_update)."""
    actor = _actor(call)
    params = call.params
    dataset = _editable_dataset(actor, _dataset_key(params, "id"))
    data = {key: value for key, value in call.data.items() if key not in ("id", "resources")}
    patch_params = Parameters(data)
    fields = dataset_fields(patch_params, "patch", dataset)
    params.errors.update(patch_params.errors)
    steps = _plan(params, dataset)
    params.check()
    if fields:
        dataset = _save(dataset_services.patch_dataset, actor, dataset, fields=fields)
    if steps is not None:
        apply_resources(actor, dataset, steps)
    return _shown(actor, dataset)


def package_delete(call: Call) -> None:
    """Delete a dataset (CKAN's soft delete: state ``deleted``; the name stays taken)."""
    actor = _actor(call)
    dataset = _editable_dataset(actor, _dataset_key(call.params, "id"))
    dataset_services.delete_dataset(actor, dataset)
    return None


def _resource_result(actor: Any, resource: Resource) -> dict:
    return resource_dict(queries.get_resource_for(actor, str(resource.pk)))


def _resource_input(call: Call, mode: str, resource: Resource | None):
    resource_input = resource_fields(call.data, mode, resource)  # type: ignore[arg-type]
    if resource_input.errors:
        raise Invalid(resource_input.errors)
    return resource_input


def resource_create(call: Call) -> dict:
    """Add a resource to ``package_id``: a link (``url``), an API (``resource_type``
    ``api``) or a file (multipart ``upload``, checked by content and size)."""
    actor = _actor(call)
    dataset = _editable_dataset(actor, _dataset_key(call.params, "package_id"))
    resource_input = _resource_input(call, "create", None)
    try:
        resource = resource_services.create_resource(
            actor, dataset, fields=resource_input.fields, upload=resource_input.upload
        )
    except ValidationError as error:
        raise Invalid(ckan_errors(error, RESOURCE_NAMES)) from error
    return _resource_result(actor, resource)


def _change_resource(call: Call, *, replace: bool) -> dict:
    actor = _actor(call)
    resource = _editable_resource(actor, _dataset_key(call.params, "id"))
    resource_input = _resource_input(call, "update" if replace else "patch", resource)
    try:
        resource = resource_services.update_resource(
            actor,
            resource,
            fields=resource_input.fields,
            upload=resource_input.upload,
            replace=replace,
        )
    except ValidationError as error:
        raise Invalid(ckan_errors(error, RESOURCE_NAMES)) from error
    return _resource_result(actor, resource)


def resource_update(call: Call) -> dict:
    """Replace a resource's fields (not given: cleared); a new ``upload`` becomes the
    file's next version, and our own download URL as ``url`` keeps the current file."""
    return _change_resource(call, replace=True)


def resource_patch(call: Call) -> dict:
    """Change only the resource fields given (and the file, with ``upload``)."""
    return _change_resource(call, replace=False)


def resource_delete(call: Call) -> None:
    """Remove a resource from its dataset (the dataset's kept versions still list it)."""
    actor = _actor(call)
    resource = _editable_resource(actor, _dataset_key(call.params, "id"))
    resource_services.delete_resource(actor, resource)
    return None
