"""The ``history``, ``diff`` and ``map`` commands, and what ``scan --save`` does.

A thin layer over :mod:`numbering_async.history`: options in, one call to the store, output
out. The commands join the ``numbering-async`` group when :mod:`numbering_async.cli` loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Final

import click

from numbering_async._grouping import LEVELS
from numbering_async.cli._base import _note, cli
from numbering_async.cli._history_output import write_diff, write_summaries
from numbering_async.cli._map import MAP_FORMATS, write_map
from numbering_async.cli._output import FORMATS
from numbering_async.cli._running import _console, _output, _run
from numbering_async.cli._saving import DB_OPTION, MAP_TITLE
from numbering_async.errors import HistoryError
from numbering_async.history import (
    SavedScan,
    ScanStore,
    ScanSummary,
    map_panels,
)

__all__ = ["diff_command", "history_command", "map_command"]

_AGO: Final = re.compile(r"([0-9]+)\s*([smhdw])")
_UNITS: Final = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _output_options(formats: Sequence[str], default: str | None) -> Callable[..., Any]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, writable=True),
            help="Write the output to this file instead of stdout.",
        )(command)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=default is not None,
            help="Output format.",
        )(command)

    return decorate


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """``2h``, ``3d``, ``1w`` ago, or an ISO date or time (UTC unless it says otherwise)."""
    if value is None:
        return None
    text = value.strip()
    if match := _AGO.fullmatch(text):
        return datetime.now(UTC) - timedelta(**{_UNITS[match[2]]: int(match[1])})
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"expected a time ago like 2h, 3d, 1w or a date like 2026-12-01, got {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- history ----------------------------------------------------------------------------------


async def _history(
    db: str | None, limit: int, since: datetime | None, fmt: str, out: IO[str]
) -> int:
    async with ScanStore(db) as store:
        summaries = await store.list(limit=limit, since=since)
    write_summaries(summaries, fmt, out, console=_console(out))
    return 0


@cli.command("history")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most scans shown."
)
@click.option(
    "--since",
    metavar="WHEN",
    callback=_since,
    help="Only scans since then: 2h, 3d, 1w ago, or a date or time like 2026-12-01 (UTC).",
)
@_output_options(FORMATS, "table")
@DB_OPTION
def history_command(
    limit: int, since: datetime | None, fmt: str, output: str | None, db: str | None
) -> int:
    """List saved scans, newest first (save one with ``scan --save``).

    \b
    numbering-async history --limit 5
    numbering-async history --since 1d --format json
    """
    with _output(output) as out:
        return _run(_history(db, limit, since, fmt, out))


# -- diff -------------------------------------------------------------------------------------


async def _pair(
    store: ScanStore, old: int | None, new: int | None
) -> tuple[ScanSummary, ScanSummary]:
    """The two scans to compare: those named, else the latest and the one before it of the
    same queries."""
    if new is not None:
        after = await store.summary(new)
    else:
        latest = await store.latest()
        if latest is None:
            raise HistoryError(f"{store.path} has no saved scans: save one with scan --save")
        after = latest
    if old is not None:
        return await store.summary(old), after
    before = await store.previous(after)
    if before is None:
        raise HistoryError(
            f"scan {after.id} is the first scan of its queries: name two scans, "
            "numbering-async diff OLD NEW (see numbering-async history)"
        )
    return before, after


async def _diff(
    db: str | None,
    ids: tuple[int | None, int | None],
    by: str | None,
    limit: int | None,
    fmt: str,
    out: IO[str],
) -> int:
    async with ScanStore(db) as store:
        old, new = await _pair(store, *ids)
        change = await store.diff(old, new, level=by)
    write_diff(change, fmt, out, console=_console(out), limit=limit)
    if fmt != "json":
        for note in change.left_out:
            _note(f"left out: {note}")
    return 0


@cli.command("diff")
@click.argument("old", type=int, required=False)
@click.argument("new", type=int, required=False)
@click.option(
    "--by",
    type=click.Choice(list(LEVELS)),
    help="Compare per block, locality, NPA or state.  [default: the finest both scans give]",
)
@click.option("--limit", type=click.IntRange(min=1), help="Show only the largest changes.")
@_output_options(FORMATS, "table")
@DB_OPTION
def diff_command(
    old: int | None,
    new: int | None,
    by: str | None,
    limit: int | None,
    fmt: str,
    output: str | None,
    db: str | None,
) -> int:
    """Show what changed between two saved scans, largest change first.

    OLD and NEW are scan ids (see numbering-async history). With none, the latest scan and
    the one before it of the same queries; with one, that scan and the latest. Scans of
    different queries are compared on what they share; what was left out is said on stderr
    (in the document, with --format json).

    \b
    numbering-async diff
    numbering-async diff 3 7 --by npa --format csv
    """
    with _output(output) as out:
        return _run(_diff(db, (old, new), by, limit, fmt, out))


# -- map --------------------------------------------------------------------------------------


def _subtitle(scan: SavedScan) -> str:
    s = scan.summary
    when = s.taken_at.strftime("%Y-%m-%d %H:%M UTC")
    failed = sum(s.failures.values())
    tail = f"; {failed:,} failed queries" if failed else ""
    sources = ", ".join(source.describe() for source in s.sources)
    return f"Scan {s.id}, {when}: {s.label}; {sources}{tail}"


async def _map(
    db: str | None, scan_id: int | None, against: int | None, diff: bool, fmt: str, out: IO[str]
) -> int:
    async with ScanStore(db) as store:
        if scan_id is None:
            latest = await store.latest()
            if latest is None:
                raise HistoryError(f"{store.path} has no saved scans: save one with scan --save")
            scan_id = latest.id
        scan = await store.load(scan_id)
        earlier: SavedScan | None = None
        if against is not None:
            earlier = await store.load(against)
        elif diff and (before := await store.previous(scan.summary)) is not None:
            earlier = await store.load(before)
    panels = map_panels(scan, earlier)
    write_map(panels, fmt, out, title=MAP_TITLE, subtitle=_subtitle(scan), console=_console(out))
    return 0


@cli.command("map")
@click.argument("scan_id", metavar="[SCAN]", type=int, required=False)
@click.option(
    "--against",
    type=int,
    metavar="SCAN",
    help="Show the change since this scan.  [default: the previous scan of the same queries]",
)
@click.option("--no-diff", is_flag=True, help="Draw no panel of the change.")
@_output_options(("terminal", *MAP_FORMATS), None)
@DB_OPTION
def map_command(
    scan_id: int | None,
    against: int | None,
    no_diff: bool,
    fmt: str | None,
    output: str | None,
    db: str | None,
) -> int:
    """Draw a saved scan (the latest by default) as a map of states and provinces.

    One panel per provider, coloured by available numbers, and one of the change since an
    earlier scan. In the terminal, or as SVG or one self-contained HTML file (the format
    follows the --output file's extension unless --format says).

    \b
    numbering-async map
    numbering-async map 7 --against 3 -o coverage.html
    """
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in MAP_FORMATS else "terminal"
    if against is not None and no_diff:
        raise click.UsageError("give either --against or --no-diff, not both")
    with _output(output) as out:
        return _run(_map(db, scan_id, against, not no_diff, fmt, out))
