"""The national standard datasets (自治体標準オープンデータセット) generated from the city's
modules: column definitions (:mod:`.columns`), file naming and the list of datasets
(:mod:`.definitions`), one generator per dataset, small-cell suppression
(:mod:`.suppression`), and the importer of existing files (:mod:`.importer`).

Writes go through :mod:`yakuba.opendata.services.standard` and
:mod:`yakuba.opendata.services.places`; see ``docs/modules/opendata-standard.md``.
"""
