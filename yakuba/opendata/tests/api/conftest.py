"""Fixtures of the Action API tests: a small catalogue, staff with tokens, a caller."""

from __future__ import annotations

import pytest

from yakuba.opendata.services.tokens import create_token

from ..factories import add_csv, make_dataset, make_group, make_organization, staff_in


@pytest.fixture(autouse=True)
def _steady_rate_limit_window(monkeypatch):
    """django-ratelimit counts per clock window; a test's burst must not straddle two."""
    import time
    import types

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture
def catalogue(db):
    """Two publishers (防災安全課 ``bosai``, 文化振興課 ``bunka``), one category, five
    datasets: three public, one private (bunka), one draft (bosai)."""
    bosai = make_organization("bosai-ka", department_code="bosai", title="防災安全課")
    bunka = make_organization("bunka-ka", department_code="bunka", title="文化振興課")
    disaster = make_group("disaster", title="防災", title_en="Disaster prevention")
    shelters = make_dataset(
        organization=bosai,
        name="shelters",
        title="指定緊急避難場所一覧",
        tags=["防災", "避難"],
        groups=[disaster],
    )
    csv = add_csv(staff_in("bosai"), shelters, b"name,lat\nA,35.7\n", "shelters.csv")
    aed = make_dataset(organization=bosai, name="aed", title="AED設置箇所一覧", tags=["防災"])
    halls = make_dataset(
        organization=bunka, name="halls", title="公共施設一覧", license_id="cc-zero"
    )
    hidden = make_dataset(organization=bunka, name="hidden", title="非公開の計画", private=True)
    draft = make_dataset(organization=bosai, name="draft-plan", title="下書き", state="draft")
    return {
        "bosai": bosai,
        "bunka": bunka,
        "disaster": disaster,
        "shelters": shelters,
        "csv": csv,
        "aed": aed,
        "halls": halls,
        "hidden": hidden,
        "draft": draft,
    }


@pytest.fixture
def bosai_operator(db):
    return staff_in("bosai", "operator")


@pytest.fixture
def secret(bosai_operator) -> str:
    """An API token of a 防災安全課 operator."""
    return create_token(bosai_operator, name="テスト")[1]


@pytest.fixture
def bunka_secret(db) -> str:
    return create_token(staff_in("bunka", "operator"), name="文化")[1]
