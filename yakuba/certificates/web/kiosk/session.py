"""The kiosk's state in the Django session: one key, one dict, never the PIN.

``{"kiosk": "K0001", "language": "ja", "touched": 1767225600.0, "slot": "<keyed hash>",
"person_id": 42, "card_serial": "…", "kind": "residence", "options": {…}, "copies": 1,
"request_id": "<uuid>", "issuance_id": 7}`` — every key but ``kiosk``, ``language`` and
``touched`` appears once its step is done. :func:`clear` drops the dict (end of the flow,
「最初に戻る」, idle timeout); a one-shot notice for the start screen survives it.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

STATE_KEY = "yakuba_kiosk"
NOTICE_KEY = "yakuba_kiosk_notice"

#: The steps in order, and what each needs in the state before it can be shown.
STEPS = ("card", "pin", "kind", "options", "copies", "confirm", "print", "done")
NEEDS = {
    "card": ("language",),
    "pin": ("language", "slot"),
    "kind": ("language", "person_id"),
    "options": ("language", "person_id", "kind"),
    "copies": ("language", "person_id", "kind", "options"),
    "confirm": ("language", "person_id", "kind", "options", "copies"),
    "print": ("language", "person_id", "issuance_id"),
}


def get(request: HttpRequest) -> dict[str, Any]:
    """The kiosk state (a copy: call :func:`save` to keep changes)."""
    state = request.session.get(STATE_KEY)
    return dict(state) if isinstance(state, dict) else {}


def save(request: HttpRequest, state: dict[str, Any]) -> None:
    state["touched"] = time.time()
    request.session[STATE_KEY] = state


def clear(request: HttpRequest, *, notice: str = "") -> None:
    """Forget the card and every choice; ``notice`` (``timeout`` …) is shown once on the start screen."""
    request.session.pop(STATE_KEY, None)
    if notice:
        request.session[NOTICE_KEY] = notice


def pop_notice(request: HttpRequest) -> str:
    return str(request.session.pop(NOTICE_KEY, "") or "")


def is_idle(state: dict[str, Any], idle_seconds: int, *, now: float | None = None) -> bool:
    touched = state.get("touched")
    if not isinstance(touched, int | float):
        return False
    return (now if now is not None else time.time()) - touched > idle_seconds


def where_to(state: dict[str, Any]) -> str:
    """The step a visitor with this state belongs on: the furthest one whose prerequisites
    are done (``start`` when no language is chosen yet)."""
    if state.get("issuance_id"):
        return "print"
    for step in ("confirm", "copies", "options", "kind", "pin", "card"):
        if all(key in state for key in NEEDS[step]):
            return step
    return "start"


def may_show(state: dict[str, Any], step: str) -> bool:
    """Whether ``step`` may be shown: its prerequisites are done, and nothing is issued yet
    (after issuance only the print step is left: no going back to choose again)."""
    if state.get("issuance_id"):
        return step == "print"
    return all(key in state for key in NEEDS.get(step, ()))


def forget_choices_after(state: dict[str, Any], step: str) -> None:
    """A changed choice drops the request id of the old summary; a changed kind also drops
    its options and copies (they belonged to the other kind)."""
    if step == "kind":
        for key in ("options", "copies", "copies_draft"):
            state.pop(key, None)
    state.pop("request_id", None)
