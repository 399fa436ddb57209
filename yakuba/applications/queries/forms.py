"""Reads of form versions shared by the parts (the current published version)."""

from __future__ import annotations

from ..models import FormState, FormVersion


def current_form_version(procedure_id: int) -> FormVersion | None:
    """The procedure's highest published form version (what new applications use)."""
    return (
        FormVersion.objects.filter(procedure_id=procedure_id, state=FormState.PUBLISHED)
        .order_by("-number")
        .first()
    )
