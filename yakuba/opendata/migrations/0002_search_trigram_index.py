"""On PostgreSQL, trigram GIN indexes (``pg_trgm``) on the search texts, so the catalogue's
substring search (``search_text LIKE '%…%'``) stays fast with tens of thousands of datasets.
SQLite scans (the embedded demo has a few dozen datasets)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS opendata_dataset_search_trgm ON opendata_dataset "
    "USING gin (search_text gin_trgm_ops);",
    "CREATE INDEX IF NOT EXISTS opendata_dataset_title_trgm ON opendata_dataset "
    "USING gin (search_title gin_trgm_ops);",
]
BACKWARD = [
    "DROP INDEX IF EXISTS opendata_dataset_title_trgm;",
    "DROP INDEX IF EXISTS opendata_dataset_search_trgm;",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
