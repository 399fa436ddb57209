from .booking import ACTIVE_STATES, Booking, BookingState
from .facility import Facility, FacilityKind, Room

__all__ = ["ACTIVE_STATES", "Booking", "BookingState", "Facility", "FacilityKind", "Room"]
