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
    ("spec", "message"),
    [
        (
            {"kind": "explode"},
            "fault option 'kind' must be one of latency, status, close, truncate, html, drip,"
            " error_body, oversize, late_commit, got 'explode'",
        ),
        ({"path": "/v2/number_orders"}, "a fault needs 'kind', one of latency, status,"),
        ({"kind": "close", "colour": "red"}, "unknown fault option 'colour'; the options are"),
        (
            {"kind": "status", "status": 700},
            "fault option 'status' must be an HTTP status from 100 to 599, got 700",
        ),
        (
            {"kind": "status", "status": "503"},
            "fault option 'status' must be an HTTP status from 100 to 599, got '503'",
        ),
        (
            {"kind": "close", "probability": 2},
            "fault option 'probability' must be a number over 0 and at most 1, got 2",
        ),
        (
            {"kind": "late_commit", "answer": "later"},
            "fault option 'answer' must be one of reset, status, html, hang, got 'later'",
        ),
        ({"kind": "close", "answer": "hang"}, "fault option 'answer' is for late_commit faults"),
        ({"kind": "latency"}, "a latency fault needs the option 'delay' (seconds > 0)"),
    ],
)
async def test_a_bad_kind_or_option_is_answered_in_words(
    raw: Raw, spec: dict[str, object], message: str
) -> None:
    answer = await raw.send("POST", "/_sandbox/faults", body=spec)

    assert answer.status == 400
    assert answer.body["error"].startswith(message)
    assert "Attribute(" not in answer.body["error"]
    assert "<class" not in answer.body["error"]


async def test_a_body_that_is_not_json_is_400_in_words(raw: Raw) -> None:
    async with raw.session.post(raw.server.url + "/_sandbox/faults", data=b"{kind: close}") as r:
        assert r.status == 400
        assert (await r.json())["error"].startswith("the body is not JSON: ")


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
