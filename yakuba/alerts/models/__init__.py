from .alert import Alert, AlertEvent, AlertStatus, CapStatus, MsgType, Source
from .category import AlertTemplate, Category
from .delivery import Delivery, DeliveryState
from .subscriber import Channel, Endpoint, Subscriber, SubscriberArea

__all__ = [
    "Alert",
    "AlertEvent",
    "AlertStatus",
    "AlertTemplate",
    "CapStatus",
    "Category",
    "Channel",
    "Delivery",
    "DeliveryState",
    "Endpoint",
    "MsgType",
    "Source",
    "Subscriber",
    "SubscriberArea",
]
