"""The actions the API knows, by CKAN name."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import actions_read as read
from . import actions_write as write


@dataclass(frozen=True)
class Action:
    function: Callable[[read.Call], Any]
    #: CKAN's ``side_effect_free``: GET allowed, CORS allowed, no token needed.
    side_effect_free: bool

    @property
    def help(self) -> str:
        return inspect.getdoc(self.function) or ""


READ_ACTIONS = (
    read.status_show,
    read.package_list,
    read.package_show,
    read.package_search,
    read.current_package_list_with_resources,
    read.organization_list,
    read.organization_show,
    read.group_list,
    read.group_show,
    read.tag_list,
    read.resource_show,
    read.license_list,
    read.help_show,
)
WRITE_ACTIONS = (
    write.package_create,
    write.package_update,
    write.package_patch,
    write.package_delete,
    write.resource_create,
    write.resource_update,
    write.resource_patch,
    write.resource_delete,
)

ACTIONS: dict[str, Action] = {
    **{function.__name__: Action(function, True) for function in READ_ACTIONS},
    **{function.__name__: Action(function, False) for function in WRITE_ACTIONS},
}
