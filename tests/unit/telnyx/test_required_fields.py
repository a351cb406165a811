"""What every Telnyx response carries is required: a response without one of those fields
(or with ``null`` for it) is a ``DecodeError`` naming the model and the field; anything else may
be missing, and unknown fields and enum values still decode."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from numbering_async import NO_RETRY, DecodeError, MockResponse
from numbering_async.telnyx import OrderStatus, TelnyxClient

from .helpers import UUID, Api
from .payloads import (
    AVAILABLE_NUMBER,
    BLOCK_ORDER,
    INEXPLICIT_ORDER,
    INVENTORY_COVERAGE,
    NUMBER_ORDER_DETAIL,
    NUMBER_ORDER_ITEM,
    NUMBER_ORDER_PHONE_NUMBER,
    REPORT,
    RESERVATION,
    SUB_ORDER_WITH_NUMBERS,
)

Call = Callable[[TelnyxClient], Awaitable[Any]]


def listing(item: dict[str, Any]) -> dict[str, Any]:
    return {"data": [item], "meta": {"total_pages": 1}}


def one(item: dict[str, Any]) -> dict[str, Any]:
    return {"data": item}


# path, call, body of a complete answer, with ``data`` (or its first item) at ``where``.
ENDPOINTS: dict[str, tuple[str, Call, dict[str, Any]]] = {
    "order": (
        f"/v2/number_orders/{UUID}",
        lambda t: t.number_orders.retrieve(UUID),
        one(NUMBER_ORDER_DETAIL),
    ),
    "orders": (
        "/v2/number_orders",
        lambda t: t.number_orders.list().to_list(),
        listing(NUMBER_ORDER_ITEM),
    ),
    "reservation": (
        f"/v2/number_reservations/{UUID}",
        lambda t: t.number_reservations.retrieve(UUID),
        one(RESERVATION),
    ),
    "coverage": (
        "/v2/inventory_coverage",
        lambda t: t.inventory_coverage.list("npa"),
        {"data": [INVENTORY_COVERAGE]},
    ),
    "available": (
        "/v2/available_phone_numbers",
        lambda t: t.available_phone_numbers.list(),
        {"data": [AVAILABLE_NUMBER]},
    ),
    "sub order": (
        f"/v2/sub_number_orders/{UUID}",
        lambda t: t.sub_number_orders.retrieve(UUID),
        one(SUB_ORDER_WITH_NUMBERS),
    ),
    "order number": (
        f"/v2/number_order_phone_numbers/{UUID}",
        lambda t: t.number_order_phone_numbers.retrieve(UUID),
        one(NUMBER_ORDER_PHONE_NUMBER),
    ),
    "report": (
        f"/v2/sub_number_orders_report/{UUID}",
        lambda t: t.sub_number_orders_report.retrieve(UUID),
        one(REPORT),
    ),
    "block order": (
        f"/v2/number_block_orders/{UUID}",
        lambda t: t.number_block_orders.retrieve(UUID),
        one(BLOCK_ORDER),
    ),
    "inexplicit": (
        f"/v2/inexplicit_number_orders/{UUID}",
        lambda t: t.inexplicit_number_orders.retrieve(UUID),
        one(INEXPLICIT_ORDER),
    ),
}

# endpoint, path to the object losing the field, field, the model named.
REQUIRED = [
    ("order", "", "id", "NumberOrderWithPhoneNumbers"),
    ("order", "", "status", "NumberOrderWithPhoneNumbers"),
    ("order", "", "phone_numbers_count", "NumberOrderWithPhoneNumbers"),
    ("order", "", "created_at", "NumberOrderWithPhoneNumbers"),
    ("order", "", "updated_at", "NumberOrderWithPhoneNumbers"),
    ("order", "phone_numbers.0", "phone_number", "OrderedPhoneNumber"),
    ("order", "phone_numbers.0", "status", "OrderedPhoneNumber"),
    ("orders", "0", "id", "NumberOrder"),
    ("orders", "0.phone_numbers.0", "phone_number", "PhoneNumberRef"),
    ("reservation", "", "status", "NumberReservation"),
    ("reservation", "phone_numbers.0", "expired_at", "ReservedPhoneNumber"),
    ("coverage", "0", "group", "InventoryCoverage"),
    ("available", "0", "phone_number", "AvailablePhoneNumber"),
    ("sub order", "", "order_request_id", "SubNumberOrder"),
    ("order number", "", "phone_number", "NumberOrderPhoneNumber"),
    ("report", "", "created_at", "SubNumberOrdersReport"),
    ("block order", "", "starting_number", "NumberBlockOrder"),
    ("inexplicit", "", "id", "InexplicitNumberOrder"),
    ("inexplicit", "ordering_groups.0", "status", "InexplicitOrderingGroup"),
    ("inexplicit", "ordering_groups.0.orders.0", "number_order_id", "InexplicitOrderRef"),
]


def holder(body: dict[str, Any], where: str) -> Any:
    """The object at ``where`` (dotted keys and indexes) under the body's ``data``."""
    node: Any = body["data"]
    for part in filter(None, where.split(".")):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


async def answer(endpoint: str, body: dict[str, Any]) -> Any:
    path, call, _ = ENDPOINTS[endpoint]
    api = Api().on("GET", path, MockResponse(200, json=body))
    async with api.client(retry=NO_RETRY) as telnyx:
        return await call(telnyx)


@pytest.mark.parametrize("null", [False, True], ids=["missing", "null"])
@pytest.mark.parametrize(("endpoint", "where", "field", "model"), REQUIRED)
async def test_a_response_without_a_required_field_is_a_decode_error_naming_it(
    endpoint: str, where: str, field: str, model: str, null: bool
) -> None:
    body = copy.deepcopy(ENDPOINTS[endpoint][2])
    if null:
        holder(body, where)[field] = None
    else:
        del holder(body, where)[field]
    with pytest.raises(DecodeError) as caught:
        await answer(endpoint, body)
    problem = "null" if null else "missing"
    assert f"required field {model}.{field} is {problem}" in str(caught.value)
    assert caught.value.status == 200


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
async def test_complete_answers_decode_with_unknown_fields_and_enum_values(endpoint: str) -> None:
    body = copy.deepcopy(ENDPOINTS[endpoint][2])
    item = holder(body, "0" if isinstance(body["data"], list) else "")
    item["added_by_telnyx_later"] = {"any": "shape"}
    if "status" in item:
        item["status"] = "on_hold"
    result = await answer(endpoint, body)
    decoded = result[0] if isinstance(result, list) else result
    assert not hasattr(decoded, "added_by_telnyx_later")
    if "status" in item:
        assert decoded.status == "on_hold"


async def test_optional_fields_may_be_missing_or_null() -> None:
    required = {"id", "status", "phone_numbers_count", "created_at", "updated_at"}
    sparse = {k: v for k, v in NUMBER_ORDER_ITEM.items() if k in required}
    order = await answer("order", one({**sparse, "customer_reference": None}))
    assert (order.id, order.status, order.phone_numbers) == (NUMBER_ORDER_ITEM["id"], "pending", ())
    assert order.status is OrderStatus.PENDING
    assert order.customer_reference is None
    assert order.connection_id is None
