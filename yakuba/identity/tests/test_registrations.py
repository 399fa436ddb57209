"""The identity module's entries in the privacy register and the console menu."""

from __future__ import annotations

from django.urls import reverse

from yakuba.core.privacy_register import all_purposes, get_file
from yakuba.core.registries import staff_menu


def test_citizen_and_staff_account_files_are_registered():
    citizens = get_file("identity.citizen_accounts")
    staff = get_file("identity.staff_accounts")

    assert citizens.readers == (("shimin", "operator"),)
    assert [p.key for p in citizens.purposes] == ["account_support", "account_security"]
    assert [p.key for p in staff.purposes] == ["staff_administration", "account_security"]
    assert not citizens.contains_my_number
    assert {"account_support", "staff_administration"} <= set(all_purposes())


def test_menu_entries_point_at_real_pages():
    entries = {e.key: e for e in staff_menu.all() if e.key.startswith("identity.")}

    assert set(entries) == {"identity.org_units", "identity.staff_list", "identity.recovery_codes"}
    assert reverse(entries["identity.org_units"].url_name) == "/staff/account/org/units/"
    assert entries["identity.staff_list"].departments == ("shokuin",)
    assert entries["identity.staff_list"].minimum_role == "admin"
