"""The ``late_commit`` fault: the client hears a failure now, the write lands ``delay`` later.

Each answer kind is tried over real sockets (a raw aiohttp client of the server) and
in-process (the sandbox transport): the client sees the failure, the order is not there yet,
and it is there once the held-back write is committed.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from yarl import URL

from numbering_async import ConnectionLostError, HttpRequest, TimeoutError
from numbering_async.sandbox import Sandbox, SandboxServer

from .conftest import Raw, order_body

ORDERS = "/v2/number_orders"
AUTH = {"Authorization": "Bearer sk_test_0123456789"}
DELAY = 0.2


async def _committed(sandbox: Sandbox) -> None:
    """Wait until no write is held back (bounded, so a bug fails instead of hanging)."""
    async with asyncio.timeout(5):
        await sandbox.late_commits.wait()
    assert sandbox.late_commits.pending == []


async def _over_sockets(raw: Raw, sandbox: Sandbox, answer: str, reference: str) -> None:
    """Send the order with aiohttp and check the failure it hears for ``answer``."""
    body = json.dumps(order_body(sandbox, reference)).encode()
    send = raw.session.post(
        raw.server.telnyx_base_url + "/number_orders",
        data=body,
        headers=AUTH,
        timeout=aiohttp.ClientTimeout(total=0.1),
    )
    if answer == "reset":
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await send
    elif answer == "hang":
        with pytest.raises(asyncio.TimeoutError):
            await send
    else:
        async with send as response:
            assert response.status == 503
            text = await response.text()
        if answer == "status":
            assert json.loads(text)["errors"][0]["title"]  # the Telnyx envelope
        else:
            assert response.content_type == "text/html"
            assert "503 Service Unavailable" in text


async def _in_process(sandbox: Sandbox, answer: str, reference: str) -> None:
    """Send the order through the sandbox transport and check the failure for ``answer``."""
    body = json.dumps(order_body(sandbox, reference)).encode()
    url = URL("https://api.telnyx.com/v2/number_orders")
    send = sandbox.transport().send(HttpRequest("POST", url, AUTH, body, timeout=0.1))
    if answer == "reset":
        with pytest.raises(ConnectionLostError):
            await send
    elif answer == "hang":
        with pytest.raises(TimeoutError):
            await send
    else:
        response = await send
        assert response.status == 503
        if answer == "status":
            assert json.loads(response.body)["errors"][0]["title"]
        else:
            assert response.headers["content-type"] == "text/html"


@pytest.mark.parametrize("front", ["sockets", "in-process"])
@pytest.mark.parametrize("answer", ["reset", "status", "html", "hang"])
async def test_the_client_hears_a_failure_and_the_order_lands_after_the_delay(
    raw: Raw, numbering_sandbox: Sandbox, answer: str, front: str
) -> None:
    sandbox = numbering_sandbox
    reference = f"late-{answer}-{front}"
    fault = sandbox.faults.add(
        "late_commit", method="POST", path=ORDERS, answer=answer, delay=DELAY, times=1
    )

    if front == "sockets":
        await _over_sockets(raw, sandbox, answer, reference)
    else:
        await _in_process(sandbox, answer, reference)

    assert fault.fired == 1
    assert sandbox.counts.orders_for(reference) == 0  # not yet
    assert [commit.path for commit in sandbox.late_commits.pending] == [ORDERS]
    await _committed(sandbox)
    assert sandbox.counts.orders_for(reference) == 1  # now yes
    assert [commit.status for commit in sandbox.late_commits.committed] == [200]


async def test_the_late_write_gets_the_real_handlers_validation(numbering_sandbox: Sandbox) -> None:
    sandbox = numbering_sandbox
    sandbox.faults.add("late_commit", path=ORDERS, answer="status", status=502, delay=0)
    body = {**order_body(sandbox, "late-bad"), "colour": "red"}
    request = HttpRequest(
        "POST", URL("https://api.telnyx.com/v2/number_orders"), AUTH, json.dumps(body).encode()
    )

    assert (await sandbox.transport().send(request)).status == 502
    await _committed(sandbox)

    assert [commit.status for commit in sandbox.late_commits.committed] == [400]
    assert sandbox.counts.orders_for("late-bad") == 0


async def test_an_inumbering_order_commits_late_after_its_own_error_envelope(
    numbering_sandbox: Sandbox,
) -> None:
    sandbox = numbering_sandbox
    transport = sandbox.transport()
    base = URL("https://api.voicetel.com/v2/iNumbering")

    async def post(endpoint: str, body: dict[str, Any]) -> Any:
        payload = json.dumps({"apikey": "sk_test_0123456789", **body}).encode()
        response = await transport.send(HttpRequest("POST", base / endpoint / "", {}, payload))
        return response.status, json.loads(response.body)

    _, found = await post("tnInventory", {"tnMask": "201xxxxxxx", "quantity": 1})
    tn = found["tnResult"][0]["telephoneNumber"]
    order = {"tnList": {"tnItem": [{"tn": int(tn)}]}, "customerOrderReference": "late-inum"}
    sandbox.faults.add("late_commit", path="/v2/iNumbering/tnOrder", answer="status", delay=DELAY)

    status, body = await post("tnOrder", {"tnOrder": order})

    assert (status, body["status"], body["statusCode"]) == (503, "Error", "503")
    assert sandbox.counts.orders_for("late-inum") == 0
    await _committed(sandbox)
    assert sandbox.counts.orders_for("late-inum") == 1


async def test_closing_the_server_or_sandbox_commits_what_is_still_held_back() -> None:
    async with Sandbox(seed=1) as sandbox:
        sandbox.faults.add("late_commit", path=ORDERS, answer="reset", delay=60)
        async with SandboxServer(sandbox) as server, aiohttp.ClientSession() as session:
            for reference in ("held-1", "held-2"):
                body = json.dumps(order_body(sandbox, reference)).encode()
                with pytest.raises(aiohttp.ServerDisconnectedError):
                    await session.post(
                        f"{server.telnyx_base_url}/number_orders", data=body, headers=AUTH
                    )
            assert sandbox.counts.orders_for("held-1") == 0
        assert sandbox.late_commits.pending == []  # the server's close committed them
        assert sandbox.counts.orders_for("held-1") == sandbox.counts.orders_for("held-2") == 1

        request = HttpRequest(
            "POST",
            URL("https://api.telnyx.com/v2/number_orders"),
            AUTH,
            json.dumps(order_body(sandbox, "held-3")).encode(),
        )
        with pytest.raises(ConnectionLostError):
            await sandbox.transport().send(request)
        assert sandbox.counts.orders_for("held-3") == 0
    assert sandbox.counts.orders_for("held-3") == 1  # leaving the sandbox committed it
    assert [c.status for c in sandbox.late_commits.committed] == [200, 200, 200]


async def test_closing_the_server_cuts_off_a_request_still_hanging() -> None:
    async with Sandbox(seed=1) as sandbox, aiohttp.ClientSession() as session:
        sandbox.faults.add("late_commit", path=ORDERS, answer="hang", delay=60)
        server = SandboxServer(sandbox)
        await server.start()
        body = json.dumps(order_body(sandbox, "hung")).encode()
        send = session.post(f"{server.telnyx_base_url}/number_orders", data=body, headers=AUTH)
        waiting = asyncio.ensure_future(send)
        async with asyncio.timeout(5):
            # Until the request has arrived and hangs (sandbox state has no event to await).
            while not sandbox.late_commits.pending:  # noqa: ASYNC110
                await asyncio.sleep(0.01)

        await server.close()

        with pytest.raises(aiohttp.ServerDisconnectedError):
            await waiting
        assert sandbox.counts.orders_for("hung") == 1


async def test_reset_drops_the_writes_held_back(numbering_sandbox: Sandbox) -> None:
    sandbox = numbering_sandbox
    sandbox.faults.add("late_commit", path=ORDERS, answer="status", delay=60)
    request = HttpRequest(
        "POST",
        URL("https://api.telnyx.com/v2/number_orders"),
        AUTH,
        json.dumps(order_body(sandbox, "dropped")).encode(),
    )
    assert (await sandbox.transport().send(request)).status == 503
    assert len(sandbox.late_commits.pending) == 1

    sandbox.reset()

    assert sandbox.late_commits.pending == []
    assert sandbox.late_commits.flush() == 0
    assert sandbox.counts.orders_for("dropped") == 0


async def test_late_commits_are_set_and_shown_through_the_admin_routes(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    spec = {
        "kind": "late_commit",
        "method": "POST",
        "path": ORDERS,
        "answer": "status",
        "status": 502,
        "delay": DELAY,
        "times": 1,
    }
    added = await raw.send("POST", "/_sandbox/faults", body=spec)
    assert added.status == 200
    assert {key: added.body["fault"][key] for key in spec} == spec

    failed = await raw.telnyx("POST", "/number_orders", body=order_body(numbering_sandbox, "adm"))

    assert failed.status == 502
    state = (await raw.send("GET", "/_sandbox/state")).body
    assert state["late_commits"] == [{"method": "POST", "path": ORDERS, "status": None}]
    await _committed(numbering_sandbox)
    counts = (await raw.send("GET", "/_sandbox/counts")).body
    assert counts["orders"]["telnyx"] == {"adm": 1}


async def test_which_requests_commit_late_is_reproducible_from_the_seed() -> None:
    patterns = []
    for seed in (4, 4, 5):
        async with Sandbox(seed=seed) as sandbox:
            sandbox.faults.add("late_commit", answer="status", delay=0, probability=0.5)
            transport = sandbox.transport()
            url = URL("https://api.telnyx.com/v2/number_orders")
            statuses = [
                (await transport.send(HttpRequest("GET", url, AUTH))).status for _ in range(30)
            ]
            patterns.append(statuses)
        assert len(sandbox.late_commits.committed) == statuses.count(503)
    assert patterns[0] == patterns[1] != patterns[2]
    assert set(patterns[0]) == {200, 503}
