"""Citizen portal shell: home with the service catalogue, マイページ, policy pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from yakuba.core.privacy_register import all_files
from yakuba.core.registries import ServiceEntry, mypage_cards, service_catalogue
from yakuba.identity.decorators import citizen_required

# Dates shown on the policy pages; change them when the policy text changes.
ACCESSIBILITY_POLICY_DATE = datetime.date(2026, 11, 25)
PRIVACY_POLICY_DATE = datetime.date(2026, 11, 25)


@dataclass
class Category:
    """Catalogue entries of one category, in registration order."""

    title: str | Promise
    entries: list[ServiceEntry] = field(default_factory=list)


def catalogue_by_category() -> list[Category]:
    """Registered services grouped by category; categories ordered by their first entry."""
    categories: dict[str, Category] = {}
    for entry in service_catalogue.all():
        key = str(entry.category)
        categories.setdefault(key, Category(entry.category)).entries.append(entry)
    return list(categories.values())


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"categories": catalogue_by_category()})


@citizen_required
def mypage(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/mypage.html", {"cards": mypage_cards.all()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {"policy_date": ACCESSIBILITY_POLICY_DATE})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"policy_date": PRIVACY_POLICY_DATE})


def privacy_files(request: HttpRequest) -> HttpResponse:
    """The public 個人情報ファイル簿: every file of personal data the city holds here."""
    return render(request, "portal/privacy_files.html", {"files": all_files()})
