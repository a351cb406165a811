"""How far one aiohttp request got, so a failure can say whether it may have been sent.

aiohttp writes nothing of a request before its connector hands over a connection, and it
signals, through :class:`aiohttp.TraceConfig`, when a request starts waiting for a pooled
connection, when it starts opening a new one, and when it holds one (reused or created).
:data:`TRACE_CONFIG` records those signals in the :class:`Progress` a request passes as
``trace_request_ctx``; requests that pass anything else (a caller's own, on a shared session)
are ignored. The config holds no state, so one instance serves every session.

Only a phase positively signalled as before the connection counts as "surely not sent": a
request that saw no signal at all (a mocked session, a connector that emits none) is treated
as possibly sent, so a purchase is never resent on a guess.
"""

from __future__ import annotations

import enum
from types import SimpleNamespace
from typing import Any

import aiohttp

__all__ = ["TRACE_CONFIG", "Phase", "Progress", "track"]


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


class Progress:
    """The phase of one request, updated by :data:`TRACE_CONFIG`."""

    __slots__ = ("phase",)

    def __init__(self) -> None:
        self.phase = Phase.STARTED

    @property
    def surely_unsent(self) -> bool:
        """Whether the request is known to be waiting for, or opening, its connection."""
        return self.phase is Phase.POOL or self.phase is Phase.CONNECTING


def _setter(phase: Phase) -> Any:
    async def on_signal(session: aiohttp.ClientSession, ctx: SimpleNamespace, params: Any) -> None:
        progress = ctx.trace_request_ctx
        if isinstance(progress, Progress) and progress.phase is not Phase.CONNECTED:
            progress.phase = phase

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
"""Records each request's :class:`Progress`; add it to every session the transport uses."""


def track(session: aiohttp.ClientSession) -> None:
    """Make ``session`` report progress to :data:`TRACE_CONFIG` (idempotent).

    A session takes its trace configs when it is built; for a caller's session, the config is
    appended to the list its public ``trace_configs`` property returns, which aiohttp reads
    on every request. The caller's other requests are unaffected (see the module docstring).
    """
    configs = session.trace_configs
    if TRACE_CONFIG not in configs:
        configs.append(TRACE_CONFIG)
