"""How a command runs: its coroutine under Ctrl-C and SIGTERM, writing to stdout or to the
``--output`` file."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Coroutine, Iterator
from typing import IO, Any

import click
from rich.console import Console

from numbering_async.cli._base import EXIT_INTERRUPTED, _note


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
