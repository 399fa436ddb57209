"""The staff menu marks one link current: the longest matching prefix, so the facilities
home (/staff/facilities/) is not current on the setup pages, which have their own link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from yakuba.identity.testing import login_staff
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_only_the_setup_link_is_current_on_a_setup_page(client):
    unit = OrgUnitFactory(code="bunka", name="文化振興課", name_en="Culture Promotion")
    admin = AssignmentFactory(
        org_unit=unit, role="admin", user__email="bunka@city.example.lg.jp"
    ).user
    login_staff(client, admin)

    page = client.get(reverse("console:facilities:setup_facility_list")).content.decode()

    current = re.findall(r'<a href="([^"]+)" aria-current="page">', page)
    assert current == [reverse("console:facilities:setup_facility_list")]
    assert reverse("console:facilities:operations_home") in page
