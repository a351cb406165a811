"""How far one aiohttp request got, so a failure can say whether it may have been sent.

aiohttp writes nothing of a request before its connector hands over a connection, and the
connector signals, through the :class:`aiohttp.tracing.Trace` objects it is given, when a
request starts waiting for a pooled connection, when it starts opening a new one, and when it
holds one (reused or created). A request's :class:`Progress` records those signals in two ways
that see exactly the same calls:

- on the transport's own session, the session has no trace config: its
  :class:`TrackingConnector` gives the connector, for the connector only, the request's
  :class:`Progress` itself as a trace (found in :data:`CURRENT`, which the transport sets
  around the request), so the signals reach it directly. Nothing else of the request is
  traced;
- on a caller's session, :data:`TRACE_CONFIG` (added to the session by :func:`track`) records
  the same signals in the :class:`Progress` a request passes as ``trace_request_ctx``;
  requests that pass anything else (the caller's own) are ignored. The config holds no
  state, so one instance serves every session.

Only a phase positively signalled as before the connection counts as "surely not sent": a
request that saw no signal at all (a mocked session, a connector that emits none) is treated
as possibly sent, so a purchase is never resent on a guess.
"""

from __future__ import annotations

import enum
import functools
from contextvars import ContextVar
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp.tracing import Trace

from numbering_async.transports._aiohttp_read_timer import RESPONSE_HANDLER

if TYPE_CHECKING:
    from aiohttp.client_reqrep import ClientRequest
    from aiohttp.connector import Connection

__all__ = ["CURRENT", "TRACE_CONFIG", "Phase", "Progress", "TrackingConnector", "track"]


class Phase(enum.Enum):
    """Where a request is: only in :attr:`POOL` and :attr:`CONNECTING` is it surely unsent."""

    STARTED = "started"
    """No signal yet; treated as possibly sent, as no signal may ever come."""
    POOL = "pool"
    """Waiting for a free connection: the pool's limit is reached."""
    CONNECTING = "connecting"
    """Opening a new connection (DNS, TCP, TLS)."""
    CONNECTED = "connected"
    """Holding a connection: from here on the request may have been (partly) written."""


_SILENT = aiohttp.TraceConfig()
_SILENT.freeze()
_NO_CONTEXT = SimpleNamespace()


class Progress(Trace):
    """The phase of one request, updated by :data:`TRACE_CONFIG` or a
    :class:`TrackingConnector`.

    It is also the trace a :class:`TrackingConnector` gives its connector, which hands it
    the connection signals directly; its other signals (DNS...) go to a config without
    receivers, so the session and context a :class:`aiohttp.tracing.Trace` passes its
    receivers are never used (and ``Trace.__init__`` is not run).
    """

    _trace_config = _SILENT
    _session: Any = None
    _trace_config_ctx = _NO_CONTEXT

    def __init__(self) -> None:
        self.phase = Phase.STARTED

    @property
    def surely_unsent(self) -> bool:
        """Whether the request is known to be waiting for, or opening, its connection."""
        return self.phase is Phase.POOL or self.phase is Phase.CONNECTING

    def reach(self, phase: Phase) -> None:
        """Record a signal of ``phase``; a request holding its connection stays there."""
        if self.phase is not Phase.CONNECTED:
            self.phase = phase

    async def send_connection_queued_start(self) -> None:
        self.reach(Phase.POOL)

    async def send_connection_queued_end(self) -> None:
        self.reach(Phase.CONNECTING)

    async def send_connection_create_start(self) -> None:
        self.reach(Phase.CONNECTING)

    async def send_connection_create_end(self) -> None:
        self.phase = Phase.CONNECTED

    async def send_connection_reuseconn(self) -> None:
        self.phase = Phase.CONNECTED


CURRENT: ContextVar[Progress | None] = ContextVar("numbering_async_progress", default=None)
"""The :class:`Progress` of the request the transport is sending in this context (set
around the request, reset after it)."""


class TrackingConnector(aiohttp.TCPConnector):
    """A ``TCPConnector`` that also signals each request's connection to its
    :class:`Progress` (the one in :data:`CURRENT`), given to it as one more trace.

    Its connections time reads with :data:`~._aiohttp_read_timer.RESPONSE_HANDLER`.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._factory = functools.partial(RESPONSE_HANDLER, loop=self._loop)

    async def connect(
        self, req: ClientRequest, traces: list[Trace], timeout: aiohttp.ClientTimeout
    ) -> Connection:
        progress = CURRENT.get()
        if progress is not None:
            traces = [*traces, progress]
        return await super().connect(req, traces, timeout)


def _setter(phase: Phase) -> Any:
    async def on_signal(session: aiohttp.ClientSession, ctx: SimpleNamespace, params: Any) -> None:
        progress = ctx.trace_request_ctx
        if isinstance(progress, Progress):
            progress.reach(phase)

    return on_signal


def _trace_config() -> aiohttp.TraceConfig:
    config = aiohttp.TraceConfig()
    config.on_connection_queued_start.append(_setter(Phase.POOL))
    config.on_connection_queued_end.append(_setter(Phase.CONNECTING))
    config.on_connection_create_start.append(_setter(Phase.CONNECTING))
    config.on_connection_create_end.append(_setter(Phase.CONNECTED))
    config.on_connection_reuseconn.append(_setter(Phase.CONNECTED))
    config.freeze()
    return config


TRACE_CONFIG = _trace_config()
"""Records each request's :class:`Progress`; :func:`track` adds it to a caller's session."""


def track(session: aiohttp.ClientSession) -> None:
    """Make ``session`` report progress to :data:`TRACE_CONFIG` (idempotent).

    A session takes its trace configs when it is built; for a caller's session, the config is
    appended to the list its public ``trace_configs`` property returns, which aiohttp reads
    on every request. The caller's other requests are unaffected (see the module docstring).
    """
    configs = session.trace_configs
    if TRACE_CONFIG not in configs:
        configs.append(TRACE_CONFIG)
