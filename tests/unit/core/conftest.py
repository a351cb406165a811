"""Fixtures of the core tests."""

from __future__ import annotations

import asyncio

import pytest

from numbering_async import _client


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits the pipeline asks for, without waiting."""
    recorded: list[float] = []
    real_sleep = asyncio.sleep

    async def fake_sleep(delay: float) -> None:
        recorded.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(_client.asyncio, "sleep", fake_sleep)
    return recorded
