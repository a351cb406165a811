"""The official ``telnyx`` Python SDK as a referee: its whole numbering flow against the sandbox.

The SDK is Stainless-generated from Telnyx's own spec and validates every response strictly
(``_strict_response_validation=True``), so a sandbox answer it cannot parse, or a request
form of its that the sandbox refuses, fails here. Each call's parsed result is checked on
content, not only on type.

It never leaves 127.0.0.1: ``base_url`` is a real :class:`SandboxServer`, the ``TELNYX_*``
variables the SDK reads are cleared (``TELNYX_CLIENT_ID`` with ``TELNYX_CLIENT_SECRET`` would
send it to fetch an OAuth token from api.telnyx.com), proxies from the environment are ignored,
and its transport refuses any other host.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
import telnyx

from numbering_async.sandbox import Sandbox, SandboxServer

pytestmark = pytest.mark.asyncio(loop_scope="module")

KEY = "sk_test_0123456789"
REQUIREMENT = "8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"
GROUP = "a4b201f9-8646-4e54-a7d2-b2e403eeaf8c"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
SETTLE = 5.0
"""Seconds of sandbox time after which every pending order and report has settled."""
_references = itertools.count(1)


class LoopbackOnly(httpx.AsyncBaseTransport):
    """An httpx transport that refuses every host but 127.0.0.1."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "127.0.0.1":
            raise AssertionError(f"the official SDK tried to reach {request.url}")
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server() -> AsyncIterator[SandboxServer]:
    """One sandbox server for the module (tests use their own numbers and references)."""
    async with SandboxServer(Sandbox(seed=1, api_key=KEY, strict=True)) as srv:
        yield srv


def official(server: SandboxServer, api_key: str = KEY) -> telnyx.AsyncTelnyx:
    """An ``AsyncTelnyx`` aimed at ``server``, strict, with no retries and no environment."""
    with pytest.MonkeyPatch.context() as env:
        for name in (
            "TELNYX_API_KEY",
            "TELNYX_PUBLIC_KEY",
            "TELNYX_CLIENT_ID",
            "TELNYX_CLIENT_SECRET",
            "TELNYX_BASE_URL",
            "TELNYX_CUSTOM_HEADERS",
        ):
            env.delenv(name, raising=False)
        return telnyx.AsyncTelnyx(
            api_key=api_key,
            base_url=server.telnyx_base_url,
            max_retries=0,
            timeout=10,
            http_client=httpx.AsyncClient(transport=LoopbackOnly(), trust_env=False),
            _strict_response_validation=True,
        )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(server: SandboxServer) -> AsyncIterator[telnyx.AsyncTelnyx]:
    """The official client, shared by the module."""
    async with official(server) as sdk:
        yield sdk


def reference() -> str:
    """A customer reference no other test uses."""
    return f"official-sdk-{next(_references)}"


async def fresh_numbers(client: telnyx.AsyncTelnyx, count: int, npa: str = "201") -> list[str]:
    """``count`` numbers for sale now, found with the official SDK."""
    found = await client.available_phone_numbers.list(
        filter={"national_destination_code": npa, "limit": count}
    )
    numbers = [number.phone_number for number in found.data]
    assert len(numbers) == count
    return numbers


def values(number: Any) -> list[tuple[str, str]]:
    """A number's regulatory requirement values as ``(requirement_id, field_value)``."""
    return [(r.requirement_id, r.field_value) for r in number.regulatory_requirements]


def region(number: Any) -> dict[str, str]:
    """An available number's region information as ``{region_type: region_name}``."""
    return {info.region_type: info.region_name for info in number.region_information}


# -- inventory and search ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group_by", "group"),
    [("locality", "Jersey City"), ("npa", "201"), ("national_destination_code", "201")],
)
async def test_coverage_with_every_grouping_and_two_features(
    client: telnyx.AsyncTelnyx, group_by: str, group: str
) -> None:
    answer = await client.inventory_coverage.list(
        filter={
            "groupBy": group_by,
            "npa": 201,
            "administrative_area": "NJ",
            "phone_number_type": "local",
            "country_code": "US",
            "count": True,
            "features": ["sms", "voice"],
        }
    )
    rows = {row.group: row for row in answer.data}
    assert answer.meta.total_results == len(answer.data) > 0
    assert {row.group_type for row in answer.data} == {group_by}
    assert all(row.administrative_area == "NJ" and row.count > 0 for row in answer.data)
    assert group in rows
    assert rows[group].phone_number_type == "local"
    assert rows[group].record_type == "inventory_coverage_group"


async def test_coverage_with_a_feature_the_sandbox_has_no_numbers_for_is_empty(
    client: telnyx.AsyncTelnyx,
) -> None:
    answer = await client.inventory_coverage.list(
        filter={"groupBy": "npa", "npa": 201, "phone_number_type": "toll_free"}
    )
    assert (answer.data, answer.meta.total_results) == ([], 0)


async def test_search_with_every_filter_finds_the_number_it_describes(
    client: telnyx.AsyncTelnyx,
) -> None:
    first = await client.available_phone_numbers.list(
        filter={"national_destination_code": "201", "limit": 1}
    )
    (number,) = first.data
    where = region(number)
    digits = number.phone_number[5:]  # the 7 digits after +1 and the area code
    answer = await client.available_phone_numbers.list(
        filter={
            "country_code": "US",
            "administrative_area": where["state"],
            "locality": where["location"],
            "rate_center": where["rate_center"],
            "national_destination_code": "201",
            "phone_number_type": "local",
            "features": ["sms", "voice"],
            "phone_number": {
                "starts_with": digits[:3],
                "contains": digits[2:5],
                "ends_with": digits[-2:],
            },
            "limit": 5,
            "exclude_held_numbers": True,
            "quickship": True,
            "reservable": True,
            "best_effort": False,
        }
    )
    assert number.phone_number in [found.phone_number for found in answer.data]
    assert answer.meta.total_results == answer.metadata.total_results == len(answer.data)
    for found in answer.data:
        assert found.phone_number.startswith(f"+1201{digits[:3]}")
        assert found.phone_number.endswith(digits[-2:])
        assert region(found) == {**where, "country_code": "US"}
        assert {"sms", "voice"} <= {feature.name for feature in found.features}
        assert found.cost_information.currency == "USD"


# -- number orders ---------------------------------------------------------------------------


async def test_number_order_create_retrieve_update_list_and_auto_paginate(
    client: telnyx.AsyncTelnyx, server: SandboxServer
) -> None:
    ref = reference()
    numbers = await fresh_numbers(client, 3)
    created = []
    for phone in numbers:
        answer = await client.number_orders.create(
            phone_numbers=[{"phone_number": phone}], customer_reference=ref
        )
        created.append(answer.data)
    order = created[0]
    assert (order.status, order.customer_reference, order.phone_numbers_count) == (
        "pending",
        ref,
        1,
    )
    assert [n.phone_number for n in order.phone_numbers] == numbers[:1]
    assert order.phone_numbers[0].status == "pending"

    retrieved = (await client.number_orders.retrieve(order.id)).data
    assert (retrieved.id, retrieved.customer_reference) == (order.id, ref)
    assert retrieved.phone_numbers[0].phone_number == numbers[0]

    renamed = f"{ref}-renamed"
    updated = (
        await client.number_orders.update(
            order.id,
            customer_reference=renamed,
            regulatory_requirements=[{"requirement_id": REQUIREMENT, "field_value": "1 Main St"}],
        )
    ).data
    assert (updated.id, updated.customer_reference) == (order.id, renamed)
    assert values(updated.phone_numbers[0]) == [(REQUIREMENT, "1 Main St")]

    first_page = await client.number_orders.list(
        filter={"customer_reference": ref, "status": "pending"}, page_size=1
    )
    assert (first_page.meta.page_number, first_page.meta.page_size) == (1, 1)
    assert first_page.meta.total_results == 2
    walked = [item.id async for item in first_page]  # auto-paginates with page[number]
    assert walked == [o.id for o in reversed(created[1:])]  # newest first

    server.sandbox.advance(SETTLE)
    settled = await client.number_orders.list(
        filter={
            "customer_reference": renamed,
            "status": "success",
            "phone_numbers_count": "1",
            "requirements_met": True,
            "created_at": {"gt": "2000-01-01T00:00:00Z", "lt": "2999-01-01T00:00:00Z"},
        }
    )
    (done,) = settled.data
    assert (done.id, done.status, done.phone_numbers[0].phone_number) == (
        order.id,
        "success",
        numbers[0],
    )


async def test_sub_number_orders_with_their_numbers_then_cancel(client: telnyx.AsyncTelnyx) -> None:
    ref = reference()
    numbers = await fresh_numbers(client, 2)
    order = (
        await client.number_orders.create(
            phone_numbers=[{"phone_number": phone} for phone in numbers], customer_reference=ref
        )
    ).data
    listed = await client.sub_number_orders.list(
        filter={
            "order_request_id": order.id,
            "status": "pending",
            "country_code": "US",
            "include_phone_numbers": True,
        }
    )
    (sub,) = listed.data
    assert sorted(n.phone_number for n in sub.phone_numbers or []) == sorted(numbers)
    assert sub.id in order.sub_number_orders_ids
    assert (sub.order_request_id, sub.customer_reference, sub.phone_numbers_count) == (
        order.id,
        ref,
        2,
    )

    detailed = (
        await client.sub_number_orders.retrieve(sub.id, filter={"include_phone_numbers": True})
    ).data
    assert sorted(n.phone_number for n in detailed.phone_numbers) == sorted(numbers)
    bare = (await client.sub_number_orders.retrieve(sub.id)).data
    assert bare.phone_numbers is None

    value = {"requirement_id": REQUIREMENT, "field_value": "2 Main St"}
    updated = (await client.sub_number_orders.update(sub.id, regulatory_requirements=[value])).data
    assert (updated.id, updated.status) == (sub.id, "pending")
    again = (
        await client.sub_number_orders.retrieve(sub.id, filter={"include_phone_numbers": True})
    ).data
    assert [values(n) for n in again.phone_numbers] == [[(REQUIREMENT, "2 Main St")]] * 2
    grouped = (
        await client.sub_number_orders.update_requirement_group(sub.id, requirement_group_id=GROUP)
    ).data
    assert grouped.id == sub.id
    assert sorted(n.phone_number for n in grouped.phone_numbers) == sorted(numbers)

    cancelled = (await client.sub_number_orders.cancel(sub.id)).data
    assert (cancelled.id, cancelled.status) == (sub.id, "failure")
    for_sale = await client.available_phone_numbers.list(
        filter={"phone_number": {"starts_with": numbers[0][2:]}, "limit": 1}
    )
    assert [n.phone_number for n in for_sale.data] == numbers[:1]  # back for sale


async def test_ordered_numbers_take_requirement_values_and_groups(
    client: telnyx.AsyncTelnyx,
) -> None:
    (phone,) = await fresh_numbers(client, 1)
    order = (await client.number_orders.create(phone_numbers=[{"phone_number": phone}])).data
    number_id = order.phone_numbers[0].id

    listed = await client.number_order_phone_numbers.list(filter={"country_code": "US"})
    assert number_id in [n.id for n in listed.data]
    one = (await client.number_order_phone_numbers.retrieve(number_id)).data
    assert (one.phone_number, one.order_request_id) == (phone, order.id)
    assert one.sub_number_order_id in order.sub_number_orders_ids

    value = {"requirement_id": REQUIREMENT, "field_value": "3 Main St"}
    updated = (
        await client.number_order_phone_numbers.update_requirements(
            number_id, regulatory_requirements=[value]
        )
    ).data
    assert (updated.id, updated.phone_number) == (number_id, phone)
    assert values(updated) == [(REQUIREMENT, "3 Main St")]
    grouped = (
        await client.number_order_phone_numbers.update_requirement_group(
            number_id, requirement_group_id=GROUP
        )
    ).data
    assert (grouped.id, grouped.phone_number) == (number_id, phone)
    assert values(grouped) == [(REQUIREMENT, "3 Main St")]


# -- reservations, inexplicit and block orders -----------------------------------------------


async def test_reservation_create_retrieve_list_and_extend(
    client: telnyx.AsyncTelnyx, server: SandboxServer
) -> None:
    ref = reference()
    numbers = await fresh_numbers(client, 2)
    created = (
        await client.number_reservations.create(
            phone_numbers=[{"phone_number": phone} for phone in numbers], customer_reference=ref
        )
    ).data
    assert (created.status, created.customer_reference) == ("success", ref)
    assert [n.phone_number for n in created.phone_numbers] == numbers
    held_until = created.phone_numbers[0].expired_at
    assert held_until > created.created_at

    retrieved = (await client.number_reservations.retrieve(created.id)).data
    assert retrieved.id == created.id
    listed = [
        r.id
        async for r in client.number_reservations.list(
            filter={"customer_reference": ref, "phone_numbers.phone_number": numbers[1]}
        )
    ]
    assert listed == [created.id]

    server.sandbox.advance(60)
    extended = (await client.number_reservations.actions.extend(created.id)).data
    assert extended.id == created.id
    assert extended.phone_numbers[0].expired_at > held_until


async def test_inexplicit_order_create_retrieve_and_list(client: telnyx.AsyncTelnyx) -> None:
    ref = reference()
    created = (
        await client.inexplicit_number_orders.create(
            ordering_groups=[
                {
                    "count_requested": "2",
                    "country_iso": "US",
                    "phone_number_type": "local",
                    "national_destination_code": "201",
                    "administrative_area": "NJ",
                    "features": ["sms", "voice"],
                    "strategy": "always",
                }
            ],
            customer_reference=ref,
        )
    ).data
    assert created.customer_reference == ref
    (group,) = created.ordering_groups
    # The request sends the count as a string, the response has it as an integer (both specs).
    assert (group.count_requested, group.national_destination_code, group.strategy) == (
        2,
        "201",
        "always",
    )
    assert group.count_allocated == 2
    (placed,) = group.orders
    bought = (await client.number_orders.retrieve(placed.number_order_id)).data
    assert [n.phone_number[:5] for n in bought.phone_numbers] == ["+1201"] * 2
    assert bought.sub_number_orders_ids == placed.sub_number_order_ids

    retrieved = (await client.inexplicit_number_orders.retrieve(created.id)).data
    assert (retrieved.id, retrieved.customer_reference) == (created.id, ref)
    listed = [o.id async for o in client.inexplicit_number_orders.list(page_size=1)]
    assert created.id in listed


async def test_block_order_create_retrieve_and_list(
    client: telnyx.AsyncTelnyx, server: SandboxServer
) -> None:
    ref = reference()
    (start,) = await fresh_numbers(client, 1, npa="973")
    created = (
        await client.number_block_orders.create(
            starting_number=start, range=1, customer_reference=ref
        )
    ).data
    assert (created.status, created.starting_number, created.range) == ("pending", start, 1)
    assert (created.customer_reference, created.phone_numbers_count) == (ref, 1)

    server.sandbox.advance(SETTLE)
    done = (await client.number_block_orders.retrieve(created.id)).data
    assert (done.id, done.status) == (created.id, "success")
    listed = [
        o.id
        async for o in client.number_block_orders.list(
            filter={"phone_numbers.starting_number": start, "status": "success"}
        )
    ]
    assert listed == [created.id]


# -- reports ---------------------------------------------------------------------------------


async def test_report_create_retrieve_and_download(
    client: telnyx.AsyncTelnyx, server: SandboxServer
) -> None:
    ref = reference()
    (phone,) = await fresh_numbers(client, 1)
    order = (
        await client.number_orders.create(
            phone_numbers=[{"phone_number": phone}], customer_reference=ref
        )
    ).data
    report = (
        await client.sub_number_orders_report.create(customer_reference=ref, country_code="US")
    ).data
    assert (report.status, report.order_type) == ("pending", "sub_number_order")
    assert (report.filters.customer_reference, report.filters.country_code) == (ref, "US")

    server.sandbox.advance(SETTLE)
    ready = (await client.sub_number_orders_report.retrieve(report.id)).data
    assert (ready.id, ready.status) == (report.id, "success")
    rows = list(
        csv.DictReader(io.StringIO(await client.sub_number_orders_report.download(report.id)))
    )
    assert [(row["order_request_id"], row["customer_reference"]) for row in rows] == [
        (order.id, ref)
    ]
    assert rows[0]["id"] in order.sub_number_orders_ids


# -- errors ----------------------------------------------------------------------------------


async def test_a_wrong_key_is_an_authentication_error(server: SandboxServer) -> None:
    async with official(server, api_key="sk_test_not_the_key") as stranger:
        with pytest.raises(telnyx.AuthenticationError) as caught:
            await stranger.number_orders.retrieve(UNKNOWN_ID)
    assert caught.value.status_code == 401
    assert caught.value.body["errors"][0]["code"] == "10009"


async def test_an_unknown_order_is_not_found(client: telnyx.AsyncTelnyx) -> None:
    with pytest.raises(telnyx.NotFoundError) as caught:
        await client.number_orders.retrieve(UNKNOWN_ID)
    assert caught.value.status_code == 404
    assert caught.value.body["errors"][0]["code"] == "10005"


async def test_a_malformed_number_is_unprocessable(client: telnyx.AsyncTelnyx) -> None:
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        await client.number_orders.create(phone_numbers=[{"phone_number": "12015550123"}])
    assert caught.value.status_code == 422
    (error,) = caught.value.body["errors"]
    assert error["code"] == "10016"
    assert error["source"]["pointer"] == "/phone_numbers/0/phone_number"
