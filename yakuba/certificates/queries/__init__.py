"""Reads of the certificates module, one file per part, each scoped to a user."""
