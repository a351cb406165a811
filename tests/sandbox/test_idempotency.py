"""The Telnyx ``Idempotency-Key`` header on writes, as the sandbox models it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from numbering_async.sandbox import Sandbox
from numbering_async.sandbox.telnyx.idempotency import TTL

from .conftest import BEARER, a_telnyx_number, handle, state, telnyx_error

KEY_HEADER = "Idempotency-Key"


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(seed=1, strict=True) as box:
        yield box


def with_key(key: str) -> dict[str, str]:
    return {**BEARER, KEY_HEADER: key}


async def place(sandbox: Sandbox, key: str, body: Any) -> Any:
    return await handle(sandbox, "POST", "/v2/number_orders", body, headers=with_key(key))


async def test_a_replayed_write_returns_the_stored_answer_and_changes_nothing(
    sandbox: Sandbox,
) -> None:
    body = {
        "phone_numbers": [{"phone_number": a_telnyx_number(sandbox)}],
        "customer_reference": "i",
    }
    first = await place(sandbox, "order:1", body)
    assert first.status == 200
    assert "Idempotent-Replayed" not in first.headers
    after_first = state(sandbox)
    again = await place(sandbox, "order:1", body)
    assert (again.status, again.body) == (first.status, first.body)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert state(sandbox) == after_first
    assert sandbox.counts.orders_for("i") == 1


async def test_the_same_key_with_another_body_is_a_422(sandbox: Sandbox) -> None:
    phone = a_telnyx_number(sandbox)
    assert (await place(sandbox, "k-2", {"phone_numbers": [{"phone_number": phone}]})).status == 200
    before = state(sandbox)
    other = {"phone_numbers": [{"phone_number": phone}], "customer_reference": "changed"}
    answer = await place(sandbox, "k-2", other)
    assert telnyx_error(answer) == (422, KEY_HEADER)
    assert "different request" in answer.body["errors"][0]["detail"]
    assert state(sandbox) == before


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "é", "a/b"])
async def test_a_malformed_key_is_a_422_naming_the_header(sandbox: Sandbox, key: str) -> None:
    before = state(sandbox)
    answer = await place(sandbox, key, {"phone_numbers": [{"phone_number": "+12015550123"}]})
    assert telnyx_error(answer) == (422, KEY_HEADER)
    assert state(sandbox) == before


async def test_refused_writes_are_not_stored_and_keys_expire_with_the_sandbox_clock(
    sandbox: Sandbox,
) -> None:
    refused = await place(sandbox, "k-3", {"phone_numbers": [{"phone_number": "12"}]})
    assert refused.status == 422
    body = {"phone_numbers": [{"phone_number": a_telnyx_number(sandbox)}]}
    placed = await place(sandbox, "k-3", body)  # the refusal did not take the key
    assert placed.status == 200
    sandbox.advance(TTL - 60)
    assert (await place(sandbox, "k-3", body)).body == placed.body  # still replayed
    sandbox.advance(120)
    later = await place(sandbox, "k-3", body)  # expired: handled anew (the number is taken)
    assert later.status == 200
    assert later.body["data"]["id"] != placed.body["data"]["id"]


async def test_keys_apply_to_every_telnyx_write_but_not_to_reads(sandbox: Sandbox) -> None:
    body = {"phone_numbers": [{"phone_number": a_telnyx_number(sandbox)}]}
    placed = await place(sandbox, "k-4", body)
    order_id = placed.body["data"]["id"]
    patch = {"customer_reference": "renamed"}
    path = f"/v2/number_orders/{order_id}"
    first = await handle(sandbox, "PATCH", path, patch, headers=with_key("k-5"))
    again = await handle(sandbox, "PATCH", path, patch, headers=with_key("k-5"))
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.body == first.body
    read = await handle(sandbox, "GET", path, headers=with_key("not a valid key"))
    assert read.status == 200


async def test_a_replay_needs_the_key_holder(sandbox: Sandbox) -> None:
    body = {"phone_numbers": [{"phone_number": a_telnyx_number(sandbox)}]}
    assert (await place(sandbox, "k-6", body)).status == 200
    stranger = {KEY_HEADER: "k-6"}
    answer = await handle(sandbox, "POST", "/v2/number_orders", body, headers=stranger)
    assert answer.status == 401
