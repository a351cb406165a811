"""A stateful sandbox of the Telnyx and iNumbering APIs, with fault injection.

Three ways to run it:

- in-process, no sockets: ``async with Sandbox(seed=1) as sb:`` then
  ``TelnyxClient(api_key="test", transport=sb.transport())``;
- a real server: :class:`SandboxServer` (``async with SandboxServer(sb) as srv:``), or
  :func:`serve` / ``python -m numbering_async.sandbox`` / ``numbering-async sandbox``;
- pytest fixtures (``numbering_sandbox``, ``numbering_sandbox_server``,
  ``telnyx_sandbox_client``, ``inumbering_sandbox_client``), registered by the package's
  ``pytest11`` entry point.

The inventory needs the ``sandbox`` extra (``phonenumbers``); it is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from numbering_async.sandbox._faults import FAULT_KINDS, Fault, Faults
from numbering_async.sandbox._sandbox import Sandbox
from numbering_async.sandbox._state import Clock, Counts
from numbering_async.sandbox._transport import SandboxTransport

if TYPE_CHECKING:
    from numbering_async.sandbox.server import SandboxServer, serve

__all__ = [
    "FAULT_KINDS",
    "Clock",
    "Counts",
    "Fault",
    "Faults",
    "Sandbox",
    "SandboxServer",
    "SandboxTransport",
    "serve",
]


def __getattr__(name: str) -> Any:
    # The server pulls in aiohttp.web; import it only when asked for.
    if name in ("SandboxServer", "serve"):
        from numbering_async.sandbox import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
