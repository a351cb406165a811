"""The database's schema, its version, and how a database moves from one version to the next.

Migration path (the rules every release keeps):

- ``schema_version`` holds one row, the version the database is at. Version 0 is an empty
  file. :data:`MIGRATIONS` ``[n]`` takes a database from version ``n`` to ``n + 1``; the
  latest version is ``len(MIGRATIONS)``.
- A migration is appended, never edited once released. It runs in the same ``BEGIN
  IMMEDIATE`` transaction that bumps the version, so a database is at one version or the
  next, never in between, and of two processes opening an old database at once only one
  migrates (the other sees the new version once the lock is free).
- A database at a higher version than this release knows is refused
  (:class:`~numbering_async.errors.SchemaVersionError`) and never written to: an older
  ``numbering_async`` cannot know what the newer one relies on.
- A file with tables but no ``schema_version`` is not ours, and is refused too.

Version 1 (the first release)::

    scans         id, taken_at (ISO 8601 UTC), label, level, queries_key, queries (JSON)
    scan_sources  one per provider of a scan: position, provider, sandbox, seed, day, totals
    scan_rows     one per coverage row: query index, source position, npa, nxx, locality,
                  state, count (WITHOUT ROWID, clustered by scan)
    scan_failures one per failed (query, provider): error type and message

Queries and rows are written compactly (:mod:`numbering_async.history._codec`): a 50,000-row
scan takes about 45 bytes a row, queries included (``python -m benchmarks.history_save``).
"""

from __future__ import annotations

from typing import Final

import aiosqlite

from numbering_async.errors import HistoryError, SchemaVersionError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

_V1: Final = """
CREATE TABLE scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at TEXT NOT NULL,
    label TEXT NOT NULL,
    level TEXT NOT NULL,
    queries_key TEXT NOT NULL,
    queries TEXT NOT NULL
);
CREATE INDEX scans_by_queries ON scans (queries_key, id);
CREATE INDEX scans_by_time ON scans (taken_at);
CREATE TABLE scan_sources (
    scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    provider TEXT NOT NULL,
    sandbox INTEGER NOT NULL,
    seed INTEGER,
    day INTEGER,
    total INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (scan_id, position)
) WITHOUT ROWID;
CREATE TABLE scan_rows (
    scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    query INTEGER NOT NULL,
    source INTEGER NOT NULL,
    npa TEXT,
    nxx TEXT,
    locality TEXT,
    state TEXT,
    count INTEGER NOT NULL,
    PRIMARY KEY (scan_id, seq)
) WITHOUT ROWID;
CREATE TABLE scan_failures (
    scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    query INTEGER NOT NULL,
    source INTEGER NOT NULL,
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (scan_id, query, source)
) WITHOUT ROWID;
"""

MIGRATIONS: Final[tuple[str, ...]] = (_V1,)
"""``MIGRATIONS[n]``: the SQL that takes a database from version ``n`` to ``n + 1``."""

SCHEMA_VERSION: Final = len(MIGRATIONS)
"""The version this release writes."""


async def _version(db: aiosqlite.Connection, name: str) -> int:
    """The database's version; 0 for an empty file."""
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cursor:
        tables = {row[0] async for row in cursor}
    if "schema_version" not in tables:
        if tables - {"sqlite_sequence"}:
            raise HistoryError(f"{name} is not a numbering-async scan database")
        return 0
    async with db.execute("SELECT version FROM schema_version") as cursor:
        row = await cursor.fetchone()
    if row is None or not isinstance(row[0], int):
        raise HistoryError(f"{name} has no schema version: not a scan database, or damaged")
    return row[0]


def _refuse_newer(version: int, name: str) -> None:
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{name} is at schema version {version}, newer than this numbering_async knows "
            f"({SCHEMA_VERSION}): upgrade numbering_async to read it"
        )


async def migrate(db: aiosqlite.Connection, name: str) -> int:
    """Bring ``db`` (in autocommit mode) to :data:`SCHEMA_VERSION`; return the version it was at.

    Raises :class:`~numbering_async.errors.SchemaVersionError` for a newer database and
    :class:`~numbering_async.errors.HistoryError` for a file that is not a scan database.
    """
    found = await _version(db, name)
    _refuse_newer(found, name)
    if found == SCHEMA_VERSION:
        return found
    await db.execute("BEGIN IMMEDIATE")
    try:
        version = await _version(db, name)  # another process may have migrated meanwhile
        _refuse_newer(version, name)
        if version == 0:
            await db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            await db.execute("INSERT INTO schema_version VALUES (0)")
        for step in MIGRATIONS[version:]:
            for statement in filter(str.strip, step.split(";")):
                await db.execute(statement)
        await db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        await db.commit()
    except BaseException:
        await db.rollback()
        raise
    return found
