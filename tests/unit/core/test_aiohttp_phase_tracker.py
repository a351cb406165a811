"""The transport's own connector records how far each request got by the task sending it.

A request that finds a pooled connection at once records nothing (judged as possibly sent, as a
connected one is); one that waits or connects is recorded until the transport forgets it. The
tracker is a trace aiohttp signals directly without running ``Trace.__init__``, so every signal
aiohttp may send it must work on it (a release that renamed what a trace reads would fail
here, not silently in a request).
"""

from __future__ import annotations

import asyncio
import inspect

import aiohttp
import pytest
from aiohttp import web
from aiohttp.tracing import Trace

from numbering_async import (
    AiohttpTransport,
    HttpRequest,
    HttpResponse,
    PoolTimeoutError,
    TimeoutError,
)
from numbering_async.transports._aiohttp_progress import Phase, PhaseTracker

from .servers import cancel_all, running_app


async def test_phases_are_kept_per_sending_task_and_forgotten_at_the_end() -> None:
    tracker = PhaseTracker()
    waiting, done = asyncio.Event(), asyncio.Event()

    async def waits_in_the_pool() -> Phase:
        await tracker.send_connection_queued_start()
        waiting.set()
        await done.wait()
        return tracker.phase()

    other = asyncio.create_task(waits_in_the_pool())
    await waiting.wait()
    assert tracker.phase() is Phase.STARTED  # this task signalled nothing
    await tracker.send_connection_create_start()
    assert tracker.phase() is Phase.CONNECTING
    tracker.forget()
    assert tracker.phase() is Phase.STARTED
    done.set()
    assert await other is Phase.POOL  # untouched by this task's signals and forget


async def test_a_request_holds_its_connection_only_once_signalled() -> None:
    tracker = PhaseTracker()
    await tracker.send_connection_reuseconn()  # a pooled connection at once: nothing kept
    assert tracker.phase() is Phase.STARTED
    await tracker.send_connection_queued_start()
    await tracker.send_connection_queued_end()
    assert tracker.phase() is Phase.CONNECTING
    await tracker.send_connection_reuseconn()  # after waiting: now it holds one
    assert tracker.phase() is Phase.CONNECTED
    await tracker.send_connection_queued_start()  # a holder never goes back
    assert tracker.phase() is Phase.CONNECTED
    tracker.forget()
    await tracker.send_connection_create_start()
    await tracker.send_connection_create_end()
    assert tracker.phase() is Phase.CONNECTED


_OTHER_SIGNALS = sorted(
    name
    for name in vars(Trace)
    if name.startswith("send_") and not name.startswith("send_connection_")
)


@pytest.mark.parametrize("signal", _OTHER_SIGNALS)
async def test_every_other_signal_reaches_no_receiver_and_changes_nothing(signal: str) -> None:
    assert _OTHER_SIGNALS  # DNS, request and response signals
    tracker = PhaseTracker()
    method = getattr(tracker, signal)
    await method(*[None] * len(inspect.signature(method).parameters))
    assert tracker.phase() is Phase.STARTED


@pytest.mark.parametrize("kind", ["owned", "caller"])
async def test_a_timeout_on_a_held_connection_is_not_taken_for_another_tasks_pool_wait(
    kind: str,
) -> None:
    entered, stop = asyncio.Event(), asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        if request.path == "/hold":
            entered.set()
            await stop.wait()
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    async with running_app(app) as base:
        session = (
            None
            if kind == "owned"
            else aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1))
        )
        transport = AiohttpTransport(session, limit=1)
        tasks: list[asyncio.Task[HttpResponse]] = []

        def send(path: str, timeout: float) -> asyncio.Task[HttpResponse]:
            request = HttpRequest("POST", base / path, body=b"{}", timeout=timeout)
            tasks.append(asyncio.create_task(transport.send(request)))
            return tasks[-1]

        try:
            held = send("hold", 0.3)
            await entered.wait()  # the pool's only connection is taken
            queued = send("order", 5)
            with pytest.raises(TimeoutError) as caught:
                await held  # times out while the other task waits in the pool
            assert (await queued).status == 200  # its wait ended with a connection
            entered.clear()
            blocker = send("hold", 5)
            await entered.wait()
            with pytest.raises(PoolTimeoutError):  # a wait still reads as a wait after that
                await send("order", 0.05)
            stop.set()
            assert (await blocker).status == 200
        finally:
            stop.set()
            await cancel_all(tasks)
            await transport.aclose()
            if session is not None:
                await session.close()
    assert type(caught.value) is TimeoutError
    assert caught.value.request_sent is True
