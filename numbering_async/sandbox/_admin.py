"""The admin routes under ``/_sandbox/``: faults, reset, state, counts and the clock, as JSON.

======  ===========================  ================================================
GET     /_sandbox/faults             ``{"faults": [...]}``
POST    /_sandbox/faults             add one fault (the JSON of :class:`Fault`'s options)
DELETE  /_sandbox/faults             remove every fault
DELETE  /_sandbox/faults/{id}        remove one fault
POST    /_sandbox/reset              back to the initial state
GET     /_sandbox/state              the state dump (``late_commits``: writes still held back)
GET     /_sandbox/counts             requests per route, orders per customer reference
POST    /_sandbox/clock              ``{"advance": seconds}`` moves the clock forward
======  ===========================  ================================================

Admin requests need no key and are neither counted nor faulted.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from numbering_async.sandbox._clock import Clock
from numbering_async.sandbox._counts import Counts
from numbering_async.sandbox._faults import Fault, Faults
from numbering_async.sandbox._routing import Call, Route, RouteTable
from numbering_async.sandbox._wire import Reply, SandboxRequest, json_reply

__all__ = ["ADMIN_PREFIX", "AdminRouter", "Administered"]

ADMIN_PREFIX = "/_sandbox/"


class Administered(Protocol):
    """What the admin routes act on (a :class:`~numbering_async.sandbox.Sandbox`)."""

    @property
    def faults(self) -> Faults:
        """The scripted faults."""

    @property
    def counts(self) -> Counts:
        """What was received."""

    @property
    def clock(self) -> Clock:
        """The sandbox's time."""

    def reset(self) -> None:
        """Back to the initial state."""

    def dump(self) -> dict[str, Any]:
        """The whole state as JSON-ready data."""

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""


class _BadInput(Exception):
    pass


class AdminRouter:
    """Answers the admin routes of one sandbox."""

    def __init__(self, sandbox: Administered) -> None:
        self.sandbox = sandbox
        base = ADMIN_PREFIX.rstrip("/")
        self.table = RouteTable(
            [
                Route("GET", f"{base}/faults", self.list_faults),
                Route("POST", f"{base}/faults", self.add_fault),
                Route("DELETE", f"{base}/faults", self.clear_faults),
                Route("DELETE", f"{base}/faults/{{id}}", self.remove_fault),
                Route("POST", f"{base}/reset", self.reset),
                Route("GET", f"{base}/state", self.state),
                Route("GET", f"{base}/counts", self.counts),
                Route("POST", f"{base}/clock", self.clock),
            ]
        )

    def handle(self, request: SandboxRequest) -> Reply:
        """Answer one admin request."""
        match = self.table.match(request.method, request.path)
        if match is None:
            return json_reply(404, {"error": f"no admin route {request.method} {request.path}"})
        route, params = match
        try:
            body = json.loads(request.body) if request.body.strip() else {}
        except ValueError as exc:
            return json_reply(400, {"error": f"the body is not JSON: {exc}"})
        try:
            return route.handler(Call(request, params, {}, body))
        except (ValueError, _BadInput) as exc:
            return json_reply(400, {"error": str(exc)})

    def list_faults(self, call: Call) -> Reply:
        """Every active fault."""
        return json_reply(200, {"faults": [fault.to_json() for fault in self.sandbox.faults]})

    def add_fault(self, call: Call) -> Reply:
        """Add the fault the body describes."""
        if not isinstance(call.body, dict):
            raise _BadInput("the body must be a JSON object of fault options")
        fault = self.sandbox.faults.add(Fault.from_json(call.body))
        return json_reply(200, {"fault": fault.to_json()})

    def clear_faults(self, call: Call) -> Reply:
        """Remove every fault."""
        return json_reply(200, {"removed": self.sandbox.faults.clear()})

    def remove_fault(self, call: Call) -> Reply:
        """Remove the fault with the path's id."""
        raw = call.params["id"]
        if not raw.isdigit() or not self.sandbox.faults.remove(int(raw)):
            return json_reply(404, {"error": f"no fault {raw}"})
        return json_reply(200, {"removed": 1})

    def reset(self, call: Call) -> Reply:
        """Back to the initial state."""
        self.sandbox.reset()
        return json_reply(200, {"reset": True})

    def state(self, call: Call) -> Reply:
        """The state dump."""
        return json_reply(200, self.sandbox.dump())

    def counts(self, call: Call) -> Reply:
        """Requests per route and orders per customer reference."""
        return json_reply(200, self.sandbox.counts.as_dict())

    def clock(self, call: Call) -> Reply:
        """Advance the clock by ``{"advance": seconds}``."""
        seconds: Any = call.body.get("advance") if isinstance(call.body, dict) else None
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise _BadInput('expected {"advance": seconds >= 0}')
        self.sandbox.advance(seconds)
        return json_reply(200, {"now": self.sandbox.clock.now().isoformat()})
