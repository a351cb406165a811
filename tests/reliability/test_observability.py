"""DEBUG logs and event-hook events of each request, over real sockets, never showing the key."""

from __future__ import annotations

import logging
import re

import pytest

from numbering_async import ServerError, errors

from .harness import SCAN, World

pytestmark = pytest.mark.integration

_REQUEST_LINE = re.compile(
    r"^(?P<provider>telnyx|inumbering) (?P<method>GET|POST) (?P<url>\S+) -> (?P<status>\S+) "
    r"in (?P<ms>\d+\.\d) ms \(attempt (?P<attempt>\d+), request id (?P<request_id>\S+)\)$"
)


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    lines = []
    for record in caplog.records:
        match = _REQUEST_LINE.match(record.getMessage())
        if match is not None:
            assert record.name == "numbering_async"
            assert record.levelno == logging.DEBUG
            lines.append(match.groupdict())
    return lines


async def test_each_request_is_logged_with_method_path_status_time_attempt_and_request_id(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.stock()
    world.sandbox.faults.add("status", method="GET", path="/v2/number_orders", status=503, times=1)
    caplog.clear()

    orders = [o async for o in world.telnyx.number_orders.list(customer_reference="cust-4711")]
    await world.inumbering.tn_inventory_coverage(npa="201")

    assert orders == []
    assert not any("cust-4711" in record.getMessage() for record in caplog.records)
    lines = _request_lines(caplog)
    assert [
        (line["provider"], line["method"], line["status"], line["attempt"]) for line in lines
    ] == [
        ("telnyx", "GET", "503", "1"),
        ("telnyx", "GET", "200", "2"),
        ("inumbering", "POST", "200", "1"),
    ]
    base = world.server.url
    assert [line["url"] for line in lines] == [
        f"{base}/v2/number_orders",  # no query: filters may carry customer data
        f"{base}/v2/number_orders",
        f"{base}/v2/iNumbering/tnInventoryCoverage/",
    ]
    assert all(line["request_id"].startswith("sandbox-") for line in lines)
    assert len({line["request_id"] for line in lines}) == 3


async def test_a_request_without_an_answer_is_logged_with_its_error(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.stock()
    world.sandbox.faults.add("latency", path="/v2/iNumbering/tnInventoryCoverage", delay=1.0)
    caplog.clear()

    with pytest.raises(errors.TimeoutError):
        await world.inumbering.tn_inventory_coverage(npa="201")

    statuses = [(line["status"], line["request_id"]) for line in _request_lines(caplog)]
    assert statuses == [("TimeoutError", "None"), ("TimeoutError", "None")]


async def test_the_event_hook_sees_every_attempt_and_never_the_key(world: World) -> None:
    await world.stock()
    world.sandbox.faults.add("status", method="GET", path="/v2/number_orders/*", status=503)
    world.events.clear()

    with pytest.raises(ServerError):
        await world.telnyx.number_orders.retrieve(world.order_id)
    await world.inumbering.tn_inventory_coverage(npa="201")

    seen = [(e.provider, e.method, e.attempt, e.status, e.error) for e in world.events]
    assert seen == [
        ("telnyx", "GET", 1, 503, None),
        ("telnyx", "GET", 2, 503, None),
        ("inumbering", "POST", 1, 200, None),
    ]
    assert world.events[0].url == f"{world.server.url}/v2/number_orders/{world.order_id}"
    assert all(e.request_id and e.elapsed >= 0 for e in world.events)
    assert SCAN.leaks(world.events) == []
