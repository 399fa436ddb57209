"""What the builder part registers: the staff menu entries 「申請フォームの管理」 (admins of a
handling department) and 「電子申請の分類とライフイベント」 (admins of 文書情報課)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, staff_menu

from ..policies import CATALOGUE_DEPARTMENTS, HANDLING_DEPARTMENTS

staff_menu.register(
    MenuEntry(
        key="applications.builder",
        title=_("申請フォームの管理"),
        url_name="console:applications:builder_procedure_list",
        order=510,
        departments=tuple(dict.fromkeys(HANDLING_DEPARTMENTS + CATALOGUE_DEPARTMENTS)),
        minimum_role="admin",
    )
)
staff_menu.register(
    MenuEntry(
        key="applications.catalogue",
        title=_("電子申請の分類とライフイベント"),
        url_name="console:applications:builder_catalogue",
        order=511,
        departments=CATALOGUE_DEPARTMENTS,
        minimum_role="admin",
    )
)
