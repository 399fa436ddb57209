"""What the alerts module registers on shared screens: citizen side and staff side."""

from . import registrations_citizen, registrations_staff  # noqa: F401
