"""Signals the facilities module sends (after commit).

``booking_created(booking_id)``
    A booking was inserted (any kind).
``slot_freed(booking_id, room_id, starts_at, ends_at)``
    An active booking was cancelled or expired, so its time is free again; the
    waitlist offers it to the next person waiting.
``lottery_drawn(round_id)``
    A lottery round was drawn; results are to be notified.
"""

from django.dispatch import Signal

booking_created = Signal()
slot_freed = Signal()
lottery_drawn = Signal()
