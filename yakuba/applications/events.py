"""Signals the online applications module sends (always after commit).

``submission_submitted(submission_id)``
    A draft became 受付 (first submission).  Sent by ``services.filling``.
``submission_status_changed(submission_id, from_status, to_status, event_id)``
    Any later status change (staff workflow, the applicant's resubmission or withdrawal),
    and also the first submission (from ``draft`` to ``received``).  ``event_id`` is the
    ``SubmissionEvent`` of the change (its message is what the applicant is told).
    The notification handler e-mails the applicant on each one.
``form_published(form_version_id, procedure_id)``
    A form version was published.
"""

from django.dispatch import Signal

submission_submitted = Signal()
submission_status_changed = Signal()
form_published = Signal()
