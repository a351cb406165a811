"""ScanStore: saving, listing and loading scans; schema versions; damaged and shared files."""

from __future__ import annotations

import asyncio
import importlib
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from numbering_async.coverage import CoverageQuery
from numbering_async.errors import HistoryError, ScanNotFoundError, SchemaVersionError
from numbering_async.history import SCHEMA_VERSION, Provenance, ScanStore, default_path
from tests.history.builders import results, server_error

NPA_201 = CoverageQuery(npa="201")
BLOCK = CoverageQuery(npa="973", nxx="200")
SCAN = results(
    {
        NPA_201: {
            "telnyx": [("201", None, "Jersey City", "NJ", 40), ("201", None, "Hoboken", "NJ", 2)],
            "inumbering": [("201", "200", "JERSEYCITY", "NJ", 7)],
        },
        BLOCK: {"telnyx": server_error(), "inumbering": [(None, None, "Newark", "NJ", 1)]},
    }
)


def test_without_aiosqlite_the_import_says_how_to_install_the_history_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "aiosqlite", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "numbering_async.history")  # restored afterwards

    with pytest.raises(ImportError, match="history extra") as raised:
        importlib.import_module("numbering_async.history")

    assert 'pip install -e ".[history]" in a clone of numbering_async' in str(raised.value)
    assert raised.value.name == "aiosqlite"


async def test_a_saved_scan_loads_back_as_it_was(tmp_path: Path) -> None:
    async with ScanStore(tmp_path / "scans.db") as store:
        summary = await store.save(
            SCAN, sources=[Provenance("telnyx", sandbox=True, seed=7)], label="two queries"
        )
        loaded = await store.load(summary.id)

    assert summary.label == "two queries"
    assert summary.totals == {"telnyx": 42, "inumbering": 8}
    assert summary.failures == {"telnyx": 1, "inumbering": 0}
    assert summary.rows == 4
    assert loaded.summary == summary
    assert loaded.queries == (NPA_201, BLOCK)
    assert loaded.summary.sources == (
        Provenance("telnyx", sandbox=True, seed=7),
        Provenance("inumbering"),
    )
    assert [(r.query, r.provider, r.count) for r in loaded.results] == [
        (NPA_201, "telnyx", 42),
        (NPA_201, "inumbering", 7),
        (BLOCK, "telnyx", None),
        (BLOCK, "inumbering", 1),
    ]
    for saved, made in zip(loaded.results, SCAN, strict=True):
        assert saved.rows == (None if made.rows is None else tuple(made.rows))
    failure = loaded.results[2].error
    assert failure is not None
    assert failure.type == "ServerError"
    assert "503" in failure.message


async def test_queries_of_every_shape_load_back(tmp_path: Path) -> None:
    queries = [
        CoverageQuery(npa="416", country="ca"),
        CoverageQuery(state="NJ", locality="Jersey City"),
        CoverageQuery(npa="201", nxx="200", number_type="toll_free"),
    ]
    scan = results({query: {"telnyx": []} for query in queries})
    async with ScanStore(tmp_path / "scans.db") as store:
        loaded = await store.load((await store.save(scan)).id)

    assert loaded.queries == tuple(queries)


async def test_list_is_newest_first_with_limit_and_since(tmp_path: Path) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    async with ScanStore(tmp_path / "scans.db") as store:
        ids = [
            (await store.save(SCAN, taken_at=start + timedelta(days=day))).id for day in range(4)
        ]
        everything = await store.list()
        two = await store.list(limit=2)
        recent = await store.list(since=start + timedelta(days=2))
        walked = [s.id async for s in store.list(limit=3)]  # like every .list()

    assert [s.id for s in everything] == ids[::-1]
    assert walked == ids[:0:-1]
    assert [s.id for s in two] == ids[:1:-1]
    assert [s.id for s in recent] == [ids[3], ids[2]]


async def test_previous_and_latest_follow_the_same_queries(tmp_path: Path) -> None:
    other = results({BLOCK: {"telnyx": [("973", "200", "Newark", "NJ", 3)]}})
    async with ScanStore(tmp_path / "scans.db") as store:
        first = await store.save(SCAN)
        await store.save(other)
        second = await store.save(SCAN)

        assert await store.previous(second) == first
        assert await store.previous(first) is None
        assert await store.latest([NPA_201, BLOCK]) == second
        assert await store.latest([CoverageQuery(npa="212")]) is None


async def test_the_store_diffs_two_saved_scans(tmp_path: Path) -> None:
    fewer = results({NPA_201: {"telnyx": [("201", None, "Jersey City", "NJ", 30)]}})
    async with ScanStore(tmp_path / "scans.db") as store:
        first = await store.save(SCAN)
        second = await store.save(fewer)
        change = await store.diff(first, second.id)

    assert (change.old, change.new) == (first, second)
    assert change.providers == ("telnyx",)
    assert [(r.fields["locality"], r.old, r.new, r.kind) for r in change.rows] == [
        ("Jersey City", 40, 30, "fewer"),
        ("Hoboken", 2, 0, "ran out"),
    ]
    assert "inumbering: only in scan 1" in change.left_out


async def test_a_missing_scan_is_scan_not_found(tmp_path: Path) -> None:
    async with ScanStore(tmp_path / "scans.db") as store:
        with pytest.raises(ScanNotFoundError, match="has no scan 5"):
            await store.load(5)


def test_the_path_comes_from_the_environment_or_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NUMBERING_ASYNC_DB", str(tmp_path / "mine.db"))
    assert default_path() == tmp_path / "mine.db"
    monkeypatch.delenv("NUMBERING_ASYNC_DB")
    assert default_path().name == "scans.sqlite3"
    assert "numbering-async" in default_path().parts


async def test_the_database_is_in_wal_mode_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "scans.db"
    async with ScanStore(path) as store:
        await store.save(SCAN)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


async def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "scans.db"
    async with ScanStore(path) as store:
        await store.save(SCAN)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    before = path.read_bytes()

    with pytest.raises(SchemaVersionError) as caught:
        async with ScanStore(path):
            pass

    message = str(caught.value)
    assert str(path) in message
    assert f"schema version {SCHEMA_VERSION + 1}" in message
    assert "upgrade numbering_async" in message
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"this is not a database at all, just some text" * 100, "not a scan database"),
        (None, "not a numbering-async scan database"),
    ],
    ids=["garbage", "someone else's database"],
)
async def test_a_file_that_is_not_a_scan_database_is_one_line(
    tmp_path: Path, content: bytes | None, says: str
) -> None:
    path = tmp_path / "scans.db"
    if content is None:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE accounts (id INTEGER)")
    else:
        path.write_bytes(content)

    with pytest.raises(HistoryError) as caught:
        async with ScanStore(path):
            pass

    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


async def test_a_locked_database_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "scans.db"
    async with ScanStore(path):
        pass
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        async with ScanStore(path, timeout=0.1) as store:
            with pytest.raises(
                HistoryError, match=r"is locked by another process \(waited 0.1 s\)"
            ):
                await store.save(SCAN)
            assert list(await store.list()) == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_a_cancelled_save_is_whole_or_absent(tmp_path: Path) -> None:
    big = results(
        {
            CoverageQuery(npa=str(npa)): {"telnyx": [(str(npa), "200", "X", "NJ", 1)] * 500}
            for npa in range(201, 241)
        }
    )
    async with ScanStore(tmp_path / "scans.db") as store:
        saving = asyncio.create_task(store.save(big))
        await asyncio.sleep(0)  # the save has started
        saving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await saving
        saved = await store.list()
        loaded = [await store.load(s) for s in saved]

    # A save once started ends whole (then the cancellation goes on): never half a scan.
    [scan] = loaded
    assert sum(len(r.rows or ()) for r in scan.results) == 20_000
    assert len(saved) == 1


WRITER = """
import asyncio, sys
from numbering_async.history import ScanStore
from tests.history.test_store import SCAN

async def main() -> None:
    async with ScanStore(sys.argv[1]) as store:
        for n in range(int(sys.argv[2])):
            await store.save(SCAN, label=f"{sys.argv[3]} {n}")

asyncio.run(main())
"""


async def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "scans.db"
    each = 15
    writers = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, str(path), str(each), name, stderr=subprocess.PIPE
        )
        for name in ("a", "b")
    ]
    errors = [(await writer.communicate())[1] for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0], errors
    async with ScanStore(path) as store:
        saved = await store.list()
        loaded = [await store.load(s) for s in saved]
    assert sorted(s.label for s in saved) == sorted(f"{w} {n}" for w in "ab" for n in range(each))
    assert all(scan.summary.rows == 4 and len(scan.results) == 4 for scan in loaded)
