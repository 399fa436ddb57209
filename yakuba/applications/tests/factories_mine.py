"""Builders of the マイページ part's tests: a resident with an emulated My Number card and
the citizen account linked to it, card-level procedures and drafts (test data only)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from yakuba.applications.models import IdentityLevel, Status, Submission
from yakuba.applications.tests.factories import make_procedure, make_submission

SIGN_PIN = "ABC123"
AUTH_PIN = "1234"


@pytest.fixture
def jpki_dir(tmp_path, settings):
    """Each test its own emulated CA (created on first use) in a temporary directory."""
    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_PUBLIC_BASE_URL = "https://www.city.example.lg.jp"
    return settings.YAKUBA_JPKI_DIR


def resident(family_name: str = "村山", given_name: str = "花子", **fields: Any):
    from yakuba.residents.tests.factories import PersonFactory

    values = {
        "family_name": family_name,
        "given_name": given_name,
        "family_name_kana": "ムラヤマ",
        "given_name_kana": "ハナコ",
        "sex": "female",
        "birth_date": datetime.date(1980, 4, 2),
    }
    values.update(fields)
    return PersonFactory(**values)


def link(user, person) -> None:
    from yakuba.residents.models import CitizenLink

    CitizenLink.objects.create(user=user, person=person, method=CitizenLink.Method.COUNTER)


def issue_card(person, **options):
    """``person``'s card with both certificates (P-256: fast); returns jpki's IssuedCard."""
    from yakuba.jpki.services import issue_card as jpki_issue_card

    options.setdefault("auth_pin", AUTH_PIN)
    options.setdefault("sign_pin", SIGN_PIN)
    options.setdefault("key_algorithm", "p256")
    return jpki_issue_card(None, person.pk, **options)


def citizen_with_card(email: str = "hanako@example.jp", display_name: str = "村山 花子", **person):
    """(account, person, issued card): a citizen linked to a resident holding a card."""
    from yakuba.identity.tests.factories import CitizenFactory

    user = CitizenFactory(email=email, display_name=display_name)
    holder = resident(**person)
    link(user, holder)
    return user, holder, issue_card(holder)


def card_procedure(**fields: Any):
    return make_procedure(identity_level=IdentityLevel.CARD, **fields)


def draft_of(procedure, applicant, **fields: Any) -> Submission:
    fields.setdefault("person_id", None)
    return make_submission(procedure, applicant=applicant, status=Status.DRAFT, **fields)
