"""Pages of the jpki module: :mod:`.staff` (console) and :mod:`.citizen` (public site)."""
