"""Scan every NPA of a state on every provider and write the coverage as CSV.

    python examples/scan_state.py NJ nj.csv

The state's NPAs come from the NANP geography of ``numbering_async.nanp`` (no API call; it
needs the ``sandbox`` extra); then every NPA is scanned on every provider in parallel with
``numbering_async.bulk.stream``, and each row is written as soon as its query finishes (so
memory stays flat however large the scan). With no TELNYX_API_KEY / INUMBERING_API_KEY it
scans the embedded sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import sys
from collections.abc import Sequence
from typing import TextIO

from _clients import Client, open_clients

from numbering_async import CoverageQuery, InvalidRequestError, bulk, nanp

COLUMNS = ("npa", "nxx", "locality", "state", "provider", "count")


def state_npas(state: str) -> list[str]:
    """The NPAs with NANP blocks in ``state`` (``InvalidRequestError`` for an unknown state)."""
    return sorted({block.npa for block in nanp.blocks(state=state)})


async def scan_state(clients: Sequence[Client], state: str, out: TextIO) -> int:
    """Write one CSV row per (NPA, locality or block, provider); return the rows written."""
    npas = state_npas(state)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    written = 0
    queries = [CoverageQuery(npa=npa, state=state) for npa in npas]  # NPAs can cross states
    async with contextlib.aclosing(bulk.stream(clients, queries, concurrency=8)) as results:
        async for result in results:
            if result.error is not None:
                failed = f"{result.query.describe()} on {result.provider}: {result.error}"
                print(failed, file=sys.stderr)
            for row in result.rows or ():
                writer.writerow([getattr(row, column) for column in COLUMNS])
                written += 1
    return written


async def scan_to(state: str, out: TextIO) -> int:
    """Scan ``state`` with the clients of ``open_clients`` and write the CSV to ``out``."""
    async with open_clients() as clients:
        return await scan_state(clients, state, out)


def main(args: Sequence[str]) -> str | None:
    """Run the command line; an error message (one line) or ``None``.

    The state is checked before the output file is created, so a bad one leaves no file.
    """
    if len(args) != 2:
        return "usage: python examples/scan_state.py STATE OUTPUT.csv"
    state, path = args
    try:
        state_npas(state)
    except InvalidRequestError as exc:
        return f"scan_state.py: {exc}"
    try:
        with open(path, "w", encoding="utf-8", newline="") as output:
            rows = asyncio.run(scan_to(state, output))
    except OSError as exc:
        return f"scan_state.py: cannot write {path}: {exc.strerror or exc}"
    print(f"wrote {rows} rows to {path}", file=sys.stderr)
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
