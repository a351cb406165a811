"""Clients for the examples: the real APIs when keys are set, else the embedded sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Sequence

from numbering_async import (
    AvailableNumber,
    CoverageQuery,
    INumberingClient,
    NumberingError,
    TelnyxClient,
)
from numbering_async.sandbox import Sandbox

Client = TelnyxClient | INumberingClient

_KEYS = ((TelnyxClient, "TELNYX_API_KEY"), (INumberingClient, "INUMBERING_API_KEY"))


@contextlib.asynccontextmanager
async def open_clients(*, seed: int = 1) -> AsyncIterator[list[Client]]:
    """One open client per provider that has a key; both on the sandbox when none has."""
    async with contextlib.AsyncExitStack() as stack:
        keyed = [cls for cls, env in _KEYS if os.environ.get(env)]
        if keyed:
            clients: list[Client] = [cls() for cls in keyed]
        else:
            print("no API keys set: using the embedded sandbox", file=sys.stderr)
            sandbox = await stack.enter_async_context(Sandbox(seed=seed))
            clients = [
                TelnyxClient("sk_test_0123456789", transport=sandbox.transport()),
                INumberingClient("sk_test_0123456789", transport=sandbox.transport()),
            ]
        for client in clients:
            await stack.enter_async_context(client)
        yield clients


async def search_everywhere(
    clients: Sequence[Client], query: CoverageQuery, limit: int
) -> tuple[list[AvailableNumber], dict[str, NumberingError]]:
    """Ask every client at once: the numbers found, and the error of each provider that failed.

    A provider's failure (a ``NumberingError``) never hides the others' numbers; any other
    exception is a bug and propagates.
    """
    answers = await asyncio.gather(
        *(client.search_numbers(query, limit) for client in clients), return_exceptions=True
    )
    found: list[AvailableNumber] = []
    failed: dict[str, NumberingError] = {}
    for client, answer in zip(clients, answers, strict=True):
        if isinstance(answer, NumberingError):
            failed[client.provider] = answer
        elif isinstance(answer, BaseException):
            raise answer
        else:
            found += answer
    return found, failed
