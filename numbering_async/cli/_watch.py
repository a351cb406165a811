"""``numbering-async watch``: rescan on a schedule, save each scan, print what changed, and run
a command or post to a webhook when a ``--when`` condition newly holds.

It takes every option of ``scan`` (but ``--save``: it always saves). Failed queries are saved
as failures and the watch goes on; so does a scan the database could not take (said in one
line). Only a refused key ends it early. Ctrl-C or SIGTERM end it between scans or mid-scan:
a scan is saved whole or not at all, never half.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import IO, Final

import attrs
import click

from numbering_async.bulk import BulkResult
from numbering_async.cli._base import PROVIDERS, Client, _note, cli
from numbering_async.cli._clients import _clients, _Target
from numbering_async.cli._history_output import write_diff
from numbering_async.cli._hooks import check_webhook, payload, post_webhook, run_command
from numbering_async.cli._output import FORMATS
from numbering_async.cli._queries import _what_to_scan
from numbering_async.cli._running import _console, _output, _run, _stopped
from numbering_async.cli._saving import provenance
from numbering_async.cli._scan import _ScanOptions, _stream_scan, scan
from numbering_async.coverage import CoverageQuery
from numbering_async.errors import HistoryError, InvalidRequestError
from numbering_async.history import (
    Condition,
    Provenance,
    SavedScan,
    ScanStore,
    ScanSummary,
    diff_scans,
    hits,
)

__all__ = ["watch_command"]

_EVERY: Final = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([smh]?)")
_SECONDS: Final = {"": 1, "s": 1, "m": 60, "h": 3600}


def _every(ctx: click.Context, param: click.Parameter, value: str) -> float:
    match = _EVERY.fullmatch(value.strip().lower())
    seconds = float(match[1]) * _SECONDS[match[2]] if match else 0.0
    if seconds <= 0:
        raise click.BadParameter(f"expected a positive interval like 30s, 15m or 1h, got {value!r}")
    return seconds


def _conditions(
    ctx: click.Context, param: click.Parameter, value: Sequence[str]
) -> list[Condition]:
    found = []
    for text in value:
        try:
            condition = Condition.parse(text)
        except InvalidRequestError as exc:
            raise click.BadParameter(str(exc).removeprefix("when: ")) from None
        if condition.provider not in PROVIDERS:
            raise click.BadParameter(
                f"{text!r} names no provider: expected one of {', '.join(PROVIDERS)}"
            )
        found.append(condition)
    return found


@attrs.frozen(slots=True)
class _Watch:
    """What to do each round: the scan's options and the watch's own."""

    concurrency: int
    rate: float | None
    by: str
    fmt: str
    every: float
    count: int | None
    when: Sequence[Condition]
    run: str | None
    webhook: str | None


async def _one_scan(
    clients: list[Client], queries: list[CoverageQuery], w: _Watch
) -> list[BulkResult]:
    """One scan, as ``scan`` runs it (a refused key ends the watch: it will not change)."""
    results: list[BulkResult] = []
    options = _ScanOptions(w.concurrency, w.rate, "table", w.by)
    await _stream_scan(clients, queries, options, io.StringIO(), results)
    return sorted(results, key=lambda r: r.index)


async def _report(w: _Watch, previous: SavedScan, current: SavedScan, out: IO[str]) -> None:
    """Print what changed since the previous scan; act on the rows that meet a condition."""
    change = diff_scans(previous, current, level=None if w.by == "auto" else w.by)
    write_diff(change, w.fmt, out, console=_console(out))
    out.flush()
    found = hits(w.when, change)
    if not found:
        return
    _note(f"{len(found)} rows meet {' or '.join(map(str, w.when))}")
    body = payload(change, found)
    for problem in (
        await run_command(w.run, body) if w.run else None,
        await post_webhook(w.webhook, body) if w.webhook else None,
    ):
        if problem:
            _note(f"error: {problem}")


async def _save_whole(
    store: ScanStore, results: list[BulkResult], sources: list[Provenance], title: str, by: str
) -> tuple[ScanSummary | None, bool]:
    """Save a scan, and whether to stop: Ctrl-C or SIGTERM during the save lets it finish
    (saved whole), then stops the watch. A database that will not take it is one line."""
    saving = asyncio.ensure_future(store.save(results, sources=sources, label=title, level=by))
    stop = False
    try:
        try:
            summary = await asyncio.shield(saving)
        except asyncio.CancelledError:
            _stopped()
            stop = True
            summary = await saving
    except HistoryError as exc:
        _note(f"error: the scan was not saved: {exc}")
        return None, stop
    return summary, stop


async def _watch(
    queries: list[CoverageQuery],
    title: str,
    target: _Target,
    db: str | None,
    w: _Watch,
    out: IO[str],
) -> int:
    scans = 0
    loop = asyncio.get_running_loop()
    async with ScanStore(db) as store, _clients(target) as opened:
        clients = opened.clients
        sources = provenance(opened.sources, target.seed, target.day)
        latest = await store.latest(queries)
        previous = None if latest is None else await store.load(latest)
        try:
            while True:
                started = loop.time()
                results = await _one_scan(clients, queries, w)
                saved, stop = await _save_whole(store, results, sources, title, w.by)
                if saved is not None:
                    scans += 1
                    failed = sum(1 for r in results if r.error is not None)
                    _note(
                        f"saved scan {saved.id}" + (f", {failed} failed queries" if failed else "")
                    )
                if stop:
                    break
                if saved is not None:
                    current = await store.load(saved)
                    if previous is None:
                        _note("the first scan of these queries: changes show from the next one")
                    else:
                        await _report(w, previous, current, out)
                    previous = current
                if w.count is not None and scans >= w.count:
                    return 0
                wait = max(0.0, started + w.every - loop.time())
                _note(f"next scan at {datetime.now(UTC) + timedelta(seconds=wait):%H:%M:%S} UTC")
                await asyncio.sleep(wait)
        except asyncio.CancelledError:
            _stopped()
    _note(f"watch stopped after {scans} saved scans")
    return 0


@cli.command("watch")
@click.option(
    "--every",
    default="15m",
    show_default=True,
    callback=_every,
    help="Time from the start of one scan to the next: 30s, 15m, 1h.",
)
@click.option("--count", type=click.IntRange(min=1), help="Stop after this many saved scans.")
@click.option(
    "--when",
    multiple=True,
    callback=_conditions,
    metavar="CONDITION",
    help="Act on rows where this newly holds, like 'telnyx>0' (none before, some now); "
    "repeatable (any of them).",
)
@click.option("--run", "command", metavar="COMMAND", help="Run this shell command on a hit, "
              "with the hits as JSON on stdin.")  # fmt: skip
@click.option("--webhook", metavar="URL", help="POST the hits as JSON to this URL.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Format of each scan's changes.",
)
def watch_command(
    every: float,
    count: int | None,
    when: list[Condition],
    command: str | None,
    webhook: str | None,
    fmt: str,
    npa: tuple[str, ...],
    state: tuple[str, ...],
    npa_nxx: tuple[str, ...],
    path: str | None,
    concurrency: int,
    rate: float | None,
    by: str,
    db: str | None,
    providers: list[str] | None,
    output: str | None,
    sandbox: bool,
    seed: int,
    sandbox_day: int,
) -> int:
    """Rescan on a schedule, save every scan, and show what changed since the one before.

    Takes the options of scan (it always saves). With --when, runs --run or posts to
    --webhook when a row meets a condition it did not meet in the scan before.

    \b
    numbering-async watch --npa 212 --every 15m --when 'telnyx>0' --webhook https://...
    numbering-async watch --state NJ --every 1h --when 'inumbering<5' --run ./alert.sh
    """
    queries, title = _what_to_scan(npa, state, npa_nxx, path)
    try:
        if webhook is not None:
            check_webhook(webhook)
    except InvalidRequestError as exc:
        raise click.UsageError(str(exc), click.get_current_context()) from None
    if (command or webhook) and not when:
        raise click.UsageError("--run and --webhook need a --when condition")
    if when and not (command or webhook):
        _note("--when without --run or --webhook: hits are only reported here")
    target = _Target(providers, sandbox, seed, sandbox_day)
    w = _Watch(concurrency, rate, by, fmt, every, count, when, command, webhook)
    with _output(output) as out:
        return _run(_watch(queries, title, target, db, w, out))


watch_command.params += [p for p in scan.params if p.name not in ("save", "fmt", "help")]
