"""How long saving a 50,000-row scan takes, and how many bytes a row costs in the database.

::

    python -m benchmarks.history_save              # 50,000 rows, 5 saves into one database
    python -m benchmarks.history_save --rows 200000 --saves 3

Builds a scan as :func:`~numbering_async.bulk_coverage` returns it (one block query per row,
on two providers, with a locality and state on every row, about 1 query in 200 failed), saves
it ``--saves`` times into a fresh database with :class:`~numbering_async.history.ScanStore`,
and prints each save's wall time, a load's time, and the database's size per row after a
``wal_checkpoint`` (the WAL folded into the file). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from numbering_async.bulk import BulkResult
from numbering_async.coverage import CoverageCount, CoverageQuery
from numbering_async.errors import ServerError
from numbering_async.history import ScanStore

PROVIDERS = ("telnyx", "inumbering")
PLACES = [(f"Locality {n}", state) for n, state in enumerate(["NJ", "NY", "CA", "TX", "ON"] * 40)]


def scan(rows: int, seed: int = 1) -> list[BulkResult]:
    """``rows`` coverage rows: one block query each, alternating providers."""
    rng = random.Random(seed)
    queries = rows // len(PROVIDERS)
    made: list[BulkResult] = []
    for index in range(queries):
        npa, nxx = 201 + index // 800, 200 + index % 800
        query = CoverageQuery(npa=str(npa), nxx=str(nxx))
        locality, state = PLACES[index % len(PLACES)]
        for provider in PROVIDERS:
            failed = rng.random() < 0.005
            row = CoverageCount(provider, rng.randrange(100), str(npa), str(nxx), locality, state)
            made.append(
                BulkResult(
                    index=len(made),
                    query_index=index,
                    query=query,
                    provider=provider,
                    rows=None if failed else [row],
                    error=ServerError("503: unavailable", status=503) if failed else None,
                )
            )
    return made


async def measure(rows: int, saves: int, folder: Path) -> None:
    results = scan(rows)
    saved_rows = sum(len(r.rows or ()) for r in results)
    path = folder / "scans.db"
    async with ScanStore(path) as store:
        for number in range(1, saves + 1):
            started = time.perf_counter()
            summary = await store.save(results, label=f"benchmark {number}")
            took = time.perf_counter() - started
            rate = saved_rows / took
            print(f"save {number}: {saved_rows:,} rows in {took:.2f} s ({rate:,.0f} rows/s)")
        started = time.perf_counter()
        loaded = await store.load(summary.id)
        print(f"load: {len(loaded.results):,} results in {time.perf_counter() - started:.2f} s")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    total = saves * saved_rows
    print(f"database: {size:,} bytes for {total:,} rows: {size / total:.1f} bytes/row")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(args.rows, args.saves, Path(folder)))


if __name__ == "__main__":
    main()
