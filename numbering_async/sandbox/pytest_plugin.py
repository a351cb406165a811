"""pytest fixtures for testing your code against the sandbox.

Registered through the ``pytest11`` entry point, so installing ``numbering_async`` (with the
``sandbox`` extra) is all it takes::

    async def test_buys_a_number(telnyx_sandbox_client, numbering_sandbox):
        telnyx = telnyx_sandbox_client
        numbers = await telnyx.available_phone_numbers.list(national_destination_code=201, limit=1)
        ...
        assert numbering_sandbox.counts.orders_for("my-ref") == 1

``numbering_sandbox``          a fresh in-process :class:`~numbering_async.sandbox.Sandbox`,
                               strict: an undeclared query key or body field is a 400, so a
                               test catches what the real service would silently ignore
``numbering_sandbox_server``   a real :class:`~numbering_async.sandbox.SandboxServer` on an
                               ephemeral port, serving ``numbering_sandbox``
``telnyx_sandbox_client``      a ``TelnyxClient`` wired to ``numbering_sandbox`` in-process
``inumbering_sandbox_client``  an ``INumberingClient`` wired to ``numbering_sandbox`` in-process

The fixtures need pytest-asyncio. This module imports nothing heavy: the sandbox, its dataset
(``phonenumbers``) and the clients load when a fixture is first used.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from numbering_async import INumberingClient, TelnyxClient
    from numbering_async.sandbox import Sandbox, SandboxServer

_CLIENT_KEY = "sk_test_sandbox_fixture"
"""The key the client fixtures send (the sandbox accepts any; clients refuse short ones)."""


def _fixture(function: Callable[..., AsyncIterator[Any]]) -> Any:
    """A pytest-asyncio fixture; without pytest-asyncio, one that fails saying so."""
    try:
        import pytest_asyncio
    except ImportError:
        pass
    else:
        return pytest_asyncio.fixture(function)

    def unavailable() -> None:
        pytest.fail("the numbering_async sandbox fixtures need pytest-asyncio")

    unavailable.__name__ = function.__name__
    unavailable.__doc__ = function.__doc__
    return pytest.fixture(unavailable)


@_fixture
async def numbering_sandbox() -> AsyncIterator[Sandbox]:
    """A fresh in-process sandbox (seed 1, any API key accepted, strict)."""
    from numbering_async.sandbox import Sandbox

    async with Sandbox(seed=1, strict=True) as sandbox:
        yield sandbox


@_fixture
async def numbering_sandbox_server(numbering_sandbox: Sandbox) -> AsyncIterator[SandboxServer]:
    """``numbering_sandbox`` served over HTTP on 127.0.0.1 and an ephemeral port."""
    from numbering_async.sandbox import SandboxServer

    async with SandboxServer(numbering_sandbox) as server:
        yield server


@_fixture
async def telnyx_sandbox_client(numbering_sandbox: Sandbox) -> AsyncIterator[TelnyxClient]:
    """A ``TelnyxClient`` answered in-process by ``numbering_sandbox``."""
    from numbering_async import TelnyxClient

    async with TelnyxClient(api_key=_CLIENT_KEY, transport=numbering_sandbox.transport()) as client:
        yield client


@_fixture
async def inumbering_sandbox_client(
    numbering_sandbox: Sandbox,
) -> AsyncIterator[INumberingClient]:
    """An ``INumberingClient`` answered in-process by ``numbering_sandbox``."""
    from numbering_async import INumberingClient

    async with INumberingClient(
        api_key=_CLIENT_KEY, transport=numbering_sandbox.transport()
    ) as client:
        yield client
