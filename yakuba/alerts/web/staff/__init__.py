"""Staff pages of the alerts module (mounted at /staff/alerts/, namespace ``console:alerts``).

Views are thin: forms parse, :mod:`yakuba.alerts.services.compose` and
:mod:`yakuba.alerts.services.settings` write, :mod:`.queries` reads.  No page shows a
subscriber's address: the delivery dashboard shows counts only.
"""
