"""Forms of the facilities module, one file per part."""
