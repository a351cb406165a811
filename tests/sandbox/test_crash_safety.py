"""The sandbox validates a whole request before it changes anything, and never crashes.

Odd JSON types get a 400/422 in the provider's envelope naming the field; an unexpected
exception in a handler is a 500 in that envelope, logged, with nothing left half done.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from numbering_async.sandbox import Sandbox
from numbering_async.sandbox._wire import Reply
from numbering_async.sandbox.inumbering.routes import INumberingRouter
from numbering_async.sandbox.telnyx.records import NumberFilter

from .conftest import a_telnyx_number, handle, state, telnyx_error

KEY = "sk_test_0123456789"
GROUP = {
    "country_iso": "US",
    "phone_number_type": "local",
    "count_requested": "3",
    "national_destination_code": "201",
}


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(seed=1, strict=True) as box:
        yield box


async def test_r08_a_bad_later_ordering_group_is_refused_before_any_number_is_taken(
    sandbox: Sandbox,
) -> None:
    before = state(sandbox)
    for bad, where in (
        ({"administrative_area": 5}, "/ordering_groups/1/administrative_area"),
        ({"locality": ["x"]}, "/ordering_groups/1/locality"),
        (
            {"national_destination_code": {"npa": "201"}},
            "/ordering_groups/1/national_destination_code",
        ),
        ({"count_requested": "²"}, "/ordering_groups/1/count_requested"),
        ({"count_requested": 3}, "/ordering_groups/1/count_requested"),
        ({"features": "sms"}, "/ordering_groups/1/features"),
        ({"phone_number": {"starts_with": 2}}, "/ordering_groups/1/phone_number/starts_with"),
        ({"exclude_held_numbers": "no"}, "/ordering_groups/1/exclude_held_numbers"),
    ):
        body = {"ordering_groups": [GROUP, {**GROUP, **bad}], "customer_reference": "r08"}
        answer = await handle(sandbox, "POST", "/v2/inexplicit_number_orders", body)
        assert telnyx_error(answer) == (422, where), bad
    assert state(sandbox) == before
    assert sandbox.counts.orders_for("r08") == 0
    count = await handle(
        sandbox, "GET", "/v2/number_orders", query=[("filter[phone_numbers_count]", "²")]
    )
    assert telnyx_error(count) == (400, "filter[phone_numbers_count]")


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/v2/number_orders", {"phone_numbers": {"phone_number": "+1"}}, "/phone_numbers"),
        (
            "/v2/number_orders",
            {"phone_numbers": [{"phone_number": 12015550123}]},
            "/phone_numbers/0/phone_number",
        ),
        ("/v2/number_orders", {"phone_numbers": [], "customer_reference": 5}, "/phone_numbers"),
        ("/v2/number_reservations", {"phone_numbers": [["+12015550123"]]}, "/phone_numbers/0"),
        ("/v2/number_block_orders", {"starting_number": "+12015550000", "range": True}, "/range"),
        ("/v2/number_block_orders", {"starting_number": "+12015550000", "range": 10.0}, "/range"),
        ("/v2/sub_number_orders_report", {"status": ["pending"]}, "/status"),
        ("/v2/sub_number_orders_report", {"created_at_gt": 2020}, "/created_at_gt"),
    ],
)
async def test_odd_json_types_are_refused_naming_the_field(
    sandbox: Sandbox, path: str, body: Any, where: str
) -> None:
    before = state(sandbox)
    status, pointer = telnyx_error(await handle(sandbox, "POST", path, body))
    assert (status, pointer) == (422, where)
    assert state(sandbox) == before


async def test_a_crash_in_a_telnyx_handler_is_a_500_in_its_envelope_and_leaves_nothing(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    searched: list[NumberFilter] = []
    search = NumberFilter.search

    def second_search_fails(self: NumberFilter, *args: Any, **kwargs: Any) -> Any:
        searched.append(self)
        if len(searched) == 2:
            raise RuntimeError("a sandbox defect")
        return search(self, *args, **kwargs)

    monkeypatch.setattr(NumberFilter, "search", second_search_fails)
    before = state(sandbox)
    body = {"ordering_groups": [GROUP, GROUP], "customer_reference": "crash"}
    with caplog.at_level(logging.ERROR, "numbering_async.sandbox"):
        answer = await handle(sandbox, "POST", "/v2/inexplicit_number_orders", body)
    assert answer.status == 500
    assert answer.body["errors"][0]["code"] == "10007"
    assert "a sandbox defect" not in json.dumps(answer.body)
    assert "POST /v2/inexplicit_number_orders failed" in caplog.text
    assert len(searched) == 2  # the first group was found, then the crash: nothing taken
    assert state(sandbox) == before
    assert sandbox.counts.orders_for("crash") == 0


async def test_a_crash_in_an_inumbering_handler_is_a_500_in_its_envelope(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: INumberingRouter, call: Any) -> Reply:
        raise KeyError("oops")

    monkeypatch.setattr(INumberingRouter, "_search", broken)
    with caplog.at_level(logging.ERROR, "numbering_async.sandbox"):
        answer = await handle(
            sandbox,
            "POST",
            "/v2/iNumbering/tnInventory/",
            {"apikey": KEY, "tnMask": "201xxxxxxx", "quantity": 1},
        )
    assert (answer.status, answer.body) == (
        500,
        {"status": "Error", "statusCode": "500", "message": "An unexpected error occurred."},
    )
    assert "KeyError" in caplog.text


async def test_deeply_nested_or_undecodable_bodies_are_400s(sandbox: Sandbox) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    for path, body in (
        ("/v2/number_orders", deep),
        ("/v2/iNumbering/tnOrder/", deep),
        ("/v2/number_orders", b"\xff\xfe"),
        ("/v2/iNumbering/tnOrder/", b'{"apikey": "x", "tnOrder": NaN'),
    ):
        assert (await handle(sandbox, "POST", path, body)).status == 400, path


async def test_an_inumbering_order_with_one_bad_item_takes_nothing(sandbox: Sandbox) -> None:
    tn = a_telnyx_number(sandbox)  # any well-formed number
    before = state(sandbox)
    items = [{"tn": int(tn[2:])}, {"tn": int(tn[2:]) + 1, "route": "1000"}]
    body = {"apikey": KEY, "tnOrder": {"tnList": {"tnItem": items}}}
    answer = await handle(sandbox, "POST", "/v2/iNumbering/tnOrder/", body)
    assert answer.status == 409
    assert "route" in answer.body["message"]
    assert state(sandbox) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v2/number_orders", "order"),
        ("/v2/number_block_orders", {"starting_number": "+12015550000", "range": 10}),
    ],
)
async def test_a_crash_while_an_order_is_built_takes_no_number(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, path: str, body: Any
) -> None:
    if body == "order":
        body = {"phone_numbers": [{"phone_number": a_telnyx_number(sandbox)}]}
    before = state(sandbox, ids=False)  # ids drawn for the order are not handed out again

    def broken(tn: str) -> Any:
        raise ValueError(tn)

    monkeypatch.setattr("numbering_async.sandbox.telnyx.account.block_at", broken)
    answer = await handle(sandbox, "POST", path, body)
    assert answer.status == 500
    assert state(sandbox, ids=False) == before
