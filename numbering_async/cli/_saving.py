"""What ``scan --save`` and ``scan --format svg|html`` add to a scan: the store, the saving,
the map. Kept out of :mod:`numbering_async.cli._scan` so the scan command only calls in."""

from __future__ import annotations

from collections.abc import Coroutine, Mapping, Sequence
from datetime import UTC, datetime
from typing import IO, Any, Final

import click
from rich.console import Console

from numbering_async.bulk import BulkResult
from numbering_async.cli._map import write_map
from numbering_async.cli._output import SANDBOX
from numbering_async.errors import HistoryError
from numbering_async.history import DB_ENV, Provenance, ResultLike, ScanStore, count_panels

__all__ = ["DB_OPTION", "MAP_TITLE", "provenance", "save_scan", "scan_map", "with_store"]

MAP_TITLE: Final = "Available numbers by state and province"

DB_OPTION: Final = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help=f"The scan database.  [default: ${DB_ENV}, or scans.sqlite3 in your data folder]",
)
"""``--db PATH``: the scan database, for every command that reads or writes one."""


async def with_store(store: ScanStore | None, main: Coroutine[Any, Any, int]) -> int:
    """Run ``main`` with ``store`` open (when there is one), so a database that cannot be used
    fails in one line before anything is scanned."""
    if store is None:
        return await main
    try:
        await store.open()
    except BaseException:
        main.close()
        raise
    try:
        return await main
    finally:
        await store.aclose()


def provenance(sources: Mapping[str, str], seed: int, day: int) -> list[Provenance]:
    """Each provider's :class:`Provenance`, from the command's sources (provider -> base URL,
    or :data:`~numbering_async.cli._output.SANDBOX`) and the embedded sandbox's seed and day."""
    return [
        Provenance(provider, True, seed, day) if where == SANDBOX else Provenance(provider)
        for provider, where in sources.items()
    ]


async def save_scan(
    store: ScanStore,
    results: Sequence[BulkResult],
    sources: Sequence[Provenance],
    *,
    label: str,
    level: str,
) -> tuple[bool, str]:
    """Save a finished scan: whether it was saved, and a line for stderr saying where, or
    why not."""
    try:
        saved = await store.save(results, sources=sources, label=label, level=level)
    except HistoryError as exc:
        return False, f"error: the scan was not saved: {exc}"
    return True, f"saved as scan {saved.id} in {store.path}"


def scan_map(
    results: Sequence[ResultLike],
    providers: Sequence[str],
    fmt: str,
    out: IO[str],
    *,
    label: str,
    console: Console,
) -> None:
    """``scan --format svg|html``: the scan just made, a panel per provider."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    panels = count_panels(results, providers)
    write_map(panels, fmt, out, title=MAP_TITLE, subtitle=f"{label}, {now}", console=console)
