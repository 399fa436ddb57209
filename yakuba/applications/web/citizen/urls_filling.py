"""Citizen URLs of the filling part (mounted at /apply/forms/, ``portal:applications``).

Page keys follow the field-key pattern (lower-case letters, digits, ``_``), so the fixed
steps use names with a hyphen that no page key can take.  ``<procedure>/start/`` comes
first: a procedure code could look like a draft key.
"""

from __future__ import annotations

from django.urls import path, register_converter

from . import filling, filling_review


class DraftKeyConverter:
    regex = r"[A-Za-z0-9_-]{20,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PageKeyConverter:
    regex = r"[a-z][a-z0-9_]{0,39}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DraftKeyConverter, "filling_draft_key")
register_converter(PageKeyConverter, "filling_page_key")

urlpatterns = [
    path("<slug:procedure_code>/start/", filling.filling_start, name="filling_start"),
    path("<filling_draft_key:draft_key>/", filling.filling_resume, name="filling_resume"),
    path(
        "<filling_draft_key:draft_key>/check-answers/",
        filling_review.filling_review,
        name="filling_review",
    ),
    path(
        "<filling_draft_key:draft_key>/send-application/",
        filling_review.filling_submit,
        name="filling_submit",
    ),
    path(
        "<filling_draft_key:draft_key>/application-complete/",
        filling_review.filling_done,
        name="filling_done",
    ),
    path(
        "<filling_draft_key:draft_key>/<filling_page_key:page_key>/",
        filling.filling_page,
        name="filling_page",
    ),
]
