"""The scan store: saved scans in one SQLite file, through ``aiosqlite``, in WAL mode."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

import aiosqlite

from numbering_async.coverage import CoverageQuery
from numbering_async.errors import HistoryError, InvalidRequestError, ScanNotFoundError
from numbering_async.history._codec import (
    decode_queries,
    encode_queries,
    results_from,
    row_values,
)
from numbering_async.history._diff import ScanDiff, diff_scans
from numbering_async.history._model import (
    Provenance,
    ResultLike,
    SavedFailure,
    SavedScan,
    ScanSummary,
    label_for,
)
from numbering_async.history._schema import migrate
from numbering_async.pagination import AsyncPaginator, one_page

__all__ = ["DB_ENV", "ScanStore", "default_path"]

DB_ENV: Final = "NUMBERING_ASYNC_DB"
"""The environment variable that names the database file."""
_APP: Final = "numbering-async"
_FILE: Final = "scans.sqlite3"
_LOCKED_WAIT: Final = 30.0
_RETRY_PAUSE: Final = 0.05


def default_path() -> Path:
    """``$NUMBERING_ASYNC_DB``, or ``scans.sqlite3`` in the user's data folder."""
    named = os.environ.get(DB_ENV)
    if named:
        return Path(named)
    import platformdirs

    return platformdirs.user_data_path(_APP) / _FILE


def _failure(error: object) -> SavedFailure:
    if isinstance(error, SavedFailure):
        return error
    return SavedFailure(type(error).__name__, " ".join(str(error).split()))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise InvalidRequestError("taken_at", "give an aware datetime (with a time zone)")
    return moment.astimezone(UTC)


@contextlib.contextmanager
def _one_line(name: str, waited: float) -> Iterator[None]:
    """SQLite errors as :class:`HistoryError` naming the file, in one line."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise HistoryError(
                f"{name} is locked by another process (waited {waited:g} s)"
            ) from None
        raise HistoryError(f"{name}: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{name} is not a scan database, or is damaged ({exc})") from None


class ScanStore:
    """Saved scans in one SQLite file. Open it with ``async with ScanStore(path) as store``.

    ``path`` defaults to :func:`default_path`. The file and its folder are made when missing;
    the database is put in WAL mode (readers never wait for a writer) and migrated to the
    current schema. Every write is one transaction: a scan is saved whole or not at all,
    even when the task saving it is cancelled (the save finishes, then the cancellation goes
    on). Several processes may write to one file: a writer waits up to ``timeout`` seconds
    for another to finish. Every database problem (a locked, damaged or newer file) is a
    :class:`~numbering_async.errors.HistoryError` whose message names the file.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, timeout: float = _LOCKED_WAIT
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout
        self._db: aiosqlite.Connection | None = None

    def __repr__(self) -> str:
        return f"ScanStore({str(self.path)!r})"

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def open(self) -> None:
        """Open (and create or migrate) the database; ``async with`` calls this."""
        if self._db is not None:
            return
        name = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"cannot make the folder of {name}: {exc.strerror or exc}") from None
        with _one_line(name, self.timeout):
            db = await aiosqlite.connect(self.path, timeout=self.timeout, isolation_level=None)
            try:
                await self._wal(db)
                await db.execute("PRAGMA synchronous = NORMAL")
                await db.execute("PRAGMA foreign_keys = ON")
                await migrate(db, name)
            except BaseException:
                await db.close()
                raise
        self._db = db

    async def _wal(self, db: aiosqlite.Connection) -> None:
        """Switch to WAL mode. Changing the journal mode can fail at once as "locked" while
        another process opens the same new file (SQLite's busy wait does not cover it): try
        again for up to ``timeout`` seconds."""
        deadline = asyncio.get_running_loop().time() + self.timeout
        while True:
            try:
                await db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or asyncio.get_running_loop().time() > deadline:
                    raise
            await asyncio.sleep(_RETRY_PAUSE)

    async def aclose(self) -> None:
        """Close the database (idempotent)."""
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise HistoryError(f"{self.path} is not open: use `async with ScanStore(...)`")
        return self._db

    # -- writing ---------------------------------------------------------------------------

    async def save(
        self,
        results: Iterable[ResultLike],
        *,
        sources: Sequence[Provenance] | None = None,
        label: str | None = None,
        level: str = "auto",
        taken_at: datetime | None = None,
    ) -> ScanSummary:
        """Save a finished scan (the list :func:`~numbering_async.bulk_coverage` returns).

        ``sources`` says where each provider's answers came from (default: the providers of
        ``results``, as real services). ``label`` describes the scan for people (default: its
        first queries); ``level`` is the grouping it was shown at; ``taken_at`` defaults to now.
        Returns the saved scan's summary, with its new id.
        """
        listed = list(results)
        if not listed:
            raise InvalidRequestError("results", "there is nothing to save: no results")
        queries: dict[int, CoverageQuery] = {}
        for result in listed:
            queries.setdefault(result.query_index, result.query)
        if sorted(queries) != list(range(len(queries))):
            raise InvalidRequestError("results", "some queries have no result: save a whole scan")
        ordered = [queries[index] for index in range(len(queries))]
        providers = list(dict.fromkeys(result.provider for result in listed))
        provenance = {p: Provenance(p) for p in providers}
        for source in sources or ():
            provenance[source.provider] = source
        unknown = sorted(set(provenance) - set(providers))
        if unknown:
            raise InvalidRequestError("sources", f"no results for provider(s) {', '.join(unknown)}")
        moment = _utc(taken_at) if taken_at is not None else datetime.now(UTC)
        task = asyncio.ensure_future(
            self._write(
                listed,
                ordered,
                [provenance[p] for p in providers],
                label or label_for(ordered),
                level,
                moment,
            )
        )
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if not task.cancelled():
                await task  # a started save ends whole; then the cancellation goes on
            raise

    async def _write(
        self,
        results: list[ResultLike],
        queries: list[CoverageQuery],
        sources: list[Provenance],
        label: str,
        level: str,
        taken_at: datetime,
    ) -> ScanSummary:
        position = {source.provider: index for index, source in enumerate(sources)}
        rows: list[tuple[int, int, int, str | None, str | None, str | None, str | None, int]] = []
        failures: list[tuple[int, int, str, str]] = []
        totals = dict.fromkeys(position, 0)
        failed = dict.fromkeys(position, 0)
        row_counts = dict.fromkeys(position, 0)
        for result in results:
            source = position[result.provider]
            if result.error is not None or result.rows is None:
                failure = _failure(result.error)
                failures.append((result.query_index, source, failure.type, failure.message))
                failed[result.provider] += 1
                continue
            for row in result.rows:
                stored = row_values(row, result.query)
                rows.append((len(rows), result.query_index, source, *stored, row.count))
                totals[result.provider] += row.count
            row_counts[result.provider] += len(result.rows)
        text, key = encode_queries(queries)
        db = self._conn()
        with _one_line(str(self.path), self.timeout):
            await db.execute("BEGIN IMMEDIATE")
            try:
                cursor = await db.execute(
                    "INSERT INTO scans (taken_at, label, level, queries_key, queries) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (taken_at.isoformat(), label, level, key, text),
                )
                scan_id = cursor.lastrowid
                assert scan_id is not None  # an INSERT always has one
                await db.executemany(
                    "INSERT INTO scan_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            scan_id,
                            index,
                            s.provider,
                            s.sandbox,
                            s.seed,
                            s.day,
                            totals[s.provider],
                            failed[s.provider],
                            row_counts[s.provider],
                        )
                        for index, s in enumerate(sources)
                    ],
                )
                await db.executemany(
                    "INSERT INTO scan_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(scan_id, *row) for row in rows],
                )
                await db.executemany(
                    "INSERT INTO scan_failures VALUES (?, ?, ?, ?, ?)",
                    [(scan_id, *failure) for failure in failures],
                )
                await db.commit()
            except BaseException:
                await db.rollback()
                raise
        return ScanSummary(
            id=scan_id,
            taken_at=taken_at,
            label=label,
            level=level,
            queries_key=key,
            query_count=len(queries),
            sources=tuple(sources),
            totals=totals,
            failures=failed,
            rows=len(rows),
        )

    # -- reading ---------------------------------------------------------------------------

    async def _summaries(
        self, where: str, args: Sequence[Any], tail: str = ""
    ) -> list[ScanSummary]:
        db = self._conn()
        with _one_line(str(self.path), self.timeout):
            async with db.execute(
                "SELECT id, taken_at, label, level, queries_key, json_array_length(queries) "
                f"FROM scans WHERE {where} ORDER BY id DESC {tail}",
                args,
            ) as cursor:
                scans = await cursor.fetchall()
            if not scans:
                return []
            ids = [scan[0] for scan in scans]
            marks = ",".join("?" * len(ids))
            async with db.execute(
                "SELECT scan_id, provider, sandbox, seed, day, total, failed, rows "
                f"FROM scan_sources WHERE scan_id IN ({marks}) ORDER BY scan_id, position",
                ids,
            ) as cursor:
                sources: dict[int, list[Any]] = {}
                async for row in cursor:
                    sources.setdefault(row[0], []).append(row[1:])
        return [
            ScanSummary(
                id=scan_id,
                taken_at=datetime.fromisoformat(taken_at),
                label=label,
                level=level,
                queries_key=key,
                query_count=count,
                sources=tuple(
                    Provenance(p, bool(sandbox), seed, day)
                    for p, sandbox, seed, day, *_ in sources.get(scan_id, ())
                ),
                totals={s[0]: s[4] for s in sources.get(scan_id, ())},
                failures={s[0]: s[5] for s in sources.get(scan_id, ())},
                rows=sum(s[6] for s in sources.get(scan_id, ())),
            )
            for scan_id, taken_at, label, level, key, count in scans
        ]

    def list(
        self, *, limit: int | None = None, since: datetime | None = None
    ) -> AsyncPaginator[ScanSummary]:
        """Saved scans, newest first: at most ``limit``, taken at or after ``since``.

        Like every ``.list()``: ``await`` it for one :class:`~numbering_async.Page` (all of
        them, page 1 of 1), or ``async for`` it.
        """
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise InvalidRequestError("limit", f"expected a positive integer, got {limit!r}")
        where, args = (
            ("taken_at >= ?", [_utc(since).isoformat()]) if since is not None else ("1", [])
        )
        tail = "" if limit is None else f"LIMIT {limit}"
        return one_page(partial(self._summaries, where, args, tail))

    async def summary(self, scan_id: int) -> ScanSummary:
        """The summary of scan ``scan_id`` (:class:`ScanNotFoundError` if there is none)."""
        found = await self._summaries("id = ?", [scan_id])
        if not found:
            raise ScanNotFoundError(f"{self.path} has no scan {scan_id}")
        return found[0]

    async def previous(self, scan: ScanSummary) -> ScanSummary | None:
        """The latest scan of the same queries saved before ``scan``, if any."""
        found = await self._summaries(
            "queries_key = ? AND id < ?", [scan.queries_key, scan.id], "LIMIT 1"
        )
        return found[0] if found else None

    async def latest(self, queries: Sequence[CoverageQuery] | None = None) -> ScanSummary | None:
        """The latest saved scan (of exactly these ``queries``, if given), if any."""
        found: Sequence[ScanSummary]
        if queries is None:
            found = await self.list(limit=1)
        else:
            found = await self._summaries(
                "queries_key = ?", [encode_queries(queries)[1]], "LIMIT 1"
            )
        return found[0] if found else None

    async def load(self, scan: int | ScanSummary) -> SavedScan:
        """A whole saved scan, by id or summary: queries and every result, failures included."""
        summary = scan if isinstance(scan, ScanSummary) else await self.summary(scan)
        db = self._conn()
        with _one_line(str(self.path), self.timeout):
            async with db.execute(
                "SELECT queries FROM scans WHERE id = ?", (summary.id,)
            ) as cursor:
                text = await cursor.fetchone()
            if text is None:
                raise ScanNotFoundError(f"{self.path} has no scan {summary.id}")
            async with db.execute(
                "SELECT query, source, npa, nxx, locality, state, count FROM scan_rows "
                "WHERE scan_id = ? ORDER BY seq",
                (summary.id,),
            ) as cursor:
                rows = await cursor.fetchall()
            async with db.execute(
                "SELECT query, source, type, message FROM scan_failures WHERE scan_id = ?",
                (summary.id,),
            ) as cursor:
                failures = await cursor.fetchall()
        queries = decode_queries(text[0])
        return SavedScan(
            summary, queries, tuple(results_from(summary.providers, queries, rows, failures))
        )

    async def diff(
        self, old: int | ScanSummary, new: int | ScanSummary, *, level: str | None = None
    ) -> ScanDiff:
        """Load two scans and compare them (:func:`~numbering_async.history.diff_scans`)."""
        return diff_scans(await self.load(old), await self.load(new), level=level)
