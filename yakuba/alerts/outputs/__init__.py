"""Public outputs of the alerts module: the public pages' reads, CAP 1.2, Atom 1.0 and JSON.

Everything here reads only alerts that were sent (status ``sending`` or ``sent``):
see :mod:`yakuba.alerts.outputs.queries`.
"""
