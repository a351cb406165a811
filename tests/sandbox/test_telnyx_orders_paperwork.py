"""TelnyxClient against the sandbox for block orders, sub order updates and cancels, requirement
groups, ordered numbers and sub number order reports.

Most tests answer in-process (``telnyx_sandbox_client``); the report, whose download is CSV,
goes over real sockets to the sandbox server.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import pytest

from numbering_async import (
    BadRequestError,
    InvalidRequestError,
    NotFoundError,
    RegulatoryRequirementValue,
    TelnyxClient,
)
from numbering_async.sandbox import Sandbox, SandboxServer
from numbering_async.sandbox._dataset import stock_for

REQUIREMENT = "8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"
GROUP = "a4b201f9-8646-4e54-a7d2-b2e403eeaf8c"
VALUE = RegulatoryRequirementValue(requirement_id=REQUIREMENT, field_value="45 Main St")


async def _available(telnyx: TelnyxClient, npa: str = "201") -> set[str]:
    found = await telnyx.available_phone_numbers.list(national_destination_code=npa, limit=1000)
    return {number.phone_number for number in found if number.phone_number}


def _free_block(sandbox: Sandbox, size: int, npa: str = "201") -> tuple[str, list[str]]:
    """A starting number (E.164) whose ``size``-number range Telnyx can sell whole, and the
    numbers of the range it lists for sale (from the sandbox's stock: what a user would see
    in ``available_phone_numbers``)."""
    telnyx = sandbox.telnyx.account.inventory.stock
    theirs = stock_for(sandbox.seed, "inumbering")
    for block in telnyx.by_npa[npa]:
        for tn in telnyx.lines(block):
            first = int(tn[6:])
            span = [f"{tn[:6]}{line:04d}" for line in range(first, first + size)]
            if first + size <= 10_000 and not any(theirs.holds(n) for n in span):
                return f"+1{tn}", [f"+1{n}" for n in span if telnyx.holds(n)]
    raise AssertionError(f"no free block of {size} in {npa}")


async def test_a_block_order_takes_its_range_and_settles(
    telnyx_sandbox_client: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    telnyx = telnyx_sandbox_client
    start, listed = _free_block(numbering_sandbox, 10)
    assert listed
    assert set(listed) <= await _available(telnyx)

    order = await telnyx.number_block_orders.create(start, 10, customer_reference="blk-1")
    assert (order.status, order.starting_number, order.range) == ("pending", start, 10)
    assert order.phone_numbers_count == 10
    assert not set(listed) & await _available(telnyx)
    (sub,) = await telnyx.sub_number_orders.list(order_request_id=str(order.id))
    assert (sub.is_block_sub_number_order, sub.phone_numbers_count) == (True, 10)

    numbering_sandbox.advance(5)
    done = await telnyx.number_block_orders.retrieve(str(order.id))
    assert done.status == "success"
    assert done.errors is None
    assert [o.id async for o in telnyx.number_block_orders.list(starting_number=start)] == [
        order.id
    ]
    assert [o.id async for o in telnyx.number_block_orders.list(status="success")] == [order.id]
    assert [o async for o in telnyx.number_block_orders.list(status="pending")] == []
    assert numbering_sandbox.counts.orders_for("blk-1") == 1

    again = await telnyx.number_block_orders.create(start, 10)
    unlisted = next(n for n in (f"+{int(start[1:]) + i}" for i in range(10)) if n not in listed)
    inside = await telnyx.number_block_orders.create(unlisted, 1)  # a number never for sale
    numbering_sandbox.advance(5)
    failed = await telnyx.number_block_orders.retrieve(str(again.id))
    assert failed.status == "failure"
    assert failed.errors == f"Number {start} is not available"
    refused = await telnyx.number_block_orders.retrieve(str(inside.id))
    assert (refused.status, refused.errors) == ("failure", f"Number {unlisted} is not available")


async def test_block_orders_are_checked_and_fail_where_telnyx_has_no_block(
    telnyx_sandbox_client: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    telnyx = telnyx_sandbox_client
    with pytest.raises(BadRequestError) as past_the_end:
        await telnyx.number_block_orders.create("+12012009995", 10)
    assert "past the end" in str(past_the_end.value)
    with pytest.raises(BadRequestError, match="NANP"):
        await telnyx.number_block_orders.create("+442071234000", 10)
    with pytest.raises(NotFoundError):
        await telnyx.number_block_orders.retrieve("no-such-order")

    mine = numbering_sandbox.telnyx.account.inventory.stock
    assert "212200" not in mine.by_key
    nowhere = await telnyx.number_block_orders.create("+12122000000", 10)
    theirs = stock_for(numbering_sandbox.seed, "inumbering")
    shared = next(b for b in theirs.by_npa["201"] if b.key in mine.by_key)
    inumbering_number = f"+1{theirs.lines(shared)[0]}"
    taken = await telnyx.number_block_orders.create(inumbering_number, 1)
    numbering_sandbox.advance(5)
    failed = await telnyx.number_block_orders.retrieve(str(nowhere.id))
    assert failed.status == "failure"
    assert failed.errors == "No numbers are available in the NPA-NXX 212-200"
    theirs_failed = await telnyx.number_block_orders.retrieve(str(taken.id))
    assert theirs_failed.errors == f"Number {inumbering_number} is not available"


async def test_cancelling_a_pending_sub_order_gives_its_numbers_back(
    telnyx_sandbox_client: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    telnyx = telnyx_sandbox_client
    found = await telnyx.available_phone_numbers.list(national_destination_code="201", limit=2)
    numbers = [number.phone_number or "" for number in found]
    order = await telnyx.number_orders.create(numbers, customer_reference="cancel-me")
    (sub,) = await telnyx.sub_number_orders.list(order_request_id=str(order.id))
    assert not set(numbers) & await _available(telnyx)

    cancelled = await telnyx.sub_number_orders.cancel(str(sub.id))
    assert cancelled.status == "failure"
    assert set(numbers) <= await _available(telnyx)
    with pytest.raises(BadRequestError, match="pending"):
        await telnyx.sub_number_orders.cancel(str(sub.id))
    ordered = await telnyx.number_order_phone_numbers.list()
    assert {n.phone_number: n.requirements_status for n in ordered} == dict.fromkeys(
        numbers, "cancelled"
    )

    numbering_sandbox.advance(5)
    settled = await telnyx.number_orders.retrieve(str(order.id))
    assert settled.status == "failure"
    assert {n.status for n in settled.phone_numbers} == {"failure"}


async def test_a_cancelled_block_order_fails_and_frees_its_range(
    telnyx_sandbox_client: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    telnyx = telnyx_sandbox_client
    start, listed = _free_block(numbering_sandbox, 10)
    order = await telnyx.number_block_orders.create(start, 10)
    (sub,) = await telnyx.sub_number_orders.list(order_request_id=str(order.id))
    await telnyx.sub_number_orders.cancel(str(sub.id))
    assert set(listed) <= await _available(telnyx)
    numbering_sandbox.advance(5)
    failed = await telnyx.number_block_orders.retrieve(str(order.id))
    assert (failed.status, failed.errors) == ("failure", "The order was cancelled")
    again = await telnyx.number_block_orders.create(start, 10)
    numbering_sandbox.advance(5)
    assert (await telnyx.number_block_orders.retrieve(str(again.id))).status == "success"


async def test_requirements_and_requirement_groups_of_sub_orders_and_ordered_numbers(
    telnyx_sandbox_client: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    telnyx = telnyx_sandbox_client
    found = await telnyx.available_phone_numbers.list(national_destination_code="201", limit=2)
    order = await telnyx.number_orders.create([n.phone_number or "" for n in found])
    (sub,) = await telnyx.sub_number_orders.list(order_request_id=str(order.id))

    updated = await telnyx.sub_number_orders.update(str(sub.id), regulatory_requirements=[VALUE])
    assert [r.requirement_id for r in updated.regulatory_requirements] == [REQUIREMENT]
    shown = await telnyx.sub_number_orders.retrieve(str(sub.id), include_phone_numbers=True)
    assert len(shown.phone_numbers) == 2
    assert {r.field_value for n in shown.phone_numbers for r in n.regulatory_requirements} == {
        "45 Main St"
    }
    assert (await telnyx.sub_number_orders.retrieve(str(sub.id))).phone_numbers == ()

    ordered = await telnyx.number_order_phone_numbers.list(country_code="US")
    assert [n.phone_number for n in ordered] == [n.phone_number for n in found]
    first = ordered[0]
    assert (first.order_request_id, first.sub_number_order_id) == (order.id, sub.id)
    assert (first.locality, first.is_block_number) == ("Jersey City", False)
    assert list(await telnyx.number_order_phone_numbers.list(country_code="CA")) == []
    other = RegulatoryRequirementValue(requirement_id=GROUP, field_value="2030-01-01")
    changed = await telnyx.number_order_phone_numbers.update(
        str(first.id), regulatory_requirements=[other]
    )
    assert {r.requirement_id: r.field_value for r in changed.regulatory_requirements} == {
        REQUIREMENT: "45 Main St",
        GROUP: "2030-01-01",
    }
    fetched = await telnyx.number_order_phone_numbers.retrieve(str(first.id))
    assert fetched.regulatory_requirements == changed.regulatory_requirements

    grouped = await telnyx.sub_number_orders.update_requirement_group(
        str(sub.id), requirement_group_id=GROUP
    )
    assert grouped.id == sub.id
    assert len(grouped.phone_numbers) == 2
    number = await telnyx.number_order_phone_numbers.update_requirement_group(
        str(first.id), requirement_group_id=REQUIREMENT
    )
    assert number.id == first.id
    groups = numbering_sandbox.dump()["telnyx"]["requirement_groups"]
    assert groups == {found[0].phone_number: REQUIREMENT, found[1].phone_number: GROUP}

    with pytest.raises(NotFoundError):
        await telnyx.number_order_phone_numbers.retrieve("nope")
    with pytest.raises(NotFoundError):
        await telnyx.sub_number_orders.update_requirement_group(GROUP, requirement_group_id=GROUP)
    with pytest.raises(InvalidRequestError, match="requirement_group_id"):
        await telnyx.sub_number_orders.update_requirement_group(
            str(sub.id), requirement_group_id="x"
        )


@pytest.fixture
async def telnyx_over_http(
    numbering_sandbox_server: SandboxServer,
) -> AsyncIterator[TelnyxClient]:
    """A Telnyx client of the sandbox server, over real sockets."""
    url = numbering_sandbox_server.telnyx_base_url
    async with TelnyxClient(api_key="sk_test_0123456789", base_url=url, timeout=5) as client:
        yield client


@pytest.mark.integration
async def test_a_sub_number_orders_report_is_ready_after_a_while_and_downloads_as_csv(
    telnyx_over_http: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    telnyx = telnyx_over_http
    found = await telnyx.available_phone_numbers.list(national_destination_code="973", limit=3)
    mine = await telnyx.number_orders.create([found[0].phone_number or ""], customer_reference="r1")
    await telnyx.number_orders.create(
        [n.phone_number or "" for n in found[1:]], customer_reference="r2"
    )

    report = await telnyx.sub_number_orders_report.create(
        customer_reference="r1", country_code="US"
    )
    assert report.status == "pending"
    assert report.filters is not None
    assert (report.filters.customer_reference, report.filters.country_code) == ("r1", "US")
    with pytest.raises(BadRequestError, match="not ready"):
        await telnyx.sub_number_orders_report.download(str(report.id))

    numbering_sandbox.advance(5)
    ready = await telnyx.sub_number_orders_report.retrieve(str(report.id))
    assert ready.status == "success"
    text = await telnyx.sub_number_orders_report.download(str(report.id))
    rows = list(csv.DictReader(io.StringIO(text)))
    (sub,) = await telnyx.sub_number_orders.list(order_request_id=str(mine.id))
    assert [(r["id"], r["order_request_id"], r["customer_reference"]) for r in rows] == [
        (sub.id, mine.id, "r1")
    ]
    assert (rows[0]["status"], rows[0]["phone_numbers_count"]) == ("pending", "1")
    assert rows[0]["is_block_sub_number_order"] == "False"

    none = await telnyx.sub_number_orders_report.create(status="failure")
    numbering_sandbox.advance(5)
    empty = await telnyx.sub_number_orders_report.download(str(none.id))
    assert empty.splitlines() == [text.splitlines()[0]]
    with pytest.raises(NotFoundError):
        await telnyx.sub_number_orders_report.retrieve(GROUP)
