"""Saved coverage scans: store them, list them, load them, compare them.

::

    from numbering_async import bulk_coverage
    from numbering_async.history import ScanStore, diff_scans

    results = await bulk_coverage([telnyx, inumbering], queries)
    async with ScanStore() as store:            # $NUMBERING_ASYNC_DB, or the user's data folder
        saved = await store.save(results, label="NJ blocks")
        for summary in await store.list(limit=10):
            print(summary.id, summary.taken_at, summary.totals)
        before = await store.previous(saved)    # the last scan of the same queries
        if before is not None:
            change = diff_scans(await store.load(before), await store.load(saved))
            for row in change.rows[:10]:        # largest change first
                print(row.fields, row.provider, row.old, "->", row.new)

A map of a scan: ``render_svg(map_panels(scan, against=earlier), title=..., subtitle=...)``
(or :func:`render_html`), one tile per US state and Canadian province, a panel per provider
and one of the change since ``against``.

Scans live in one SQLite file (``aiosqlite``, WAL mode), by default ``scans.sqlite3`` in the
per-user data folder ``platformdirs`` gives (``~/.local/share/numbering-async`` on Linux).
Needs the ``history`` extra (the ``cli`` extra includes it). The schema and how it migrates
are described in :mod:`numbering_async.history._schema`; database problems are
:class:`~numbering_async.errors.HistoryError`.
"""

from __future__ import annotations

try:
    import aiosqlite  # noqa: F401  # checked here, for one clear message
except ImportError as exc:  # pragma: no cover - the test extra installs it
    raise ImportError(
        "numbering_async.history needs the history extra: "
        'pip install -e ".[history]" in a clone of numbering_async',
        name=exc.name,
    ) from exc

from numbering_async.history._conditions import Condition, Hit, hits
from numbering_async.history._diff import DiffRow, ScanDiff, diff_scans
from numbering_async.history._model import (
    Provenance,
    ResultLike,
    SavedFailure,
    SavedResult,
    SavedScan,
    ScanSummary,
)
from numbering_async.history._schema import SCHEMA_VERSION
from numbering_async.history._store import DB_ENV, ScanStore, default_path
from numbering_async.history._svg import render_html, render_svg
from numbering_async.history._tiles import MapPanel, count_panels, map_panels

__all__ = [
    "DB_ENV",
    "SCHEMA_VERSION",
    "Condition",
    "DiffRow",
    "Hit",
    "MapPanel",
    "Provenance",
    "ResultLike",
    "SavedFailure",
    "SavedResult",
    "SavedScan",
    "ScanDiff",
    "ScanStore",
    "ScanSummary",
    "count_panels",
    "default_path",
    "diff_scans",
    "hits",
    "map_panels",
    "render_html",
    "render_svg",
]
