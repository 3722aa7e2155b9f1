"""The name vector (PostgreSQL: GIN-indexed, filled by the next `rebuild_search_index`)
and the listing index of broad queries (search.engine)."""

import django.contrib.postgres.search
from django.db import migrations, models


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="name_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["is_sample", "kind", "object_id"], name="search_document_listing"),
        ),
        migrations.RunPython(
            _run(
                {
                    "postgresql": [
                        "CREATE INDEX search_document_name_gin ON search_searchdocument USING gin (name_vector)"
                    ]
                }
            ),
            _run({"postgresql": ["DROP INDEX IF EXISTS search_document_name_gin"]}),
        ),
    ]
