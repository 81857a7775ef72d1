"""The full-text index over SearchEntry.terms: FTS5 on SQLite, a stored tsvector with a GIN index on PostgreSQL.

The SQLite index is an external-content FTS5 table kept in step with interviews_searchentry by
triggers, so application code only writes SearchEntry rows through the ORM.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE interviews_searchentry_fts USING fts5(
        terms, content='interviews_searchentry', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER interviews_searchentry_ai AFTER INSERT ON interviews_searchentry BEGIN
        INSERT INTO interviews_searchentry_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
    """CREATE TRIGGER interviews_searchentry_ad AFTER DELETE ON interviews_searchentry BEGIN
        INSERT INTO interviews_searchentry_fts(interviews_searchentry_fts, rowid, terms)
        VALUES ('delete', old.id, old.terms);
    END""",
    """CREATE TRIGGER interviews_searchentry_au AFTER UPDATE ON interviews_searchentry BEGIN
        INSERT INTO interviews_searchentry_fts(interviews_searchentry_fts, rowid, terms)
        VALUES ('delete', old.id, old.terms);
        INSERT INTO interviews_searchentry_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
    "INSERT INTO interviews_searchentry_fts(interviews_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS interviews_searchentry_ai",
    "DROP TRIGGER IF EXISTS interviews_searchentry_ad",
    "DROP TRIGGER IF EXISTS interviews_searchentry_au",
    "DROP TABLE IF EXISTS interviews_searchentry_fts",
]
# A stored tsvector (generated, so the ORM never writes it) lets ts_rank read it instead of re-parsing terms.
POSTGRES_CREATE = [
    "ALTER TABLE interviews_searchentry ADD COLUMN terms_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED",
    "CREATE INDEX interviews_searchentry_terms_gin ON interviews_searchentry USING gin (terms_tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS interviews_searchentry_terms_gin",
    "ALTER TABLE interviews_searchentry DROP COLUMN IF EXISTS terms_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("interviews", "0005_search_entry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
