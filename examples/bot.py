"""A chat-bot-style loop that answers "numbers near 201" with a few available numbers.

    python examples/bot.py
    > any numbers near 201?
    Numbers near 201: +12012000123 (Jersey City, NJ, telnyx), ...

Messages are handled concurrently, all sharing the same clients; the loop ends at end of
input (Ctrl-D) and waits for the answers still being worked on. With no TELNYX_API_KEY /
INUMBERING_API_KEY it answers from the embedded sandbox.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable, Sequence

from _clients import Client, open_clients, search_everywhere

from numbering_async import AvailableNumber, CoverageQuery, InvalidRequestError

ASK = re.compile(r"\bnumbers?\s+(?:near|in|around)\s+(\d+)", re.IGNORECASE)
PER_PROVIDER = 3


def _describe(number: AvailableNumber) -> str:
    where = ", ".join(part for part in (number.locality, number.state) if part)
    return f"{number.phone_number} ({where}, {number.provider})"


async def reply_to(message: str, clients: Sequence[Client]) -> str | None:
    """The answer to one message, or ``None`` when it does not ask for numbers."""
    asked = ASK.search(message)
    if asked is None:
        return None
    try:
        query = CoverageQuery(npa=asked[1])
    except InvalidRequestError:
        return f"{asked[1]} is not an area code; try something like 'numbers near 201'."
    numbers, failed = await search_everywhere(clients, query, PER_PROVIDER)
    found = [_describe(number) for number in numbers]
    found += [f"({provider} is not answering right now)" for provider in failed]
    if not found:
        return f"No numbers available near {query.npa} right now."
    return f"Numbers near {query.npa}: " + ", ".join(found)


async def run_bot(
    inbox: asyncio.Queue[str | None],
    send: Callable[[str], Awaitable[None]],
    clients: Sequence[Client],
) -> None:
    """Answer every message from ``inbox`` concurrently until ``None`` arrives."""

    async def handle(message: str) -> None:
        answer = await reply_to(message, clients)
        if answer is not None:
            await send(answer)

    async with asyncio.TaskGroup() as answering:
        while (message := await inbox.get()) is not None:
            answering.create_task(handle(message))


async def main() -> None:
    """Read messages from stdin, print the answers."""
    inbox: asyncio.Queue[str | None] = asyncio.Queue()

    async def read_stdin() -> None:
        while line := await asyncio.to_thread(sys.stdin.readline):
            await inbox.put(line)
        await inbox.put(None)

    async def send(text: str) -> None:
        print(text, flush=True)

    async with open_clients() as clients:
        reader = asyncio.create_task(read_stdin())
        await run_bot(inbox, send, clients)
        await reader


if __name__ == "__main__":
    asyncio.run(main())
