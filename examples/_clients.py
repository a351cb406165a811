"""Clients for the examples: the real APIs when keys are set, else the embedded sandbox."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import AsyncIterator

from numbering_async import INumberingClient, TelnyxClient
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
                TelnyxClient("sandbox", transport=sandbox.transport()),
                INumberingClient("sandbox", transport=sandbox.transport()),
            ]
        for client in clients:
            await stack.enter_async_context(client)
        yield clients
