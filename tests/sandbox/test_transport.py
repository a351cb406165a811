"""The in-process transport: no sockets, and socket-level faults become transport errors."""

from __future__ import annotations

import json

import pytest
from yarl import URL

from numbering_async import (
    ClientClosedError,
    ConnectionLostError,
    HttpRequest,
    ResponseTooLargeError,
    TimeoutError,
    Transport,
)
from numbering_async.sandbox import Sandbox

from .conftest import order_body

AUTH = {"Authorization": "Bearer k"}
ORDERS = "https://api.telnyx.com/v2/number_orders"


def _order(sandbox: Sandbox, reference: str) -> HttpRequest:
    body = json.dumps(order_body(sandbox, reference)).encode()
    return HttpRequest("POST", URL(ORDERS), AUTH, body, timeout=0.2)


async def test_requests_route_by_path_whatever_the_host(numbering_sandbox: Sandbox) -> None:
    transport = numbering_sandbox.transport()
    assert isinstance(transport, Transport)
    url = URL("https://example.invalid/v2/inventory_coverage").with_query(
        {"filter[groupBy]": "npa", "filter[npa]": "201"}
    )
    response = await transport.send(HttpRequest("GET", url, AUTH))
    assert response.status == 200
    assert json.loads(response.body)["data"][0]["group"] == "201"
    assert response.headers["content-type"] == "application/json"
    assert str(response.request_id).startswith("sandbox-")
    await transport.aclose()
    with pytest.raises(ClientClosedError, match="closed; nothing was sent"):
        await transport.send(HttpRequest("GET", url, AUTH))


async def test_socket_faults_become_transport_errors(numbering_sandbox: Sandbox) -> None:
    transport = numbering_sandbox.transport()
    faults = numbering_sandbox.faults
    for kind in ("close", "truncate"):
        faults.add(kind, path="/v2/number_orders", times=1)
        with pytest.raises(ConnectionLostError):
            await transport.send(_order(numbering_sandbox, kind))
    assert numbering_sandbox.counts.orders_for("close") == 0
    assert numbering_sandbox.counts.orders_for("truncate") == 0

    faults.add("drip", path="/v2/number_orders", delay=1, times=1)
    with pytest.raises(TimeoutError):
        await transport.send(_order(numbering_sandbox, "drip"))
    assert numbering_sandbox.counts.orders_for("drip") == 1  # a drip carries the real answer

    faults.add("latency", path="/v2/number_orders", delay=1, times=1)
    with pytest.raises(TimeoutError):
        await transport.send(_order(numbering_sandbox, "slow-before"))
    faults.add("latency", path="/v2/number_orders", delay=1, times=1, after=True)
    with pytest.raises(TimeoutError):
        await transport.send(_order(numbering_sandbox, "slow-after"))
    assert numbering_sandbox.counts.orders_for("slow-before") == 0
    assert numbering_sandbox.counts.orders_for("slow-after") == 1


async def test_oversized_bodies_respect_the_size_limit(numbering_sandbox: Sandbox) -> None:
    url = URL("http://sandbox/v2/number_orders")
    numbering_sandbox.faults.add("oversize", times=1)
    with pytest.raises(ResponseTooLargeError):
        await numbering_sandbox.transport().send(HttpRequest("GET", url, AUTH))
    numbering_sandbox.faults.add("oversize", size=5000, times=1)
    small = await numbering_sandbox.transport(max_body_size=10_000).send(
        HttpRequest("GET", url, AUTH)
    )
    assert len(small.body) == 5000
    assert json.loads(small.body)["data"] == []


async def test_a_dripped_body_comes_back_whole(numbering_sandbox: Sandbox) -> None:
    transport = numbering_sandbox.transport()
    url = URL("http://sandbox/v2/number_orders")
    plain = await transport.send(HttpRequest("GET", url, AUTH))
    numbering_sandbox.faults.add("drip", delay=0.001, chunk_size=1000, times=1)
    dripped = await transport.send(HttpRequest("GET", url, AUTH))
    assert dripped.body == plain.body


async def test_sandbox_latency_delays_every_answer() -> None:
    async with Sandbox(latency_ms=5000, strict=True) as slow:
        url = URL("http://sandbox/v2/number_orders")
        with pytest.raises(TimeoutError):
            await slow.transport().send(HttpRequest("GET", url, AUTH, timeout=0.05))
