"""The ``world`` fixtures and the checks every reliability test gets for free.

``world`` is a :class:`World` with the matrix's retry policy; ``late_world`` the same with the
late-commit cells' short settle window. After each test that uses either: no connection is
still held, no order was placed twice,
the API key is in no log record (captured at DEBUG), no error (text, repr, attributes, causes)
and no event-hook event, nothing was logged at ERROR (a sandbox handler crashing, say), and
once the server and clients are closed no task is left pending.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from .harness import LATE, World, key_leaks

_FORMATTER = logging.Formatter()


@pytest.fixture
async def world(caplog: pytest.LogCaptureFixture) -> AsyncIterator[World]:
    """A sandbox server with both clients (see :class:`World`), checked afterwards."""
    async for opened in _checked(caplog):
        yield opened


@pytest.fixture
async def late_world(caplog: pytest.LogCaptureFixture) -> AsyncIterator[World]:
    """``world`` whose clients settle ambiguous writes over the late-commit cells' window."""
    async for opened in _checked(caplog, retry=LATE):
        yield opened


async def _checked(caplog: pytest.LogCaptureFixture, **options: Any) -> AsyncIterator[World]:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    async with World.open(**options) as opened:
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
