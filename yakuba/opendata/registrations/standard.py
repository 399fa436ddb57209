"""The staff menu entry of the standard datasets' pages (the staff-kept tables of shelters
and AEDs, regeneration): open to every staff member with a department role
(``policies.may_use_staff_pages``); changing needs the publishing department's role."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, staff_menu

staff_menu.register(
    MenuEntry(
        key="opendata.standard",
        title=_("標準データセット"),
        url_name="console:opendata:standard_list",
        order=602,
    )
)
