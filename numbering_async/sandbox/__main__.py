"""``python -m numbering_async.sandbox [--host H] [--port P] [--seed N] [--latency-ms MS]
[--api-key KEY] [--strict]``: serve the sandbox until Ctrl-C or SIGTERM.

``--strict`` refuses query parameters and body fields the specs do not declare.

The ``numbering-async sandbox`` command does the same with nicer help.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from numbering_async.sandbox.server import serve

USAGE = (
    "usage: python -m numbering_async.sandbox [--host HOST] [--port PORT] [--seed N] "
    "[--latency-ms MS] [--api-key KEY] [--strict]"
)


def _port(raw: str) -> int:
    port = int(raw)
    if not 0 <= port <= 65535:
        raise ValueError(raw)
    return port


def _latency(raw: str) -> float:
    latency = float(raw)
    if not latency >= 0:  # NaN too
        raise ValueError(raw)
    return latency


_OPTIONS: dict[str, tuple[Callable[[str], Any], str]] = {
    "--host": (str, "an address"),
    "--port": (_port, "a port from 0 to 65535"),
    "--seed": (int, "an integer"),
    "--latency-ms": (_latency, "milliseconds >= 0"),
    "--api-key": (str, "a key"),
}


def parse(argv: Sequence[str]) -> dict[str, Any]:
    """``--name value`` pairs (and the ``--strict`` flag) as :func:`serve` keyword arguments;
    ``ValueError`` naming the option if one is malformed."""
    options: dict[str, Any] = {}
    args = iter(argv)
    for name in args:
        if name == "--strict":
            options["strict"] = True
            continue
        if name not in _OPTIONS:
            raise ValueError(f"unknown option {name}")
        raw = next(args, None)
        if raw is None:
            raise ValueError("every option needs a value")
        convert, expected = _OPTIONS[name]
        try:
            options[name[2:].replace("-", "_")] = convert(raw)
        except ValueError:
            raise ValueError(f"{name}: expected {expected}, got {raw!r}") from None
    return options


def _ready(telnyx_url: str, inumbering_url: str) -> None:
    print(f"Telnyx base URL:     {telnyx_url}", flush=True)
    print(f"iNumbering base URL: {inumbering_url}", flush=True)


async def _run(options: dict[str, Any]) -> None:
    task = asyncio.current_task()
    if task is not None and sys.platform != "win32":
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await serve(**options, ready=_ready)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server; the exit status."""
    try:
        options = parse(sys.argv[1:] if argv is None else argv)
    except ValueError as exc:
        print(f"{exc}\n{USAGE}", file=sys.stderr)
        return 2
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_run(options))
    except OSError as exc:  # the address: taken, unknown, not ours
        host, port = options.get("host", "127.0.0.1"), options.get("port", 8765)
        print(f"cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
