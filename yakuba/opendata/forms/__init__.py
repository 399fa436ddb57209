"""Forms of the catalogue pages: the public search, and the staff editing of datasets,
resources, publishers and categories (one file per part)."""
