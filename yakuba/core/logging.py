"""Request-id propagation for logs.

The request id is taken from a trusted ``X-Request-ID`` header (set by nginx)
or generated, stored in a context variable, echoed in the response and attached
to every log record by :class:`RequestIdFilter`.
"""

from __future__ import annotations

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record so the JSON formatter can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# Record attributes through which a task queue would copy a task's arguments
# (RQ's worker logs failures with extra={"func", "arguments", "kwargs"}).  Task
# arguments can be e-mail addresses, names or message bodies: never log them.
TASK_ARGUMENT_ATTRIBUTES = ("arguments", "kwargs")


class DropTaskArgumentsFilter(logging.Filter):
    """Removes task arguments from records before a handler formats them."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name in TASK_ARGUMENT_ATTRIBUTES:
            record.__dict__.pop(name, None)
        return True
