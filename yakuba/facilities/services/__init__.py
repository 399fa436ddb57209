"""Every write of the facilities module.  Import from the submodules or from here."""

from .booking import MAX_LENGTH, SlotTaken, book_room, cancel_booking
from .fees import FeeNotSet, FeeQuote, quote_fee, schedule_on, user_class_for
from .reservations import require_valid_registration, reserve
from .slots import Slot, day_slots, first_come_opens_at, frames_range, lottery_window, room_slots

__all__ = [
    "MAX_LENGTH",
    "FeeNotSet",
    "FeeQuote",
    "Slot",
    "SlotTaken",
    "book_room",
    "cancel_booking",
    "day_slots",
    "first_come_opens_at",
    "frames_range",
    "lottery_window",
    "quote_fee",
    "require_valid_registration",
    "reserve",
    "room_slots",
    "schedule_on",
    "user_class_for",
]
