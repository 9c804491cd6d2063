"""The vendor-specific half of a full-text query; everything else is shared (services.search).

Each backend turns the query terms into SQL fragments over the entry table aliased
ENTRY_ALIAS: what to join (FROM), the match condition (WHERE) and a relevance score where
bigger is better. The schema behind them is created by migration 0002.
"""

from dataclasses import dataclass, field

from django.db import connection

ENTRY_ALIAS = "zs_entry"
FTS_TABLE = "search_fts"


@dataclass
class MatchSQL:
    from_sql: str
    where_sql: str
    score_sql: str
    from_params: list = field(default_factory=list)
    where_params: list = field(default_factory=list)


class SQLiteBackend:
    """FTS5 MATCH over quoted terms (implicit AND), ranked by bm25 (title weighs most)."""

    vendor = "sqlite"

    @staticmethod
    def match_expression(terms: list[str]) -> str:
        """Every term as an FTS5 string ("" doubles a quote), so no user input is ever read as
        FTS syntax (NEAR, OR, *, -, column filters, parentheses)."""
        return " ".join('"' + term.replace('"', '""') + '"' for term in terms)

    def match(self, entry_table: str, terms: list[str]) -> MatchSQL:
        return MatchSQL(
            from_sql=(
                f"{FTS_TABLE} JOIN {entry_table} AS {ENTRY_ALIAS} "
                f"ON {ENTRY_ALIAS}.id = {FTS_TABLE}.rowid"
            ),
            where_sql=f"{FTS_TABLE} MATCH %s",
            where_params=[self.match_expression(terms)],
            score_sql=f"-bm25({FTS_TABLE}, 10.0, 1.0, 5.0)",
        )

    def rebuild(self) -> None:
        """Re-read every entry into the FTS index (repairs it if it ever drifted)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608


class PostgreSQLBackend:
    """The generated `search_vector` @@ plainto_tsquery('simple', terms), ranked by ts_rank."""

    vendor = "postgresql"

    def match(self, entry_table: str, terms: list[str]) -> MatchSQL:
        return MatchSQL(
            from_sql=(
                f"{entry_table} AS {ENTRY_ALIAS} "
                "CROSS JOIN plainto_tsquery('simple', %s) AS zs_query"
            ),
            from_params=[" ".join(terms)],
            where_sql=f"{ENTRY_ALIAS}.search_vector @@ zs_query",
            score_sql=f"ts_rank({ENTRY_ALIAS}.search_vector, zs_query)",
        )

    def rebuild(self) -> None:
        """Nothing to do: the tsvector is a generated column, always in step with its row."""


_BACKENDS = {"sqlite": SQLiteBackend(), "postgresql": PostgreSQLBackend()}


def current():
    """The backend of the default database."""
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise RuntimeError("full-text search supports SQLite and PostgreSQL only") from None
