"""Loopback stand-ins for the outside world, used by tests and benchmarks (never by production)."""
