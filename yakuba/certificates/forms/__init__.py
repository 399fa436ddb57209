"""Forms of the certificates module, one file per part."""
