"""``numbering-async scan``: count available numbers on each provider in parallel, compare
them, and save the scan with ``--save``."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Sequence
from typing import IO, Final, Self

import attrs
import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from numbering_async import bulk
from numbering_async._grouping import LEVELS
from numbering_async.bulk import BulkResult
from numbering_async.cli._base import EXIT_FAILED, EXIT_INTERRUPTED, PROVIDERS, Client, _note, cli
from numbering_async.cli._clients import _client_options, _clients, _Target
from numbering_async.cli._compare import compare, pick_level, possible_levels
from numbering_async.cli._map import MAP_FORMATS
from numbering_async.cli._output import FORMATS, error_line, result_record, write_comparison
from numbering_async.cli._queries import _what_to_scan
from numbering_async.cli._running import _console, _output, _run, _stopped
from numbering_async.cli._saving import DB_OPTION, provenance, save_scan, scan_map, with_store
from numbering_async.cli._scan_source import _ScanSource
from numbering_async.coverage import CoverageQuery
from numbering_async.errors import AuthenticationError, PermissionDeniedError
from numbering_async.history import ScanStore

_TABLE_ROWS: Final = 50
"""``--by auto`` groups a table so that it stays within this many rows."""
_ERRORS_SHOWN: Final = 10
_FATAL: Final = (AuthenticationError, PermissionDeniedError)
"""Errors that stop a scan at once: every other query would fail the same way."""


class _ProgressBar:
    """A rich progress bar on stderr fed by ``on_progress``; silent unless stderr is a tty."""

    def __init__(self, label: str) -> None:
        console = Console(stderr=True)
        self._progress: Progress | None = None
        if console.is_terminal:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._task = self._progress.add_task(label, total=None, failed=0)

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, done: int, failed: int, total: int | None) -> None:
        """Move the bar (an ``on_progress`` callback)."""
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total, failed=failed)


def _report_failures(failures: Sequence[BulkResult], finished: int) -> None:
    """One line per distinct error (with how many more failed alike), then a count."""
    alike: dict[tuple[str, str], list[BulkResult]] = {}
    for result in failures:
        alike.setdefault((result.provider, repr(result.error)), []).append(result)
    for group in list(alike.values())[:_ERRORS_SHOWN]:
        more = f" (and {len(group) - 1} more like it)" if len(group) > 1 else ""
        _note(error_line(group[0]) + more)
    if len(alike) > _ERRORS_SHOWN:
        _note(f"... and {len(alike) - _ERRORS_SHOWN} other errors")
    if failures:
        _note(f"{len(failures)} of {finished} queries failed")


def _grouping(results: Sequence[BulkResult], options: _ScanOptions) -> tuple[str, str | None]:
    """The level to group the comparison by, and a note on the choice for stderr.

    ``--by auto`` picks the finest level that stays readable (and says which finer ones
    ``--by`` offers); a ``--by`` level that some provider's rows cannot be grouped by (an NPA
    that Telnyx answers by locality has no NXX) falls back to it, saying so, rather than
    showing that provider's numbers as 0.
    """
    possible = possible_levels(results)
    auto = pick_level(results, max_rows=_TABLE_ROWS if options.fmt == "table" else None)
    if options.by in possible:
        return options.by, None
    if options.by != "auto":
        gaps = [
            (result.provider, field)
            for result in results
            for row in result.rows or ()
            for field in LEVELS[options.by]
            if getattr(row, field) is None
        ]
        lacking = " and ".join(dict.fromkeys(provider for provider, _ in gaps))
        missing = " or ".join(dict.fromkeys(field for _, field in gaps))
        return auto, (
            f"--by {options.by}: some rows of {lacking} have no {missing}; "
            f"one row per {auto} instead"
        )
    finer = possible[: possible.index(auto)] if auto in possible else []
    if not finer:
        return auto, None
    hint = " or ".join(f"--by {level}" for level in reversed(finer))
    return auto, f"one row per {auto}; {hint} for finer rows"


@attrs.frozen(slots=True)
class _ScanOptions:
    """How to run and show a scan: the scan command's own options."""

    concurrency: int
    rate: float | None
    fmt: str
    by: str
    store: ScanStore | None = None
    """Where ``--save`` saves the scan (open while it runs), or ``None``."""


async def _stream_scan(
    clients: list[Client],
    queries: list[CoverageQuery],
    options: _ScanOptions,
    out: IO[str],
    results: list[BulkResult],
) -> None:
    """Run the scan, adding each result to ``results`` (and writing it, for ndjson)."""
    bar = _ProgressBar(f"Scanning {', '.join(client.provider for client in clients)}")
    scan = bulk.stream(
        [_ScanSource(client) for client in clients],
        queries,
        concurrency=options.concurrency,
        rate=options.rate,
        on_progress=bar.update,
    )
    with bar:
        async with contextlib.aclosing(scan) as finished:
            async for result in finished:
                if isinstance(result.error, _FATAL):
                    raise result.error  # a wrong key fails every query alike
                results.append(result)
                if options.fmt == "ndjson":
                    out.write(json.dumps(result_record(result)) + "\n")
                    out.flush()  # a reader sees each result as it finishes


async def _scan(
    queries: list[CoverageQuery],
    title: str,
    target: _Target,
    options: _ScanOptions,
    out: IO[str],
) -> int:
    results: list[BulkResult] = []
    names = list(target.providers or PROVIDERS)
    sources: dict[str, str] = {}
    interrupted = False
    try:  # an interruption anywhere, a second Ctrl-C while winding down too, keeps the results
        async with _clients(target) as opened:
            names, sources = [client.provider for client in opened.clients], opened.sources
            await _stream_scan(opened.clients, queries, options, out, results)
    except asyncio.CancelledError:
        _stopped()
        interrupted = True
    if options.fmt in MAP_FORMATS:
        scan_map(results, names, options.fmt, out, label=title, console=_console(out))
    elif options.fmt != "ndjson":
        results.sort(key=lambda r: r.index)
        by, why = _grouping(results, options)
        comparison = compare(results, names, by)
        console = _console(out)
        write_comparison(
            comparison, options.fmt, out, title=title, console=console, sources=sources
        )
        if why:
            _note(why)
    failures = [r for r in results if r.error is not None]
    _report_failures(failures, len(results))
    if interrupted:
        _note(f"interrupted after {len(results)} finished queries")
        if options.store:
            _note("the scan was not saved: it did not finish")
        return EXIT_INTERRUPTED
    saved = True
    if options.store:
        where = provenance(sources, target.seed, target.day)
        saved, line = await save_scan(options.store, results, where, label=title, level=options.by)
        _note(line)
    return EXIT_FAILED if failures or not saved else 0


@cli.command(short_help="Count available numbers on each provider and compare them.")
@click.option("--npa", multiple=True, metavar="LIST", help="NPAs (area codes), like 201,973.")
@click.option(
    "--state", multiple=True, metavar="LIST", help="States, like NJ,NY: every block in them."
)
@click.option("--npa-nxx", multiple=True, metavar="LIST", help="Blocks, like 201-555,973-200.")
@click.option(
    "--input",
    "path",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="A CSV file of queries (- for standard input): a npa,nxx,state,locality header, or "
    "one 201, 201-555 or NJ per line.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 1000),
    default=16,
    show_default=True,
    help="Requests in flight per provider.",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    help="Most requests per second per provider.",
)
@click.option(
    "--by",
    type=click.Choice(["auto", *LEVELS]),
    default="auto",
    show_default=True,
    help="One row per block, locality, NPA or state; auto: the finest that reads well.",
)
@click.option("--save", is_flag=True, help="Save the scan (see numbering-async history).")
@DB_OPTION
@_client_options((*FORMATS, *MAP_FORMATS))
def scan(
    npa: tuple[str, ...],
    state: tuple[str, ...],
    npa_nxx: tuple[str, ...],
    path: str | None,
    concurrency: int,
    rate: float | None,
    by: str,
    save: bool,
    db: str | None,
    providers: list[str] | None,
    fmt: str,
    output: str | None,
    sandbox: bool,
    seed: int,
    sandbox_day: int,
) -> int:
    """Count available numbers on each provider, in parallel, and compare them.

    \b
    numbering-async scan --state NJ
    numbering-async scan --npa 201,973 --format csv -o coverage.csv
    numbering-async scan --input queries.csv --format ndjson
    numbering-async scan --state NJ --save         # then: history, diff, map
    numbering-async scan --state NJ --format html -o nj.html
    """
    queries, title = _what_to_scan(npa, state, npa_nxx, path)
    target = _Target(providers, sandbox, seed, sandbox_day)
    store = ScanStore(db) if save else None
    options = _ScanOptions(concurrency, rate, fmt, by, store)
    with _output(output) as out:
        return _run(with_store(store, _scan(queries, title, target, options, out)))
