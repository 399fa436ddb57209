"""Every read of the facilities module, one file per part, scoped to the user."""
