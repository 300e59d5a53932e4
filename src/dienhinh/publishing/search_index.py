"""The database objects behind the public search (created by migration 0004_public_search).

PostgreSQL: a text search configuration copied from ``simple`` with ``unaccent`` in front (any
text, folded or not, NFC or NFD, compares without diacritics and with đ→d), an IMMUTABLE
function over it, a stored generated ``tsvector`` column and its GIN index (the stored column
spares computing the vector of every match again to rank it).

SQLite: an FTS5 table over ``Story.search_text``, kept in step by triggers, so it changes in
the same transaction as the story (publish, unpublish, take-down, a bulk load) and can never
drift from it. FTS5 cannot fold đ, which is why the column is folded in Python.

SQLite drops a table's triggers when Django rebuilds the table for a later migration, so
``ensure_index`` runs after every ``migrate`` (publishing.apps) and puts them back.
"""

# The statements are built from this module's constants only (no value from outside).
# ruff: noqa: S608

FTS_TABLE = "publishing_story_fts"

# The order in which the search bounds its matches (publishing.search): the latest published
# first, as one integer both indexes walk from the top: the publication's second (UTC epoch)
# times 2**30, plus the story's id (ids stay under 2**30), so it is unique and the same on
# both databases. On SQLite it is the FTS5 row's rowid (the story's id is its low 30 bits);
# on PostgreSQL an expression index of public stories holds it.
ORDER_SHIFT = 30
ID_MASK = (1 << ORDER_SHIFT) - 1


def _sqlite_order(row: str) -> str:
    # The seconds cut from the text Django writes ("YYYY-MM-DD HH:MM:SS.ffffff", UTC), as
    # PostgreSQL's floor() does: SQLite's date functions round the fraction instead.
    return (
        f"((coalesce(unixepoch(substr({row}.published_at, 1, 19)), 0) << {ORDER_SHIFT}) + {row}.id)"
    )


# IMMUTABLE though extract() on a timestamptz is only STABLE: an epoch does not depend on
# the session's time zone (the date parts would), so an index may hold it.
PG_ORDER_CREATE = [
    f"""CREATE OR REPLACE FUNCTION dienhinh_search_order(published timestamptz, id bigint)
        RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT (coalesce(floor(extract(epoch FROM published)), 0)::bigint
            << {ORDER_SHIFT}) + id $$""",
    """CREATE INDEX IF NOT EXISTS publishing_story_search_order
        ON publishing_story (dienhinh_search_order(published_at, id))
        WHERE state = 'published' AND live_version_id IS NOT NULL""",
]
PG_ORDER_DROP = [
    "DROP INDEX IF EXISTS publishing_story_search_order",
    "DROP FUNCTION IF EXISTS dienhinh_search_order(timestamptz, bigint)",
]
PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dienhinh_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION dienhinh_unaccent (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION dienhinh_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$""",
    """CREATE OR REPLACE FUNCTION dienhinh_search_vector(document text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT to_tsvector('dienhinh_unaccent'::regconfig, coalesce(document, '')) $$""",
    """ALTER TABLE publishing_story ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (dienhinh_search_vector(search_text)) STORED""",
    """CREATE INDEX IF NOT EXISTS publishing_story_search_gin
        ON publishing_story USING gin (search_vector)""",
    *PG_ORDER_CREATE,
]
PG_DROP = [
    *PG_ORDER_DROP,
    "DROP INDEX IF EXISTS publishing_story_search_gin",
    "ALTER TABLE publishing_story DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS dienhinh_search_vector(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS dienhinh_unaccent",
]

# prefix: indexes of every word's first 1 to 4 letters, so that the last word typed (matched
# as a prefix: "ph", "sang") reads one list instead of merging those of every word it starts
# (migration 0009; about 40 ms against 0.3 ms for "ph" at 50,000 stories).
SQLITE_TABLE = """CREATE VIRTUAL TABLE IF NOT EXISTS publishing_story_fts USING fts5(
    search_text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4')"""
SQLITE_TRIGGERS = {
    "publishing_story_fts_insert": f"""CREATE TRIGGER IF NOT EXISTS publishing_story_fts_insert
        AFTER INSERT ON publishing_story WHEN new.search_text <> '' BEGIN
            INSERT INTO publishing_story_fts (rowid, search_text)
                VALUES ({_sqlite_order("new")}, new.search_text);
        END""",
    # A new publication date moves the row to its new place in the order.
    "publishing_story_fts_update": f"""CREATE TRIGGER IF NOT EXISTS publishing_story_fts_update
        AFTER UPDATE OF search_text, published_at ON publishing_story
        WHEN new.search_text IS NOT old.search_text
            OR new.published_at IS NOT old.published_at BEGIN
            DELETE FROM publishing_story_fts WHERE rowid = {_sqlite_order("old")};
            INSERT INTO publishing_story_fts (rowid, search_text)
                SELECT {_sqlite_order("new")}, new.search_text WHERE new.search_text <> '';
        END""",
    "publishing_story_fts_delete": f"""CREATE TRIGGER IF NOT EXISTS publishing_story_fts_delete
        AFTER DELETE ON publishing_story BEGIN
            DELETE FROM publishing_story_fts WHERE rowid = {_sqlite_order("old")};
        END""",
}
SQLITE_REBUILD = [
    "DELETE FROM publishing_story_fts",
    f"""INSERT INTO publishing_story_fts (rowid, search_text)
        SELECT {_sqlite_order("publishing_story")}, search_text FROM publishing_story
        WHERE search_text <> ''""",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS publishing_story_fts",
]


def create(execute, vendor: str) -> None:
    if vendor == "postgresql":
        for statement in PG_CREATE:
            execute(statement)
    elif vendor == "sqlite":
        for statement in [SQLITE_TABLE, *SQLITE_TRIGGERS.values(), *SQLITE_REBUILD]:
            execute(statement)


def drop(execute, vendor: str) -> None:
    for statement in {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        execute(statement)


def order_by_publication(execute, vendor: str) -> None:
    """Migration 0011: the search's order by publication (see ORDER_SHIFT)."""
    if vendor == "postgresql":
        for statement in PG_ORDER_CREATE:
            execute(statement)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            execute(f"DROP TRIGGER IF EXISTS {name}")
        rebuild_sqlite_table(execute)


def rebuild_sqlite_table(execute) -> None:
    """Make the FTS5 table again with the current options, refilled from the stories."""
    execute("DROP TABLE IF EXISTS publishing_story_fts")
    for statement in [SQLITE_TABLE, *SQLITE_TRIGGERS.values(), *SQLITE_REBUILD]:
        execute(statement)


def ensure_index(connection) -> bool:
    """On SQLite, put back the FTS5 triggers (and refill the table) when a table rebuild
    dropped them; returns whether anything was missing. Nothing to do elsewhere."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
            "AND (name = %s OR name LIKE 'publishing_story_fts_%%')",
            [FTS_TABLE],
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in present or set(SQLITE_TRIGGERS) <= present:
            return False  # not migrated that far yet, or nothing missing
        for statement in [SQLITE_TABLE, *SQLITE_TRIGGERS.values(), *SQLITE_REBUILD]:
            cursor.execute(statement)
    return True
