"""Every write of the online applications module (one file per part)."""
