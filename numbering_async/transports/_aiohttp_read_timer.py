"""aiohttp's ``sock_read`` timeout, with one timer per connection instead of two per request.

aiohttp's response protocol enforces ``sock_read`` (the longest silence allowed while a
response is awaited) by cancelling and scheduling an event-loop timer when the request has been
written, on every chunk that arrives, and dropping it when the body ends: two timers and three
cancellations for a small answer, a tenth of the CPU of a keep-alive request.
:class:`LazyReadTimeoutHandler` keeps the same deadline, ``sock_read`` after the last sign of
life, but only moves a number when it changes: the connection's timer, when it fires, checks
that number and sleeps again until the new deadline if one was set since, or raises the
timeout exactly as aiohttp does if none was, or does nothing if the response has ended. A
timeout therefore fires at the very moment aiohttp's own would. The timer is cancelled when
the connection is lost.

The class overrides three private methods of ``aiohttp.client_proto.ResponseHandler``
(unchanged from aiohttp 3.12 to today); :data:`RESPONSE_HANDLER` is plain aiohttp's class if a
release lacks any of them.
"""

from __future__ import annotations

import asyncio

from aiohttp.client_proto import ResponseHandler

__all__ = ["RESPONSE_HANDLER", "LazyReadTimeoutHandler"]


class LazyReadTimeoutHandler(ResponseHandler):
    """A ``ResponseHandler`` whose ``sock_read`` timer is re-armed only when it fires."""

    _read_deadline: float | None = None
    """When the silence becomes a timeout (loop time); ``None`` while not timing a read."""
    _read_timer: asyncio.TimerHandle | None = None
    _read_timer_when: float = 0.0

    def _reschedule_timeout(self) -> None:
        timeout = self._read_timeout
        if not timeout:
            self._read_deadline = None
            return
        deadline = self._loop.time() + timeout
        self._read_deadline = deadline
        timer = self._read_timer
        if timer is None or deadline < self._read_timer_when:
            if timer is not None:
                timer.cancel()
            self._arm(deadline)

    def _drop_timeout(self) -> None:
        self._read_deadline = None

    def _arm(self, when: float) -> None:
        self._read_timer_when = when
        self._read_timer = self._loop.call_at(when, self._on_read_timer)

    def _on_read_timer(self) -> None:
        deadline = self._read_deadline
        if deadline is not None and deadline > self._read_timer_when:
            self._arm(deadline)  # a sign of life since the timer was set
            return
        self._read_timer = None
        if deadline is not None:
            self._on_read_timeout()

    def connection_lost(self, exc: BaseException | None) -> None:
        super().connection_lost(exc)
        timer = self._read_timer
        if timer is not None:
            timer.cancel()
            self._read_timer = None


_OVERRIDDEN = ("_reschedule_timeout", "_drop_timeout", "_on_read_timeout")

RESPONSE_HANDLER: type[ResponseHandler] = (
    LazyReadTimeoutHandler
    if all(hasattr(ResponseHandler, name) for name in _OVERRIDDEN)
    else ResponseHandler
)
"""The protocol class the transport's own connector builds its connections with."""
