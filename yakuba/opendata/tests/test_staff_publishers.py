"""Staff pages of publishers and categories: catalogue administrators only; create and edit
through the catalogue service, with field errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.identity.testing import login_staff
from yakuba.opendata.models import Group, Organization

from .factories import (
    catalogue_admin,
    department,
    make_dataset,
    make_group,
    make_organization,
    staff_in,
)

pytestmark = pytest.mark.django_db

V = "console:opendata:"


def url(name: str, *args) -> str:
    return reverse(V + name, args=args)


def state():
    return (
        list(Organization.objects.order_by("name").values()),
        list(Group.objects.order_by("name").values()),
    )


@pytest.mark.parametrize("who", ["anonymous", "operator", "department_admin", "catalogue_admin"])
def test_only_catalogue_admins(client, who):
    make_organization("bosai-ka", department_code="bosai")
    make_group("disaster")
    if who == "operator":
        login_staff(client, staff_in("bunsho", "operator"))
    elif who == "department_admin":
        login_staff(client, staff_in("bosai", "admin"))
    elif who == "catalogue_admin":
        login_staff(client, catalogue_admin())
    before = state()
    pages = [
        url("organization_list"),
        url("organization_new"),
        url("organization_edit", "bosai-ka"),
        url("group_new"),
        url("group_edit", "disaster"),
    ]
    for page in pages:
        response = client.get(page)
        if who == "anonymous":
            assert response.status_code == 302
        elif who == "catalogue_admin":
            assert response.status_code == 200, page
        else:
            assert response.status_code == 403, page
    client.post(url("organization_edit", "bosai-ka"), {"name": "x", "title": "乗っ取り"})
    client.post(url("group_new"), {"name": "evil", "title": "乗っ取り", "order": "0"})
    if who != "catalogue_admin":
        assert state() == before


def test_create_and_edit_a_publisher(client):
    department("bosai", "防災安全課")
    admin = catalogue_admin()
    login_staff(client, admin)
    form = client.get(url("organization_new")).context["form"]
    assert ("bosai", "防災安全課（bosai）") in form.fields["department_code"].choices
    response = client.post(
        url("organization_new"),
        {
            "name": "bosai-ka",
            "title": "防災安全課",
            "title_en": "Disaster Safety Division",
            "department_code": "bosai",
            "email": "bosai@city.example.jp",
        },
    )
    assert response["Location"] == url("organization_list")
    organization = Organization.objects.get()
    assert (organization.title_en, organization.department_code) == (
        "Disaster Safety Division",
        "bosai",
    )
    make_dataset(organization=organization)
    listed = client.get(url("organization_list")).context["organizations"]
    assert [(o.name, o.dataset_count) for o in listed] == [("bosai-ka", 1)]
    response = client.post(
        url("organization_edit", "bosai-ka"),
        {"name": "bosai-ka", "title": "危機管理課", "department_code": "bosai"},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.title == "危機管理課"


def test_publisher_errors_are_shown_on_the_fields(client):
    department("bosai")
    login_staff(client, catalogue_admin())
    response = client.post(
        url("organization_new"), {"name": "Bad Name", "title": "", "department_code": "bosai"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors
    assert "英小文字・数字・「-」「_」の2〜100文字で入力してください。" in errors["name"][0]
    assert not Organization.objects.exists()


def test_create_and_edit_a_category(client):
    login_staff(client, catalogue_admin())
    response = client.post(
        url("group_new"),
        {"name": "disaster", "title": "防災", "title_en": "Disaster prevention", "order": "3"},
    )
    assert response.status_code == 302
    group = Group.objects.get()
    assert (group.title_en, group.order) == ("Disaster prevention", 3)
    response = client.post(url("group_new"), {"name": "disaster", "title": "重複", "order": "0"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert client.get(url("group_edit", "nope")).status_code == 404
