"""CKAN package dicts → the fields of :mod:`yakuba.opendata.services.datasets`, and the
services' errors → CKAN's field names.

The keys read are those ``package_show`` returns (see ``serialize.package_dict``), so a
``package_show`` → edit → ``package_update`` round trip changes only what was edited:

=====================  ===========================  ====================================
CKAN key               service field                notes
=====================  ===========================  ====================================
name                   name                         CKAN's rule; ``new``/``edit``/``search`` refused
title                  title                        empty: the name (CKAN's ``if_empty_same_as``)
notes, url             notes, url
version                version_label
maintainer             contact_name
maintainer_email       contact_email
owner_org              organization                 id or name of a publisher
license_id             license_id                   an id of ``license_list``
private                private                      boolean (``"true"``/``"false"`` too)
state                  state                        ``active`` or ``draft``
tags, tag_string       tags                         ``[{"name": …}]`` or names; "a,b"
groups                 groups                       ``[{"name"|"id": …}]`` or names
extras                 extras                       ``[{"key", "value"}]`` (or an object)
title_en, notes_en,    same                         yakuba's own fields (ckanext-scheming
frequency, spatial,                                 style, at the top level)
spatial_code,
temporal_start/_end,
contact_phone
=====================  ===========================  ====================================

Other keys (``id``, ``type``, ``organization``, ``metadata_*``, ``num_*``, ``author``…)
are ignored, as CKAN's default schema ignores unknown keys.  ``package_update``
replaces: a key not given (or ``null``) goes back to its default — except ``name``,
``title``, ``owner_org``, ``private`` and ``state``, which stay as they are (CKAN
keeps them too); ``package_patch`` changes only the keys given (``null`` clears).
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ... import queries
from ...licenses import LICENSE_BY_ID
from ...models import NAME_VALIDATOR, Dataset, DatasetState, Frequency, Group, Organization
from ...services.datasets import clean_tag_names
from .params import Parameters, missing_value

Mode = Literal["create", "update", "patch"]

TEXT_FIELDS: dict[str, str] = {
    "notes": "notes",
    "url": "url",
    "version": "version_label",
    "maintainer": "contact_name",
    "maintainer_email": "contact_email",
    "title_en": "title_en",
    "notes_en": "notes_en",
    "spatial": "spatial",
    "spatial_code": "spatial_code",
    "contact_phone": "contact_phone",
}
DATE_FIELDS = ("temporal_start", "temporal_end")
#: Service (model) field → CKAN key, for error messages.
CKAN_NAMES: dict[str, str] = {
    **{field: key for key, field in TEXT_FIELDS.items()},
    "organization": "owner_org",
    NON_FIELD_ERRORS: "message",
}
RESERVED_NAMES = ("new", "edit", "search")
#: Keys of package_show's result an ``extras`` entry may not take.
CORE_KEYS = frozenset(
    {
        "id",
        "name",
        "title",
        "notes",
        "url",
        "version",
        "owner_org",
        "license_id",
        "private",
        "state",
        "tags",
        "groups",
        "resources",
        "extras",
        "type",
        *TEXT_FIELDS,
        *DATE_FIELDS,
    }
)


def _given(data: dict[str, Any], key: str, mode: Mode) -> bool:
    """Whether ``key`` takes part: in a patch any key present (``null`` clears it); in a
    create or update a key with a value (``null`` counts as missing, as in CKAN)."""
    if mode == "patch":
        return key in data
    return data.get(key) is not None


def _name(params: Parameters, mode: Mode) -> str | None:
    if mode == "create":
        if not params.given("name") or params.data.get("name") == "":
            params.error("name", missing_value())
            return None
    elif not params.given("name"):
        return None
    value = params.data["name"]
    if not isinstance(value, str):
        params.error("name", _("識別名は文字列で指定してください。"))
        return None
    if value in RESERVED_NAMES:
        params.error("name", _("この識別名は使えません。"))
        return None
    try:
        NAME_VALIDATOR(value)
    except ValidationError as error:
        params.error("name", " ".join(error.messages))
        return None
    return value


def _organization(params: Parameters, mode: Mode) -> Organization | None:
    value = params.data.get("owner_org")
    if value in (None, ""):
        if mode == "create":
            params.error("owner_org", _("公開元（owner_org）を指定してください。"))
        return None
    if not isinstance(value, str):
        params.error("owner_org", _("公開元は id か識別名の文字列で指定してください。"))
        return None
    try:
        return queries.get_organization(value)
    except Organization.DoesNotExist:
        params.error("owner_org", _("公開元「%(name)s」はありません。") % {"name": value[:100]})
        return None


def _date(params: Parameters, key: str) -> datetime.date | None:
    value = params.data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    params.error(key, _("日付は YYYY-MM-DD の形で指定してください。"))
    return None


def _tags(params: Parameters) -> list[str]:
    names: list[str] = []
    tags = params.data.get("tags")
    if tags is not None:
        if not isinstance(tags, list):
            params.error("tags", _("タグはリストで指定してください。"))
            return []
        for item in tags:
            name = item.get("name") if isinstance(item, dict) else item
            if not isinstance(name, str) or not name.strip():
                params.error("tags", _('タグは {"name": "…"} の形で指定してください。'))
                return []
            names.append(name)
    tag_string = params.data.get("tag_string")
    if tag_string is not None:
        if not isinstance(tag_string, str):
            params.error("tag_string", _("文字列で指定してください。"))
            return []
        names += [part.strip() for part in tag_string.split(",") if part.strip()]
    try:
        return clean_tag_names(names)
    except ValidationError as error:
        params.error("tags", " ".join(error.messages))
        return []


def _groups(params: Parameters) -> list[Group]:
    value = params.data.get("groups")
    if value is None:
        return []
    if not isinstance(value, list):
        params.error("groups", _("分類はリストで指定してください。"))
        return []
    found: list[Group] = []
    for item in value:
        key = (item.get("id") or item.get("name")) if isinstance(item, dict) else item
        if not isinstance(key, str) or not key:
            params.error("groups", _('分類は {"name": "…"} の形で指定してください。'))
            continue
        try:
            group = queries.get_group(key)
        except Group.DoesNotExist:
            params.error("groups", _("分類「%(name)s」はありません。") % {"name": key[:100]})
            continue
        if group not in found:
            found.append(group)
    return found


def _extras(params: Parameters) -> dict[str, Any]:
    value = params.data.get("extras")
    if value is None:
        return {}
    if isinstance(value, dict):
        value = [{"key": key, "value": item} for key, item in value.items()]
    if not isinstance(value, list):
        params.error("extras", _('追加項目は [{"key": …, "value": …}] の形で指定してください。'))
        return {}
    extras: dict[str, Any] = {}
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not item["key"]:
            params.error(
                "extras", _('追加項目は [{"key": …, "value": …}] の形で指定してください。')
            )
            return {}
        if item.get("deleted"):
            continue
        key = item["key"]
        if key in extras:
            params.error("extras_validation", _("項目「%(key)s」が重複しています。") % {"key": key})
        elif key in CORE_KEYS:
            params.error(
                "extras", _("「%(key)s」は追加項目にできません（本来の項目です）。") % {"key": key}
            )
        extras[key] = item.get("value")
    return extras


def _choice(params: Parameters, key: str, allowed: Any, message: str) -> str:
    value = params.text(key)
    if value and value not in allowed:
        params.error(key, message % {"value": value[:60]})
    return value


def dataset_fields(params: Parameters, mode: Mode, current: Dataset | None = None) -> dict:
    """The service fields for ``mode``; per-field errors are left on ``params`` (the
    caller raises them with ``params.check()``, together with the resources' errors)."""
    data = params.data
    fields: dict[str, Any] = {}
    name = _name(params, mode)
    if name is not None:
        fields["name"] = name
    if mode == "create" or params.given("owner_org"):
        organization = _organization(params, mode)
        if organization is not None:
            fields["organization"] = organization
    if _given(data, "title", mode) or mode == "create":
        fields["title"] = (
            params.text("title") or fields.get("name") or (current.name if current else "")
        )
    for key, field in TEXT_FIELDS.items():
        if _given(data, key, mode):
            fields[field] = params.text(key)
    if _given(data, "license_id", mode):
        license_id = _choice(
            params,
            "license_id",
            LICENSE_BY_ID,
            _("ライセンス「%(value)s」は使えません。license_list の id を指定してください。"),
        )
        if license_id:
            fields["license_id"] = license_id
        elif mode == "patch":
            fields["license_id"] = Dataset._meta.get_field("license_id").get_default()
    if _given(data, "frequency", mode):
        fields["frequency"] = _choice(
            params, "frequency", Frequency.values, _("更新頻度「%(value)s」は使えません。")
        )
    for key in DATE_FIELDS:
        if _given(data, key, mode):
            fields[key] = _date(params, key)
    if _given(data, "private", mode):
        fields["private"] = params.boolean("private")
    if params.given("state"):
        state = params.text("state") or DatasetState.ACTIVE
        unchanged = current is not None and state == current.state
        if state not in (DatasetState.ACTIVE, DatasetState.DRAFT) and not unchanged:
            params.error(
                "state", _("状態は active か draft にしてください（削除は package_delete）。")
            )
        fields["state"] = state
    if mode != "patch" or "tags" in data or "tag_string" in data:
        fields["tags"] = _tags(params)
    if mode != "patch" or "groups" in data:
        fields["groups"] = _groups(params)
    if mode != "patch" or "extras" in data:
        fields["extras"] = _extras(params)
    _check_period(params, fields, current if mode == "patch" else None)
    if mode == "update" and current is not None:
        for field in ("name", "title", "organization", "private", "state"):
            fields.setdefault(field, getattr(current, field))
    return fields


def _check_period(params: Parameters, fields: dict[str, Any], current: Dataset | None) -> None:
    start = fields.get("temporal_start", current.temporal_start if current else None)
    end = fields.get("temporal_end", current.temporal_end if current else None)
    if start and end and start > end:
        params.error("temporal_end", _("対象期間の終了は開始と同じか後の日付にしてください。"))


def ckan_errors(error: ValidationError, names: dict[str, str] | None = None) -> dict[str, list]:
    """A service's ``ValidationError`` as CKAN's error dict (CKAN's field names)."""
    names = names if names is not None else CKAN_NAMES
    if not hasattr(error, "error_dict"):
        return {"message": list(error.messages)}
    result: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        key = names.get(field, field)
        for item in errors:
            if field == "name" and item.code == "unique":
                messages = [_("この識別名は既に使われています。")]
            else:
                messages = list(item.messages)
            result.setdefault(key, []).extend(messages)
    return result
