"""The ``numbering-async`` command: coverage scans, number searches and the sandbox server.

::

    numbering-async scan --state NJ                     # every NJ block, on both providers
    numbering-async scan --npa 201,973 --format csv
    numbering-async search --npa 201 --limit 5
    numbering-async sandbox --port 8765
    numbering-async scan --state NJ --save              # then history, diff, map, watch

Keys come from ``TELNYX_API_KEY`` and ``INUMBERING_API_KEY`` (``TELNYX_BASE_URL`` and
``INUMBERING_BASE_URL`` point a client elsewhere, such as at ``numbering-async sandbox``). With
no key at all, or with ``--sandbox``, every provider runs on the embedded in-process sandbox;
real and sandbox data are never mixed (a provider named in ``--providers`` needs its key).
Errors are one line on stderr and a non-zero exit status: 1 for failures, 2 for bad usage,
130 when interrupted. Needs the ``cli`` extra (click, rich).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from typing import IO, Any, Final, Self

import attrs
import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from numbering_async import INumberingClient, TelnyxClient, bulk, inumbering, telnyx
from numbering_async._cli_map import MAP_FORMATS
from numbering_async._cli_output import (
    FORMATS,
    LEVELS,
    SANDBOX,
    compare,
    error_line,
    pick_level,
    possible_levels,
    result_record,
    write_comparison,
    write_numbers,
)
from numbering_async._cli_saving import DB_OPTION, provenance, save_scan, scan_map, with_store
from numbering_async.bulk import BulkResult
from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery
from numbering_async.errors import (
    SECRET_RUN,
    APIError,
    AuthenticationError,
    InvalidRequestError,
    NumberingError,
    PermissionDeniedError,
    RateLimitError,
    redact,
)
from numbering_async.history import ScanStore

__all__ = ["cli", "main"]

PROG: Final = "numbering-async"
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
DEBUG_ENV: Final = "NUMBERING_ASYNC_DEBUG"
_TABLE_ROWS: Final = 50
"""``--by auto`` groups a table so that it stays within this many rows."""
_ERRORS_SHOWN: Final = 10
_FATAL: Final = (AuthenticationError, PermissionDeniedError)
"""Errors that stop a scan at once: every other query would fail the same way."""
_SANDBOX_KEY: Final = "sandbox-key-0000"
"""The key the commands' clients send to the embedded sandbox (which accepts any key)."""

Client = TelnyxClient | INumberingClient


@attrs.frozen(slots=True)
class _Provider:
    label: str
    client: type[TelnyxClient] | type[INumberingClient]
    default_url: str

    @property
    def key_env(self) -> str:
        """The variable holding its API key."""
        return self.client.api_key_env


PROVIDERS: Final = {
    "telnyx": _Provider("Telnyx", TelnyxClient, telnyx.DEFAULT_BASE_URL),
    "inumbering": _Provider("iNumbering", INumberingClient, inumbering.DEFAULT_BASE_URL),
}


def _note(message: str) -> None:
    """One line on stderr, with any part of a key from the environment redacted."""
    keys = (os.environ.get(provider.key_env, "").strip() for provider in PROVIDERS.values())
    shown = redact(message, [key for key in keys if len(key) >= SECRET_RUN])
    click.echo(f"{PROG}: {shown}", err=True)


def _split(values: Sequence[str]) -> list[str]:
    """``("201,973", "908")`` -> ``["201", "973", "908"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


# -- what every provider-facing command shares -------------------------------------------------


def _provider_list(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> list[str] | None:
    if value is None:
        return None
    names = _split([value])
    if not names or any(name not in PROVIDERS for name in names):
        raise click.BadParameter(
            f"expected a comma-separated list of {', '.join(PROVIDERS)}, got {value!r}"
        )
    return list(dict.fromkeys(names))


_CLIENT_OPTIONS: Final = (
    click.option(
        "--providers",
        callback=_provider_list,
        metavar="LIST",
        help="Comma-separated providers to ask: telnyx, inumbering.  [default: those with a "
        "key; both on the sandbox]",
    ),
    click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True),
        help="Write the output to this file instead of stdout.",
    ),
    click.option(
        "--sandbox", is_flag=True, help="Use the embedded sandbox for every provider, keys or not."
    ),
    click.option(
        "--seed",
        type=int,
        default=1,
        show_default=True,
        help="Seed of the embedded sandbox's inventory.",
    ),
    click.option(
        "--sandbox-day",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Day the embedded sandbox's market is at: its stock sells and restocks daily.",
    ),
)


def _client_options(
    formats: Sequence[str] = FORMATS,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options every provider-facing command shares, ``--format`` taking ``formats``."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(_CLIENT_OPTIONS):
            command = option(command)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default="table",
            show_default=True,
            help="Output format.",
        )(command)

    return decorate


@attrs.frozen(slots=True)
class _Target:
    """Which providers to ask, and where: the shared options, parsed."""

    providers: list[str] | None
    """``None`` when ``--providers`` was not given: every provider that has a key."""
    sandbox: bool
    seed: int
    day: int = 0
    """The embedded sandbox's market day."""


@attrs.frozen(slots=True)
class _Opened:
    """The open clients of a command, and where each provider's data comes from."""

    clients: list[Client]
    sources: dict[str, str]
    """Provider -> its base URL, or :data:`SANDBOX` for the embedded sandbox."""


@contextlib.asynccontextmanager
async def _clients(target: _Target) -> AsyncIterator[_Opened]:
    """One open client per provider: all on the real APIs, or all on the embedded sandbox.

    Real and sandbox data are never mixed: with ``--sandbox``, or with no key set at all,
    every provider is the sandbox; otherwise a provider named in ``--providers`` without its
    key is an error naming the variable, and without ``--providers`` the providers that have
    a key are asked (the others are skipped with a note).
    """
    wanted = {name: PROVIDERS[name] for name in target.providers or PROVIDERS}
    keys = {name: os.environ.get(p.key_env, "").strip() for name, p in PROVIDERS.items()}
    async with contextlib.AsyncExitStack() as stack:
        clients: list[Client] = []
        if target.sandbox or not any(keys.values()):
            from numbering_async.sandbox import Sandbox

            why = "--sandbox" if target.sandbox else "no TELNYX_API_KEY or INUMBERING_API_KEY set"
            _note(f"{why}: using the embedded sandbox (seed {target.seed}, no network)")
            box = await stack.enter_async_context(Sandbox(seed=target.seed, day=target.day))
            clients = [
                # the default URL, not $..._BASE_URL: the in-process transport ignores it
                p.client(api_key=_SANDBOX_KEY, base_url=p.default_url, transport=box.transport())
                for p in wanted.values()
            ]
            sources = dict.fromkeys(wanted, SANDBOX)
        else:
            for name, provider in wanted.items():
                if keys[name]:
                    clients.append(_client_with_key(provider, keys[name]))
                elif target.providers is not None:
                    raise click.UsageError(
                        f"--providers: {name} needs ${provider.key_env}, which is not set "
                        "(or give --sandbox to use the sandbox for every provider)"
                    )
                else:
                    _note(f"skipping {provider.label}: ${provider.key_env} is not set")
            sources = {client.provider: str(client.base_url) for client in clients}
        for client in clients:
            await stack.enter_async_context(client)
        yield _Opened(clients, sources)


def _client_with_key(provider: _Provider, key: str) -> Client:
    """``provider``'s client with ``key``; a refused key is named as the user knows it."""
    try:
        return provider.client(api_key=key)
    except InvalidRequestError as exc:
        if exc.argument != "api_key":
            raise
        raise _renamed(exc, f"${provider.key_env}") from None


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or the ``--output`` file (opened before anything is sent, so a bad path fails
    at once)."""
    if path is None:
        yield sys.stdout
        return
    try:
        file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115  # the with below closes it
    except OSError as exc:
        raise click.FileError(path, hint=exc.strerror or str(exc)) from None
    with file:
        yield file


def _console(out: IO[str]) -> Console:
    """A console for tables: the terminal's width on stdout, 120 columns in a file."""
    return Console(file=out) if out is sys.stdout else Console(file=out, width=120)


def _run(main: Coroutine[Any, Any, int]) -> int:
    """Run ``main``; Ctrl-C and SIGTERM cancel it.

    ``main`` may wind down on its own when cancelled (a scan prints what finished); if the
    cancellation comes out of it instead, the command ends with one line and status 130. A
    second Ctrl-C cancels again instead of raising ``KeyboardInterrupt`` wherever the program
    happens to be, so the wind-down (and the partial output) is never cut short.
    """

    async def guarded() -> int:
        task = asyncio.current_task()
        assert task is not None  # always inside asyncio.run
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):  # Windows has no loop signal handlers
            loop.add_signal_handler(signal.SIGTERM, task.cancel)
            if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # not a background job
                loop.add_signal_handler(signal.SIGINT, task.cancel)
        try:
            return await main
        except asyncio.CancelledError:
            _stopped()
            _note("interrupted")
            return EXIT_INTERRUPTED

    return asyncio.run(guarded())


def _stopped() -> None:
    """Accept the cancellations just caught (Ctrl-C, SIGTERM): the command winds down itself."""
    task = asyncio.current_task()
    while task is not None and task.cancelling():
        task.uncancel()


# -- the group ---------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(package_name="numbering_async", prog_name=PROG)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Scan and compare number coverage across Telnyx and iNumbering.

    Keys come from TELNYX_API_KEY and INUMBERING_API_KEY; with neither set, commands run
    against the embedded sandbox (no account, no network).
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


# -- scan --------------------------------------------------------------------------------------

_CSV_COLUMNS: Final = ("npa", "nxx", "state", "locality")
_BLOCK: Final = re.compile(r"[0-9]{3}-?[0-9]{3}")


def _renamed(exc: InvalidRequestError, argument: str) -> InvalidRequestError:
    """``exc`` as if raised for ``argument`` (an option name rather than a field name)."""
    message = str(exc).removeprefix(f"{exc.argument}: ")
    return InvalidRequestError(argument, message)


def _state_blocks(state: str, option: str) -> list[CoverageQuery]:
    """One query per NANP NPA-NXX block of ``state``, from :mod:`numbering_async.nanp`."""
    from numbering_async import nanp

    blocks = [CoverageQuery(npa=b.npa, nxx=b.nxx) for b in nanp.blocks(state=state)]
    if not blocks:
        raise InvalidRequestError(option, f"no NANP blocks are known in {state!r}")
    return blocks


def _is_block(spec: str) -> bool:
    """``201-555`` or ``201555`` (the shape only: the values are checked by the query)."""
    return _BLOCK.fullmatch(spec) is not None


def _spec_queries(spec: str, option: str) -> list[CoverageQuery]:
    """``201`` (an NPA), ``201-555`` or ``201555`` (a block), ``NJ`` (each block of a state)."""
    text = spec.strip()
    try:
        if len(text) == 2 and text.isalpha():
            return _state_blocks(text, option)
        if _is_block(text):
            return [CoverageQuery(npa=text[:3], nxx=text[-3:])]
        return [CoverageQuery(npa=text)]
    except InvalidRequestError as exc:
        raise _renamed(exc, option) from None


def _file_queries(path: str) -> list[CoverageQuery]:
    """Queries from a CSV file (``-``: standard input), each once (see :func:`_once_each`).

    Either a first line naming some of ``npa, nxx, state, locality`` (then one query per
    row, as given), or one spec per line in the first column, as ``--npa``, ``--state`` and
    ``--npa-nxx`` take them. Blank lines and lines starting with ``#`` are skipped. The whole
    file is read before anything is sent: a bad line, or a file that is not UTF-8 CSV text,
    raises :class:`InvalidRequestError` naming it.
    """
    try:
        queries = list(_csv_queries(path))
    except (UnicodeDecodeError, csv.Error) as exc:
        name = "standard input" if path == "-" else path
        raise InvalidRequestError("--input", f"{name} is not a UTF-8 CSV file ({exc})") from None
    return _once_each(queries, "--input")


@contextlib.contextmanager
def _input_text(path: str) -> Iterator[IO[str]]:
    """``path`` opened as UTF-8 text for :mod:`csv`; ``-`` is standard input (left open)."""
    if path != "-":
        with open(path, encoding="utf-8", newline="") as file:
            yield file
        return
    text = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
    try:
        yield text
    finally:
        text.detach()


def _csv_queries(path: str) -> Iterator[CoverageQuery]:
    with _input_text(path) as file:
        header: list[str] | None = None
        for number, row in enumerate(csv.reader(file), start=1):
            cells = [cell.strip() for cell in row]
            where = f"--input line {number}"
            if not any(cells) or cells[0].startswith("#"):
                continue
            if number == 1 and cells[0].lower() in _CSV_COLUMNS:
                header = [cell.lower() for cell in cells]
                unknown = sorted(set(header) - set(_CSV_COLUMNS))
                if unknown:
                    raise InvalidRequestError(where, f"unknown column(s) {', '.join(unknown)}")
            elif header is None:
                yield from _spec_queries(cells[0], where)
            else:
                values = {name: value or None for name, value in zip(header, cells, strict=False)}
                try:
                    yield CoverageQuery(
                        npa=values.get("npa"),
                        nxx=values.get("nxx"),
                        state=values.get("state"),
                        locality=values.get("locality"),
                    )
                except InvalidRequestError as exc:
                    raise _renamed(exc, where) from None


_SHAPES: Final = {
    "--npa": "an NPA like 201",
    "--state": "a state like NJ",
    "--npa-nxx": "a block like 201-555",
}


def _scan_queries(
    npas: Sequence[str], states: Sequence[str], blocks: Sequence[str]
) -> tuple[list[CoverageQuery], str]:
    """The queries of a scan given as options, and its title."""
    queries: list[CoverageQuery] = []
    labels: list[str] = []
    for option, specs, shape in (
        ("--npa", npas, str.isdigit),
        ("--state", states, str.isalpha),
        ("--npa-nxx", blocks, _is_block),
    ):
        for spec in _split(specs):
            if not shape(spec):
                raise click.BadParameter(f"{spec!r} is not {_SHAPES[option]}", param_hint=option)
            found = _spec_queries(spec, option)
            queries += found
            labels.append(f"{spec.upper()} ({len(found)} blocks)" if option == "--state" else spec)
    if not queries:
        raise click.UsageError("say what to scan: --npa, --state, --npa-nxx or --input")
    return _once_each(queries, "--npa"), f"Coverage of {', '.join(labels)}"


def _once_each(queries: list[CoverageQuery], where: str) -> list[CoverageQuery]:
    """``queries`` without repeats and without the blocks of NPAs scanned whole, which would
    count the same numbers twice (``--npa 201 --state NJ``); ``where`` names where the whole
    NPAs were given, for the note that says so."""
    unique = list(dict.fromkeys(queries))
    whole = {q.npa for q in unique if q.nxx is None and q.state is None and q.locality is None}
    kept = [q for q in unique if q.nxx is None or q.npa not in whole]
    if len(kept) < len(unique):
        inside = len(unique) - len(kept)
        _note(f"{inside} of the blocks asked for lie in an NPA given with {where}: scanned once")
    return kept


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


class _ScanSource:
    """A client as a scan's coverage source: a 429 goes to the bulk runner, which pauses every
    worker of the provider; every other transient failure is retried by the client's own policy.

    Each query runs under the client's policy with ``max_retry_after=0``, so a 429 with
    ``Retry-After`` comes back at once instead of sleeping in the one request that saw it. That
    cap also gives up on a 503 with ``Retry-After`` (maintenance, overload), so such an error
    is waited for as the client's own policy would wait for it, and the query is sent again
    under that policy.
    """

    __slots__ = ("_client", "_hand_over")

    def __init__(self, client: Client) -> None:
        self._client = client
        self._hand_over = attrs.evolve(client.retry, max_retry_after=0)

    @property
    def provider(self) -> str:
        """The client's provider."""
        return self._client.provider

    async def coverage(self, query: CoverageQuery) -> list[CoverageCount]:
        """Coverage counts for ``query`` (see the class docstring for retries)."""
        try:
            with self._client.retrying(self._hand_over):
                return await self._client.coverage(query)
        except APIError as exc:
            wait = self._own_wait(exc)
            if wait is None:
                raise
            await asyncio.sleep(wait)
            return await self._client.coverage(query)

    def _own_wait(self, exc: APIError) -> float | None:
        """The ``Retry-After`` wait the client's own policy grants ``exc`` but the hand-over
        policy did not; ``None`` for a 429 and for anything the client would not retry."""
        own = self._client.retry
        wait = exc.retry_after
        if isinstance(exc, RateLimitError) or not exc.retryable or wait is None:
            return None
        if wait <= self._hand_over.max_retry_after:  # waited for already
            return None
        if own.max_attempts < 2 or not own.respect_retry_after or wait > own.max_retry_after:
            return None
        return wait

    async def search_numbers(self, query: CoverageQuery, limit: int = 10) -> list[AvailableNumber]:
        """Up to ``limit`` available numbers matching ``query``, as the client finds them."""
        return await self._client.search_numbers(query, limit)


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


def _what_to_scan(
    npa: Sequence[str], state: Sequence[str], npa_nxx: Sequence[str], path: str | None
) -> tuple[list[CoverageQuery], str]:
    """The queries of ``scan`` (and ``watch``) and their title."""
    if path is not None and (npa or state or npa_nxx):
        raise click.UsageError("give either --input or --npa/--state/--npa-nxx, not both")
    if path is not None:  # a bad line is bad data (status 1), found before anything is sent
        name = "standard input" if path == "-" else os.path.basename(path)
        return _file_queries(path), f"Coverage of {name}"
    try:
        return _scan_queries(npa, state, npa_nxx)
    except InvalidRequestError as exc:
        raise click.UsageError(str(exc), click.get_current_context()) from None


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


# -- search ------------------------------------------------------------------------------------


async def _search(query: CoverageQuery, limit: int, target: _Target, fmt: str, out: IO[str]) -> int:
    numbers: list[AvailableNumber] = []
    failed = 0
    async with _clients(target) as opened:
        clients, sources = opened.clients, opened.sources
        answers = await asyncio.gather(
            *(client.search_numbers(query, limit) for client in clients), return_exceptions=True
        )
    for client, answer in zip(clients, answers, strict=True):
        if isinstance(answer, NumberingError):
            failed += 1
            _note(f"{client.provider}: {type(answer).__name__}: {answer}")
        elif isinstance(answer, BaseException):
            raise answer
        else:
            numbers += answer
    title = f"Available numbers for {query.describe()}"
    write_numbers(numbers, fmt, out, title=title, console=_console(out), sources=sources)
    return EXIT_FAILED if failed else 0


@cli.command()
@click.option("--npa", help="Area code, like 201.")
@click.option("--nxx", help="Exchange (with --npa), like 555.")
@click.option("--state", help="Two-letter state, like NJ.")
@click.option("--locality", help="City or rate center, like Newark.")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Most numbers per provider.",
)
@_client_options()
def search(
    npa: str | None,
    nxx: str | None,
    state: str | None,
    locality: str | None,
    limit: int,
    providers: list[str] | None,
    fmt: str,
    output: str | None,
    sandbox: bool,
    seed: int,
    sandbox_day: int,
) -> int:
    """List available numbers on each provider.

    \b
    numbering-async search --npa 201 --limit 5
    numbering-async search --state NJ --locality Newark --format json
    """
    try:
        query = CoverageQuery(npa=npa, nxx=nxx, state=state, locality=locality)
    except InvalidRequestError as exc:
        message = str(_renamed(exc, f"--{exc.argument}"))
        raise click.UsageError(message, click.get_current_context()) from None
    if not (npa or state or locality):
        raise click.UsageError("say where to search: --npa, --state or --locality")
    with _output(output) as out:
        target = _Target(providers, sandbox, seed, sandbox_day)
        return _run(_search(query, limit, target, fmt, out))


# -- sandbox -----------------------------------------------------------------------------------


async def _serve(
    host: str, port: int, seed: int, latency_ms: int, api_key: str | None, strict: bool
) -> int:
    from numbering_async.sandbox import serve

    def ready(telnyx_url: str, inumbering_url: str) -> None:
        click.echo(f"Telnyx:     {telnyx_url}")
        click.echo(f"iNumbering: {inumbering_url}")
        click.echo("Stop with Ctrl-C.")

    try:
        await serve(
            host,
            port,
            seed=seed,
            latency_ms=latency_ms,
            api_key=api_key,
            strict=strict,
            ready=ready,
        )
    except asyncio.CancelledError:
        _stopped()
    except OSError as exc:  # the address: taken, unknown, not ours
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from None
    _note("sandbox stopped")
    return 0


@cli.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the inventory.")
@click.option(
    "--latency-ms",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Delay added to every answer.",
)
@click.option("--api-key", help="Accept only this key (by default any key is accepted).")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse query parameters and body fields the specs do not declare "
    "(by default they are ignored, with an X-Sandbox-Warning header).",
)
def sandbox_command(
    host: str, port: int, seed: int, latency_ms: int, api_key: str | None, strict: bool
) -> int:
    """Serve the sandbox of both APIs over HTTP until Ctrl-C or SIGTERM.

    Point a client at it with base_url (or TELNYX_BASE_URL / INUMBERING_BASE_URL).
    """
    return _run(_serve(host, port, seed, latency_ms, api_key, strict))


# -- entry point -------------------------------------------------------------------------------


def _invoke(args: Sequence[str] | None) -> int:
    """Run the command line and turn every error into one line and an exit status."""
    try:
        code = cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
        _note(f"error: {exc.format_message()}{hint}")
        return EXIT_USAGE
    except click.ClickException as exc:
        _note(f"error: {exc.format_message()}")
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        _note("interrupted")
        return EXIT_INTERRUPTED
    except (NumberingError, OSError) as exc:
        _note(f"error: {exc}")
        return EXIT_FAILED
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        _note(f"internal error: {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 for details)")
        return EXIT_FAILED
    return code if isinstance(code, int) else 0


def main(args: Sequence[str] | None = None) -> None:
    """Run ``numbering-async`` (the console script) and exit with its status."""
    sys.exit(_invoke(args))


# -- saved scans: history, diff, map, watch ---------------------------------------------------

if __name__ == "__main__":  # `python -m`: one module, so the commands below join this group
    sys.modules.setdefault("numbering_async.cli", sys.modules[__name__])

from numbering_async import _cli_history, _cli_watch  # noqa: E402, F401  # they add commands

if __name__ == "__main__":
    main()
