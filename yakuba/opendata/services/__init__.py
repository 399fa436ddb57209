"""Every write of the open data catalogue (see the submodules)."""
