"""The full-text index over SearchEntry's segmented columns, per database vendor.

SQLite: an external-content FTS5 table `search_fts` (rowid = entry id) kept in sync by
triggers. PostgreSQL: a generated, weighted `tsvector` column (config 'simple', the text is
already segmented by jieba) with a GIN index. The SQL is spelled out here, not imported, so
this migration keeps doing what it did when the code around it changes.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, keyword_terms,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_after_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms, keyword_terms)
        VALUES (new.id, new.title_terms, new.body_terms, new.keyword_terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, keyword_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms, old.keyword_terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_after_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, keyword_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms, old.keyword_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms, keyword_terms)
        VALUES (new.id, new.title_terms, new.body_terms, new.keyword_terms);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_after_update",
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TRIGGER IF EXISTS search_fts_after_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('simple'::regconfig, keyword_terms), 'B')
        || setweight(to_tsvector('simple'::regconfig, body_terms), 'D')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, direction):
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError("full-text search supports SQLite and PostgreSQL only")
    for statement in statements[direction]:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def backward(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(forward, backward)]
