"""A stateful sandbox of the Telnyx and iNumbering APIs, with fault injection.

Three ways to run it:

- in-process, no sockets: ``async with Sandbox(seed=1) as sb:`` then
  ``TelnyxClient(api_key="sk_test_0123456789", transport=sb.transport())``;
- a real server: :class:`SandboxServer` (``async with SandboxServer(sb) as srv:``), or
  :func:`serve` / ``python -m numbering_async.sandbox`` / ``numbering-async sandbox``;
- pytest fixtures (``numbering_sandbox``, ``numbering_sandbox_server``,
  ``telnyx_sandbox_client``, ``inumbering_sandbox_client``), registered by the package's
  ``pytest11`` entry point.

The inventory needs the ``sandbox`` extra (``phonenumbers``); it is loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numbering_async.sandbox._clock import Clock
    from numbering_async.sandbox._counts import Counts
    from numbering_async.sandbox._faults import FAULT_KINDS, LATE_ANSWERS, Fault, Faults
    from numbering_async.sandbox._late import LateCommit, LateCommits
    from numbering_async.sandbox._sandbox import Sandbox
    from numbering_async.sandbox._transport import SandboxTransport
    from numbering_async.sandbox.server import SandboxServer, serve

__all__ = [
    "FAULT_KINDS",
    "LATE_ANSWERS",
    "Clock",
    "Counts",
    "Fault",
    "Faults",
    "LateCommit",
    "LateCommits",
    "Sandbox",
    "SandboxServer",
    "SandboxTransport",
    "serve",
]

# Names load on first use, so the pytest plugin (a submodule) imports nothing heavy.
_HOMES = {
    "FAULT_KINDS": "_faults",
    "Fault": "_faults",
    "Faults": "_faults",
    "LATE_ANSWERS": "_faults",
    "LateCommit": "_late",
    "LateCommits": "_late",
    "Sandbox": "_sandbox",
    "Clock": "_clock",
    "Counts": "_counts",
    "SandboxTransport": "_transport",
    "SandboxServer": "server",
    "serve": "server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
