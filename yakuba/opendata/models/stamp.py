"""One row whose token changes with every change of the catalogue (datasets, resources,
publishers, categories, tags).  It is written in the same transaction as the change, so
every process reads the same token after commit and a rolled-back change leaves the old
token: the search keeps its counts and facets in the cache under this token
(``search_cache``), exact across processes whatever cache backend they use."""

from __future__ import annotations

from django.db import models


class CatalogueStamp(models.Model):
    #: Always 1: the catalogue has one stamp.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)
    changed = models.DateTimeField()

    class Meta:
        db_table = "opendata_catalogue_stamp"

    def __str__(self) -> str:
        return self.token
