"""staff_required and the console's access rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from yakuba.identity.decorators import staff_required

pytestmark = pytest.mark.django_db


def _verified(user):
    user.is_verified = lambda: True
    return user


def _unverified(user):
    user.is_verified = lambda: False
    return user


def _call(view, user):
    request = RequestFactory().get("/staff/somewhere/")
    request.user = user
    return view(request)


@staff_required
def any_staff(request):
    return HttpResponse("ok")


@staff_required(grants=(("shimin", "approver"),))
def shimin_approvers(request):
    return HttpResponse("ok")


@staff_required(system_admin=True)
def admins_only(request):
    return HttpResponse("ok")


@staff_required(grants=(("kazei", "operator"),), system_admin=True)
def kazei_or_admin(request):
    return HttpResponse("ok")


def test_staff_signed_in_with_password_only_is_sent_to_login(client, clerk_a):
    client.force_login(clerk_a)  # no second factor in this session

    response = client.get(reverse("console:recovery_codes"))

    assert response["Location"] == "/staff/account/login/?next=/staff/account/recovery-codes/"


def test_bare_decorator_admits_every_verified_staff_member(clerk_a, citizen):
    assert _call(any_staff, _verified(clerk_a)).content == b"ok"
    assert _call(any_staff, _unverified(clerk_a)).status_code == 302
    assert _call(any_staff, citizen).status_code == 302


def test_grants_need_the_role(clerk_a, supervisor):
    assert _call(shimin_approvers, _verified(supervisor)).content == b"ok"
    with pytest.raises(PermissionDenied):
        _call(shimin_approvers, _verified(clerk_a))


def test_system_admin_flag(system_admin, clerk_a):
    assert _call(admins_only, _verified(system_admin)).content == b"ok"
    with pytest.raises(PermissionDenied):
        _call(admins_only, _verified(clerk_a))


def test_system_admin_does_not_pass_department_grants(system_admin):
    with pytest.raises(PermissionDenied):
        _call(shimin_approvers, _verified(system_admin))


def test_grants_or_system_admin_either_suffices(system_admin, clerk_b, clerk_a):
    assert _call(kazei_or_admin, _verified(system_admin)).content == b"ok"
    assert _call(kazei_or_admin, _verified(clerk_b)).content == b"ok"
    with pytest.raises(PermissionDenied):
        _call(kazei_or_admin, _verified(clerk_a))


def test_inactive_staff_is_sent_to_login(clerk_a):
    clerk_a.is_active = False

    assert _call(any_staff, _verified(clerk_a)).status_code == 302
