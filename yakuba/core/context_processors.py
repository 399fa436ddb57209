"""Template context shared by every page."""

from django.http import HttpRequest

from .services import get_municipality, serves_citizens, serves_staff


def municipality(request: HttpRequest) -> dict:
    return {
        "municipality": get_municipality(),
        "serves_citizens": serves_citizens(),
        "serves_staff": serves_staff(),
    }
