"""The staff menu entry of the API token pages: every staff member with a department role
may hold tokens (``policies.may_hold_tokens``), so the entry has no department."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, staff_menu

staff_menu.register(
    MenuEntry(
        key="opendata.tokens",
        title=_("APIトークン"),
        url_name="console:opendata:token_list",
        order=601,
    )
)
