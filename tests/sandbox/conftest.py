"""Fixtures for the sandbox tests: a raw aiohttp client of a real sandbox server.

The sandbox itself comes from the package's own pytest plugin (``numbering_sandbox``,
``numbering_sandbox_server``), so these tests exercise the plugin too.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import attrs
import pytest

from numbering_async.sandbox import Counts, Sandbox, SandboxServer
from numbering_async.sandbox._dataset import Stock
from numbering_async.sandbox._wire import SandboxRequest

KEY = "test-key"
BEARER = {"Authorization": "Bearer sk_test_0123456789"}


@attrs.frozen
class Answer:
    """A response read whole: status, headers and the decoded JSON body."""

    status: int
    headers: Mapping[str, str]
    body: Any


class Raw:
    """Plain HTTP calls to a sandbox server, in each provider's wire format."""

    def __init__(self, session: aiohttp.ClientSession, server: SandboxServer) -> None:
        self.session = session
        self.server = server

    async def send(
        self,
        method: str,
        path: str,
        *,
        query: Any = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """Any request; the body is sent as JSON when given."""
        data = None if body is None else io.BytesIO(json.dumps(body).encode())
        async with self.session.request(
            method, self.server.url + path, params=query, data=data, headers=headers
        ) as response:
            raw = await response.read()
            is_json = raw and response.content_type == "application/json"
            decoded = json.loads(raw) if is_json else raw
            return Answer(response.status, response.headers, decoded)

    async def telnyx(
        self, method: str, path: str, query: Any = None, body: Any = None, key: str | None = KEY
    ) -> Answer:
        """A Telnyx call (``path`` below ``/v2``) with ``Authorization: Bearer``."""
        headers = {} if key is None else {"Authorization": f"Bearer {key}"}
        return await self.send(method, f"/v2{path}", query=query, body=body, headers=headers)

    async def inumbering(self, path: str, body: Mapping[str, Any], key: str | None = KEY) -> Answer:
        """An iNumbering call: a POST of ``body`` plus ``apikey``."""
        payload = dict(body) if key is None else {"apikey": key, **body}
        return await self.send("POST", path, body=payload)


async def handle(
    sandbox: Sandbox,
    method: str,
    path: str,
    body: Any = None,
    query: Any = (),
    headers: Mapping[str, str] = BEARER,
) -> Answer:
    """One request answered in-process; ``body`` is sent as JSON unless it is bytes."""
    raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    reply = await sandbox.handle(SandboxRequest(method, path, tuple(query), headers, raw))
    is_json = reply.headers.get("Content-Type") == "application/json"
    return Answer(reply.status, reply.headers, json.loads(reply.body) if is_json else reply.body)


def telnyx_error(answer: Answer) -> tuple[int, str | None]:
    """``(status, source pointer or parameter)`` of a Telnyx error answer."""
    source = answer.body["errors"][0].get("source", {})
    return answer.status, source.get("pointer") or source.get("parameter")


def state(sandbox: Sandbox, *, ids: bool = True) -> Any:
    """Everything a request could change, as plain data to compare: every attribute of both
    accounts (records, inventories, holds, and with ``ids`` the id generator), the orders
    counted per reference and the stored idempotent answers. Requests counted per route are
    left out: a refused request counts."""
    telnyx = vars(sandbox.telnyx.account)
    return _plain(
        {
            "telnyx": telnyx if ids else {k: v for k, v in telnyx.items() if k != "_ids"},
            "inumbering": vars(sandbox.inumbering.account),
            "replays": vars(sandbox.telnyx.replays),
        }
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Stock):
        return "<shared stock>"
    if isinstance(value, Counts):
        return _plain(value.orders)
    if isinstance(value, random.Random):
        return value.getstate()
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, dict):
        return {repr(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    if hasattr(value, "__dict__"):
        return _plain(vars(value))
    return value


def a_telnyx_number(sandbox: Sandbox, npa: str = "201") -> str:
    """An available Telnyx number (E.164), read straight from the sandbox's inventory."""
    inventory = sandbox.telnyx.account.inventory
    _, tn = next(inventory.numbers(inventory.stock.by_npa[npa]))
    return f"+1{tn}"


def order_body(sandbox: Sandbox, reference: str) -> dict[str, Any]:
    """A Telnyx number order for one available number."""
    return {
        "phone_numbers": [{"phone_number": a_telnyx_number(sandbox)}],
        "customer_reference": reference,
    }


@pytest.fixture
async def raw(numbering_sandbox_server: SandboxServer) -> AsyncIterator[Raw]:
    """A raw client of the plugin's sandbox server."""
    async with aiohttp.ClientSession() as session:
        yield Raw(session, numbering_sandbox_server)
