"""Settings pages: which categories need approval, and templates (add, edit, delete)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yakuba.alerts.models import AlertTemplate, Category
from yakuba.alerts.services import settings as settings_service
from yakuba.identity.testing import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(bosai):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=bosai, role="admin", user__email="admin.bosai@city.example.lg.jp"
    ).user


def template_data(category, **overrides) -> dict:
    data = {
        "category": category.pk,
        "name": "不審者情報（テスト）",
        "event": "不審者",
        "severity": "Moderate",
        "urgency": "Expected",
        "certainty": "Likely",
        "title_ja": "不審者情報",
        "body_ja": "〇〇付近で不審者が目撃されました。",
        "title_en": "",
        "body_en": "",
        "title_easy": "",
        "body_easy": "",
    }
    data.update(overrides)
    return data


def test_approval_flags_are_saved(client, categories, admin):
    login_staff(client, admin)
    flags = {f"approval_{c.pk}": "on" for c in categories.values() if c.code != "bosai"}
    response = client.post(reverse("console:alerts:settings"), flags)
    assert response.status_code == 302
    values = dict(Category.objects.values_list("code", "requires_approval"))
    assert values.pop("bosai") is False and set(values.values()) == {True}


def test_only_settings_admins_may_change_flags(categories, composer):
    with pytest.raises(PermissionDenied):
        settings_service.set_approval_flags(composer, {categories["bosai"].pk: False})
    assert Category.objects.get(code="bosai").requires_approval is True


def test_template_add_edit_delete(client, categories, admin):
    login_staff(client, admin)
    bohan = next(iter(categories.values()))
    seeded = AlertTemplate.objects.count()
    response = client.post(reverse("console:alerts:template_new"), template_data(bohan))
    assert response.status_code == 302
    template = AlertTemplate.objects.get(name="不審者情報（テスト）")
    # a second one of the same name in the same category: a message, not a 500
    response = client.post(reverse("console:alerts:template_new"), template_data(bohan))
    assert response.status_code == 200
    assert "同じ配信分類に同じ名前" in response.content.decode(), response.context["form"].errors
    # English title without a body: refused with a message
    url = reverse("console:alerts:template_edit", args=[template.pk])
    response = client.post(url, template_data(bohan, title_en="Suspicious person"))
    assert "body_en" in response.context["form"].errors
    client.post(url, template_data(bohan, title_ja="不審者の目撃情報"))
    template.refresh_from_db()
    assert template.title_ja == "不審者の目撃情報"
    client.post(url, {"delete": "1"})
    assert AlertTemplate.objects.count() == seeded
    assert "不審者の目撃情報" not in client.get(reverse("console:alerts:settings")).content.decode()


def test_template_form_bad_input(client, categories, admin):
    login_staff(client, admin)
    response = client.post(reverse("console:alerts:template_new"), {"name": ""})
    assert response.status_code == 200
    assert {"category", "name", "title_ja", "body_ja"} <= set(response.context["form"].errors)
    assert not AlertTemplate.objects.filter(name="").exists()
