"""The ``world`` fixture and the checks every reliability test gets for free.

After each test that uses ``world``: no connection is still held, no order was placed twice,
the API key is in no log record (captured at DEBUG), no error (text, repr, attributes, causes)
and no event-hook event, nothing was logged at ERROR (a sandbox handler crashing, say), and
once the server and clients are closed no task is left pending.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from .harness import World, key_leaks

_FORMATTER = logging.Formatter()


@pytest.fixture
async def world(caplog: pytest.LogCaptureFixture) -> AsyncIterator[World]:
    """A sandbox server with both clients (see :class:`World`), checked afterwards."""
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    async with World.open() as opened:
        yield opened
        assert opened.connections_in_use == 0
        assert opened.orders_placed_twice() == {}
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    for record in records:
        record.exc_text = _FORMATTER.formatException(record.exc_info) if record.exc_info else None
    assert key_leaks(records, opened.errors, opened.events) == []
    assert [r.getMessage() for r in records if r.levelno >= logging.ERROR] == []
    pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    assert pending == []
