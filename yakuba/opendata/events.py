"""Signals the open data module sends (after commit).

``dataset_changed``: a dataset or one of its resources was created, changed or deleted.
    kwargs: ``dataset_id`` (str UUID), ``action`` (``create``, ``update``, ``patch``,
    ``delete``, ``resource_create``, ``resource_update``, ``resource_delete``,
    ``regenerate``).
"""

from django.dispatch import Signal

dataset_changed = Signal()
