"""What the records pages share: breadcrumbs and the link to the residents' person page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ...services.records import REGISTER_PURPOSE


def person_page_url(person_id: int) -> str:
    """The residents' person page, opened for the purpose these pages read the register for."""
    query = urlencode({"purpose": REGISTER_PURPOSE})
    return f"{reverse('console:person_detail', args=[person_id])}?{query}"


def full_name(person: Any) -> str:
    return f"{person.family_name} {person.given_name}"


def seal_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("印鑑登録"), reverse("console:certificates:records_seal_list")), *items]


def tax_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("課税・所得"), reverse("console:certificates:records_tax_search")), *items]


def support_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("支援措置"), reverse("console:certificates:records_support_list")), *items]
