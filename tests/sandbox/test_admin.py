"""The admin routes under ``/_sandbox/``, over HTTP as a non-Python test would use them."""

from __future__ import annotations

import pytest

from numbering_async.sandbox import Sandbox

from .conftest import Raw, order_body


async def test_faults_are_added_listed_and_removed_over_http(
    raw: Raw, numbering_sandbox: Sandbox
) -> None:
    body = order_body(numbering_sandbox, "adm")
    spec = {"kind": "status", "method": "POST", "path": "/v2/number_orders", "status": 503}
    added = await raw.send("POST", "/_sandbox/faults", body={**spec, "times": 1, "retry_after": 1})
    assert added.status == 200
    fault = added.body["fault"]
    assert (fault["kind"], fault["status"], fault["fired"]) == ("status", 503, 0)
    listed = await raw.send("GET", "/_sandbox/faults")
    assert [f["id"] for f in listed.body["faults"]] == [fault["id"]]

    failed = await raw.telnyx("POST", "/number_orders", body=body)
    assert (failed.status, failed.headers["Retry-After"]) == (503, "1")
    assert (await raw.send("GET", "/_sandbox/faults")).body["faults"] == []  # used up

    second = (await raw.send("POST", "/_sandbox/faults", body=spec)).body["fault"]
    assert (await raw.send("DELETE", f"/_sandbox/faults/{second['id']}")).status == 200
    assert (await raw.send("DELETE", f"/_sandbox/faults/{second['id']}")).status == 404
    await raw.send("POST", "/_sandbox/faults", body=spec)
    cleared = await raw.send("DELETE", "/_sandbox/faults")
    assert cleared.body == {"removed": 1}
    assert (await raw.telnyx("POST", "/number_orders", body=body)).status == 200


async def test_bad_fault_specs_are_400(raw: Raw) -> None:
    for body in ({"kind": "status"}, {"kind": "nope"}, {"kind": "close", "x": 1}, [1]):
        answer = await raw.send("POST", "/_sandbox/faults", body=body)
        assert answer.status == 400, body
        assert answer.body["error"]
    assert (await raw.send("GET", "/_sandbox/nothing")).status == 404


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("method", 5),
        ("path", 5),
        ("status", "503"),
        ("times", 1.5),
        ("after", 1),
        ("retry_after", "1"),
        ("message", ["x"]),
    ],
)
async def test_a_fault_option_of_the_wrong_type_is_400_and_breaks_nothing(
    raw: Raw, numbering_sandbox: Sandbox, option: str, value: object
) -> None:
    spec = {"kind": "status", "status": 503, option: value}

    answer = await raw.send("POST", "/_sandbox/faults", body=spec)

    assert answer.status == 400
    assert repr(option) in answer.body["error"]
    assert list(numbering_sandbox.faults) == []
    assert (await raw.telnyx("GET", "/number_orders")).status == 200


async def test_counts_state_clock_and_reset(raw: Raw, numbering_sandbox: Sandbox) -> None:
    body = order_body(numbering_sandbox, "adm")
    tn = body["phone_numbers"][0]["phone_number"][2:]
    await raw.telnyx("POST", "/number_orders", body=body)
    await raw.telnyx("GET", "/number_orders/some-id")
    counts = (await raw.send("GET", "/_sandbox/counts")).body
    assert counts["requests"] == {
        "POST /v2/number_orders": 1,
        "GET /v2/number_orders/{number_order_id}": 1,
    }
    assert counts["orders"]["telnyx"] == {"adm": 1}

    state = (await raw.send("GET", "/_sandbox/state")).body
    assert state["seed"] == 1
    assert state["telnyx"]["orders"][0]["status"] == "pending"
    moved = await raw.send("POST", "/_sandbox/clock", body={"advance": 60})
    assert moved.status == 200
    state = (await raw.send("GET", "/_sandbox/state")).body
    assert state["telnyx"]["orders"][0]["status"] == "success"
    assert state["telnyx"]["owned"] == [tn]
    for wrong in (-1, 1e300, "60", None):
        answer = await raw.send("POST", "/_sandbox/clock", body={"advance": wrong})
        assert answer.status == 400, wrong
    assert (await raw.send("GET", "/_sandbox/state")).status == 200  # the clock still works

    assert (await raw.send("POST", "/_sandbox/reset")).body == {"reset": True}
    state = (await raw.send("GET", "/_sandbox/state")).body
    assert state["telnyx"]["orders"] == []
    assert state["counts"] == {"requests": {}, "orders": {"telnyx": {}, "inumbering": {}}}
    assert numbering_sandbox.telnyx.account.inventory.is_available(tn)
