"""Every fault kind, seen by a raw HTTP client over real sockets (and the fault rules)."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from numbering_async.sandbox import Fault, Sandbox
from numbering_async.sandbox._wire import SandboxRequest

from .conftest import Raw, order_body

INVENTORY = "/v2/iNumbering/tnInventory/"
SEARCH = {"tnMask": "201xxxxxxx", "quantity": 3}


async def test_status_fault_fails_the_next_calls_with_retry_after_and_rate_limit_headers(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    body = order_body(numbering_sandbox, "f-1")
    numbering_sandbox.faults.add(
        "status",
        method="POST",
        path="/v2/number_orders",
        status=503,
        times=2,
        retry_after=1,
        ratelimit=True,
    )
    for _ in range(2):
        answer = await raw.telnyx("POST", "/number_orders", body=body)
        assert answer.status == 503
        assert answer.headers["Retry-After"] == "1"
        assert answer.headers["x-ratelimit-remaining"] == "0"
        assert answer.body["errors"][0]["code"] == "10007"
    assert numbering_sandbox.counts.orders_for("f-1") == 0
    assert (await raw.telnyx("POST", "/number_orders", body=body)).status == 200
    assert numbering_sandbox.counts.route("POST", "/v2/number_orders") == 3
    assert numbering_sandbox.counts.orders_for("f-1") == 1
    assert list(numbering_sandbox.faults) == []


async def test_a_429_uses_each_providers_envelope(raw: Raw, numbering_sandbox: Sandbox) -> None:
    numbering_sandbox.faults.add("status", status=429, retry_after=2.5)
    telnyx = await raw.telnyx("GET", "/number_orders")
    assert (telnyx.status, telnyx.body["errors"][0]["code"]) == (429, "10011")
    assert telnyx.headers["Retry-After"] == "2.5"
    assert "x-ratelimit-limit" not in telnyx.headers
    inumbering = await raw.inumbering(INVENTORY, SEARCH)
    assert inumbering.status == 429
    assert inumbering.body == {
        "status": "Error",
        "statusCode": "429",
        "message": "Too Many Requests",
    }


async def test_a_fault_after_the_write_loses_the_answer_but_keeps_the_order(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    body = order_body(numbering_sandbox, "f-1")
    faults = numbering_sandbox.faults
    faults.add("status", path="/v2/number_orders", status=502, after=True, times=1)
    lost = await raw.telnyx("POST", "/number_orders", body=body)
    assert lost.status == 502
    assert numbering_sandbox.counts.orders_for("f-1") == 1
    found = await raw.telnyx("GET", "/number_orders", {"filter[customer_reference]": "f-1"})
    assert [order["phone_numbers_count"] for order in found.body["data"]] == [1]


async def test_close_truncate_html_error_body_and_oversize(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    faults = numbering_sandbox.faults
    body = order_body(numbering_sandbox, "f-1")
    faults.add("close", path="/v2/number_orders", times=1)
    with pytest.raises(aiohttp.ServerDisconnectedError):  # a POST: aiohttp does not resend it
        await raw.telnyx("POST", "/number_orders", body=body)

    faults.add("truncate", path="/v2/number_orders", times=1)
    with pytest.raises(aiohttp.ClientPayloadError):
        await raw.telnyx("GET", "/number_orders")

    faults.add("html", path="/v2/number_orders", times=1)
    page = await raw.telnyx("GET", "/number_orders")
    assert page.status == 502
    assert page.headers["Content-Type"] == "text/html"
    assert page.body.startswith(b"<html>")

    faults.add("error_body", path=INVENTORY, times=1, message="Try later")
    answer = await raw.inumbering(INVENTORY, SEARCH)
    assert answer.status == 200
    assert answer.body == {"status": "Error", "statusCode": "431", "message": "Try later"}

    faults.add("oversize", path="/v2/number_orders", times=1)
    url = raw.server.telnyx_base_url + "/number_orders"
    async with raw.session.get(url, headers={"Authorization": "Bearer k"}) as response:
        assert response.content_length == Fault(kind="oversize").size
        assert (await response.content.read(22)) == b'{"data":[],"padding":"'
    assert (await raw.telnyx("GET", "/number_orders")).status == 200
    assert numbering_sandbox.counts.route("GET", "/v2/number_orders") == 4
    assert numbering_sandbox.counts.orders_for("f-1") == 0


async def test_latency_and_drip_outlast_a_client_timeout(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    url = raw.server.telnyx_base_url + "/number_orders"
    headers = {"Authorization": "Bearer k"}
    short = aiohttp.ClientTimeout(total=0.2)
    numbering_sandbox.faults.add("latency", path="/v2/number_orders", delay=5, times=1)
    with pytest.raises(asyncio.TimeoutError):
        await raw.session.get(url, headers=headers, timeout=short)
    numbering_sandbox.faults.add("drip", path="/v2/number_orders", delay=5, times=1)
    with pytest.raises(asyncio.TimeoutError):
        async with raw.session.get(url, headers=headers, timeout=short) as response:
            await response.read()


async def test_a_dripped_body_arrives_whole(raw: Raw, numbering_sandbox: Sandbox) -> None:
    plain = await raw.inumbering(INVENTORY, SEARCH)
    numbering_sandbox.faults.add("drip", path=INVENTORY, delay=0.01, chunk_size=100)
    dripped = await raw.inumbering(INVENTORY, SEARCH)
    assert dripped.status == 200
    assert dripped.body == plain.body


async def _statuses(sandbox: Sandbox, count: int) -> list[int]:
    request = SandboxRequest(
        "GET", "/v2/inventory_coverage", (("filter[groupBy]", "npa"), ("filter[npa]", "201"))
    )
    request = SandboxRequest(
        request.method, request.path, request.query, {"Authorization": "Bearer k"}
    )
    return [(await sandbox.handle(request)).status for _ in range(count)]


async def test_probability_faults_are_reproducible_from_the_seed() -> None:
    patterns = []
    for seed in (7, 7, 8):
        async with Sandbox(seed=seed, strict=True) as sandbox:
            sandbox.faults.add("status", status=500, probability=0.3)
            patterns.append(await _statuses(sandbox, 60))
    assert patterns[0] == patterns[1]
    assert patterns[0] != patterns[2]
    assert set(patterns[0]) == {200, 500}


async def test_faults_match_globs_methods_and_trailing_slashes(
    numbering_sandbox: Sandbox,
) -> None:
    fault = Fault(kind="close", method="post", path="/v2/number_*")
    assert fault.matches("POST", "/v2/number_orders", "/v2/number_orders")
    assert fault.matches("POST", "/v2/number_reservations/x", "/v2/number_reservations/{id}")
    assert not fault.matches("GET", "/v2/number_orders", "/v2/number_orders")
    by_template = Fault(kind="close", path="/v2/number_orders/{number_order_id}")
    assert by_template.matches(
        "GET", "/v2/number_orders/abc", "/v2/number_orders/{number_order_id}"
    )
    slash = Fault(kind="close", path="/v2/iNumbering/tnOrder")
    assert slash.matches("POST", "/v2/iNumbering/tnOrder/", "/v2/iNumbering/tnOrder/")


def test_fault_specs_are_checked() -> None:
    with pytest.raises(ValueError, match="status="):
        Fault(kind="status")
    with pytest.raises(ValueError, match="delay"):
        Fault(kind="latency")
    with pytest.raises(ValueError, match="kind"):
        Fault(kind="explode")
    with pytest.raises(ValueError, match="unknown fault option 'colour'"):
        Fault.from_json({"kind": "close", "colour": "red"})
    spec = Fault.from_json({"kind": "status", "status": 503, "times": 2}).to_json()
    assert json.loads(json.dumps(spec))["status"] == 503
