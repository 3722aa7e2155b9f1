"""The indexes of the search tables, per database:

- PostgreSQL: the pg_trgm extension, a GIN index on the documents' tsvector (full-text
  search) and a GIN trigram index on the words (corrections of misspelt words).
- SQLite: an FTS5 table with the trigram tokenizer over the documents' index text,
  kept in step with the documents by triggers.

Each part runs only on its own database; the models' state is unchanged.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (search_vector)",
    "CREATE INDEX search_word_trigram_gin ON search_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_word_trigram_gin",
    "DROP INDEX IF EXISTS search_document_vector_gin",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        a_text, b_text, c_text, content='search_searchdocument', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER search_fts_after_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, a_text, b_text, c_text) VALUES (new.id, new.a_text, new.b_text, new.c_text);
    END""",
    """CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, a_text, b_text, c_text)
        VALUES ('delete', old.id, old.a_text, old.b_text, old.c_text);
    END""",
    """CREATE TRIGGER search_fts_after_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, a_text, b_text, c_text)
        VALUES ('delete', old.id, old.a_text, old.b_text, old.c_text);
        INSERT INTO search_fts(rowid, a_text, b_text, c_text) VALUES (new.id, new.a_text, new.b_text, new.c_text);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # Runs on PostgreSQL only (Django skips it on other databases).
        TrigramExtension(),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
