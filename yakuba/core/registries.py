"""Screen registries: how modules put entries on shared screens.

``core`` renders whatever is registered and knows nothing about the modules.
Each module registers in its ``AppConfig.ready()``:

* :data:`service_catalogue` — entries on the citizens' home page;
* :data:`mypage_cards` — cards on the citizen's マイページ;
* :data:`staff_panels` — panels on the staff console dashboard;
* :data:`staff_menu` — links in the staff console navigation;
* :data:`person_sections` — sections on the staff page of one resident
  (My Number, card status, …), rendered by the residents module.

Panels and cards are callables receiving the request and returning a context
dict (or ``None`` to hide themselves), paired with a template name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ServiceEntry:
    """One entry of the citizens' service catalogue."""

    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    category: str | Promise
    order: int = 100

    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Panel:
    """A card on マイページ or a panel on the staff dashboard."""

    key: str
    title: str | Promise
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100
    # For staff panels: (department codes, minimum role). Empty: every staff member.
    departments: tuple[str, ...] = ()
    minimum_role: str = "viewer"


@dataclass(frozen=True)
class MenuEntry:
    """A link in the staff console navigation."""

    key: str
    title: str | Promise
    url_name: str
    order: int = 100
    departments: tuple[str, ...] = ()
    minimum_role: str = "viewer"
    system_admin_only: bool = False


@dataclass(frozen=True)
class PersonSection:
    """A section on the staff page of one resident, contributed by another module.

    ``context(request, person_id)`` returns the template context or ``None`` to
    hide the section (for example when the staff member lacks the role).  It
    must not show personal data that the page's own access record does not
    cover: anything more (a clear My Number) goes behind its own purpose form.
    """

    key: str
    title: str | Promise
    template: str
    context: Callable[[HttpRequest, int], dict[str, Any] | None]
    order: int = 100


@dataclass
class Registry[T]:
    """An ordered set of entries keyed by ``key``; re-registering a key replaces it."""

    name: str
    _entries: dict[str, T] = field(default_factory=dict)

    def register(self, entry: T) -> T:
        self._entries[entry.key] = entry  # type: ignore[attr-defined]
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def all(self) -> list[T]:
        return sorted(self._entries.values(), key=lambda e: (e.order, e.key))  # type: ignore[attr-defined]


service_catalogue: Registry[ServiceEntry] = Registry("service_catalogue")
mypage_cards: Registry[Panel] = Registry("mypage_cards")
staff_panels: Registry[Panel] = Registry("staff_panels")
staff_menu: Registry[MenuEntry] = Registry("staff_menu")
person_sections: Registry[PersonSection] = Registry("person_sections")
