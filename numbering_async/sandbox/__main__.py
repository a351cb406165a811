"""``python -m numbering_async.sandbox [--host H] [--port P] [--seed N] [--latency-ms MS]
[--api-key KEY]``: serve the sandbox until Ctrl-C or SIGTERM.

The ``numbering-async sandbox`` command does the same with nicer help.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence
from typing import Any

from numbering_async.sandbox.server import serve

USAGE = (
    "usage: python -m numbering_async.sandbox [--host HOST] [--port PORT] [--seed N] "
    "[--latency-ms MS] [--api-key KEY]"
)
_OPTIONS = {"--host": str, "--port": int, "--seed": int, "--latency-ms": float, "--api-key": str}


def parse(argv: Sequence[str]) -> dict[str, Any]:
    """``--name value`` pairs as :func:`serve` keyword arguments; ``ValueError`` if malformed."""
    if len(argv) % 2:
        raise ValueError("every option needs a value")
    options: dict[str, Any] = {}
    for name, raw in zip(argv[::2], argv[1::2], strict=True):
        kind = _OPTIONS.get(name)
        if kind is None:
            raise ValueError(f"unknown option {name}")
        options[name[2:].replace("-", "_")] = kind(raw)
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
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(options))
    return 0


if __name__ == "__main__":
    sys.exit(main())
