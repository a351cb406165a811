"""How far one aiohttp request got, so a failure can say whether it may have been sent.

aiohttp writes nothing of a request before its connector hands over a connection, and the
connector signals, through the :class:`aiohttp.tracing.Trace` objects it is given, when a
request starts waiting for a pooled connection, when it starts opening a new one, and when it
holds one (reused or created). Those signals are recorded in two ways that see exactly the same
calls:

- on the transport's own session, the session has no trace config: its
  :class:`TrackingConnector` gives the connector, for the connector only, one more trace of its
  own, its :class:`PhaseTracker`, which records the phase of each request by the task sending
  it (a task sends one request at a time, and the connector signals from that task). Until a
  request waits or opens a connection nothing is recorded for it, so a request that finds a
  pooled connection costs nothing more than that trace's one signal;
- on a caller's session, :data:`TRACE_CONFIG` (added to the session by :func:`track`) records
  the same signals in the :class:`Progress` a request passes as ``trace_request_ctx``;
  requests that pass anything else (the caller's own) are ignored. The config holds no
  state, so one instance serves every session.

Only a phase positively signalled as before the connection counts as "surely not sent": a
request that saw no signal at all (a mocked session, a connector that emits none) is treated
as possibly sent, so a purchase is never resent on a guess (:attr:`Phase.STARTED` and
:attr:`Phase.CONNECTED` are judged alike).
"""

from __future__ import annotations

import enum
import functools
from asyncio import current_task
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp.tracing import Trace

from numbering_async.transports._aiohttp_read_timer import RESPONSE_HANDLER

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from aiohttp.client_reqrep import ClientRequest
    from aiohttp.connector import Connection

__all__ = [
    "TRACE_CONFIG",
    "Phase",
    "PhaseTracker",
    "Progress",
    "TrackingConnector",
    "surely_unsent",
    "track",
]


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


def surely_unsent(phase: Phase) -> bool:
    """Whether a request in ``phase`` is known to be waiting for, or opening, its connection."""
    return phase is Phase.POOL or phase is Phase.CONNECTING


class Progress:
    """The phase of one request on a caller's session, updated by :data:`TRACE_CONFIG`."""

    __slots__ = ("phase",)

    def __init__(self) -> None:
        self.phase = Phase.STARTED

    def reach(self, phase: Phase) -> None:
        """Record a signal of ``phase``; a request holding its connection stays there."""
        if self.phase is not Phase.CONNECTED:
            self.phase = phase


_SILENT = aiohttp.TraceConfig()
_SILENT.freeze()


class PhaseTracker(Trace):
    """The phase of each request a :class:`TrackingConnector` serves, by sending task.

    It is the trace the connector signals; its other signals (DNS...) go to a config without
    receivers, so the session and context a :class:`aiohttp.tracing.Trace` passes its
    receivers are never used (and ``Trace.__init__`` is not run). A task's phase is kept from
    its request's first wait or new connection until :meth:`forget`, which the transport calls
    when the request ends.
    """

    _trace_config = _SILENT
    _session: Any = None
    _trace_config_ctx = SimpleNamespace()

    def __init__(self) -> None:
        self.phases: dict[object, Phase] = {}
        """The recorded phase of each request by sending task (read it, never change it), kept
        from its first wait or new connection until :meth:`forget`: empty while no request in
        flight has waited for or opened a connection, when ``forget`` has nothing to do."""

    def phase(self) -> Phase:
        """The phase of the current task's request."""
        return self.phases.get(current_task(), Phase.STARTED)

    def forget(self) -> None:
        """End the current task's request: its next one starts again (a sender skips the call
        while :attr:`phases` is empty)."""
        self.phases.pop(current_task(), None)

    def _reach(self, phase: Phase) -> None:
        task = current_task()
        if self.phases.get(task) is not Phase.CONNECTED:
            self.phases[task] = phase

    async def send_connection_queued_start(self) -> None:
        self._reach(Phase.POOL)

    async def send_connection_queued_end(self) -> None:
        self._reach(Phase.CONNECTING)

    async def send_connection_create_start(self) -> None:
        self._reach(Phase.CONNECTING)

    async def send_connection_create_end(self) -> None:
        self.phases[current_task()] = Phase.CONNECTED

    async def send_connection_reuseconn(self) -> None:
        # A request that found a pooled connection at once has nothing recorded: STARTED is
        # judged as CONNECTED is. One that waited or connected first now holds its connection.
        phases = self.phases
        if phases:
            task = current_task()
            if task in phases:
                phases[task] = Phase.CONNECTED


class TrackingConnector(aiohttp.TCPConnector):
    """A ``TCPConnector`` that also signals each request's connection to its
    :attr:`tracker`, given to it as one more trace.

    Its connections time reads with :data:`~._aiohttp_read_timer.RESPONSE_HANDLER`.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._factory = functools.partial(RESPONSE_HANDLER, loop=self._loop)
        self.tracker = PhaseTracker()
        """Records the phase of each request this connector serves."""
        self._tracker_only: list[Trace] = [self.tracker]  # aiohttp only reads it

    def connect(
        self, req: ClientRequest, traces: list[Trace], timeout: aiohttp.ClientTimeout
    ) -> Coroutine[Any, Any, Connection]:
        """``TCPConnector.connect`` with the tracker among the traces (its coroutine, as is)."""
        return super().connect(
            req, [*traces, self.tracker] if traces else self._tracker_only, timeout
        )


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
