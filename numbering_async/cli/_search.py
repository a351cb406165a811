"""``numbering-async search``: list available numbers on each provider."""

from __future__ import annotations

import asyncio
from typing import IO

import click

from numbering_async.cli._base import EXIT_FAILED, _note, _renamed, cli
from numbering_async.cli._clients import _client_options, _clients, _Target
from numbering_async.cli._output import write_numbers
from numbering_async.cli._running import _console, _output, _run
from numbering_async.coverage import AvailableNumber, CoverageQuery
from numbering_async.errors import InvalidRequestError, NumberingError


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
