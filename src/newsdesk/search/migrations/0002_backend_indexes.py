"""The backend's own index: an FTS5 table kept in step by triggers on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, standfirst, body, extra,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, headline, standfirst, body, extra)
        VALUES (new.article_id, new.headline, new.standfirst, new.body, new.extra);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, standfirst, body, extra)
        VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body, old.extra);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, standfirst, body, extra)
        VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body, old.extra);
        INSERT INTO search_fts(rowid, headline, standfirst, body, extra)
        VALUES (new.article_id, new.headline, new.standfirst, new.body, new.extra);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = ["CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)"]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_document_vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
