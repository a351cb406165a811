"""What every iNumbering answer carries is required (a tn, a count, a route and its gateway, an
order id): a success body without one (or with ``null`` for it) is a ``DecodeError`` naming the
model and the field, with its wire key."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from numbering_async import NO_RETRY, DecodeError, INumberingClient, OutcomeUnknownError

from .helpers import Server, ok

Call = Callable[[INumberingClient], Awaitable[Any]]

TN = {"telephoneNumber": "2015551234", "rateCenter": "HACKENSACK", "lata": 224, "province": "NJ"}
ROW = {"npa": "201", "nxx": "389", "lata": "224", "locState": "NJ", "count": 973}
GATEWAY = {"route": "1000", "gateway": "sip.example.com"}
ADDED = {"route": "1000", "IP": "sip.example.com"}


def search(client: INumberingClient) -> Awaitable[Any]:
    return client.tn_inventory("201xxxxxxx", 1)


def coverage(client: INumberingClient) -> Awaitable[Any]:
    return client.tn_inventory_coverage(npa="201")


def listing(client: INumberingClient) -> Awaitable[Any]:
    return client.gateways()


def adding(client: INumberingClient) -> Awaitable[Any]:
    return client.add_gateway("sip.example.com")


def removing(client: INumberingClient) -> Awaitable[Any]:
    return client.remove_gateway(1000)


# call, the list key of the success body, its one item, field, wire key, the model named.
CASES: list[tuple[Call, str, dict[str, Any], str, str, str]] = [
    (search, "tnResult", TN, "tn", "telephoneNumber", "TnInventoryNumber"),
    (coverage, "tnInventoryCoverageList", ROW, "count", "count", "TnCoverageRow"),
    (listing, "gateways", GATEWAY, "route", "route", "Gateway"),
    (listing, "gateways", GATEWAY, "gateway", "gateway", "Gateway"),
    (adding, "gateways", ADDED, "gateway", "IP", "AddedGateway"),
    (removing, "routes", {"route": 1000}, "route", "route", "RouteRef"),
]


def named(model: str, field: str, key: str, problem: str) -> str:
    wire = f" (wire key {key!r})" if key != field else ""
    return f"required field {model}.{field}{wire} is {problem}"


def decode_error(error: BaseException) -> BaseException | None:
    """The DecodeError raised, or behind an OutcomeUnknownError (a write's answer)."""
    return error.cause if isinstance(error, OutcomeUnknownError) else error


@pytest.mark.parametrize("null", [False, True], ids=["missing", "null"])
@pytest.mark.parametrize(("call", "listed", "item", "field", "key", "model"), CASES)
async def test_an_answer_without_a_required_field_is_a_decode_error_naming_it(
    call: Call, listed: str, item: dict[str, Any], field: str, key: str, model: str, null: bool
) -> None:
    broken = {**item, key: None} if null else {k: v for k, v in item.items() if k != key}
    server = Server(ok(**{listed: [item]}), ok(**{listed: [broken]}))
    async with server.client(retry=NO_RETRY) as client:
        assert len(await call(client)) == 1  # the complete answer decodes
        with pytest.raises((DecodeError, OutcomeUnknownError)) as caught:
            await call(client)
    error = decode_error(caught.value)
    assert isinstance(error, DecodeError)
    assert named(model, field, key, "null" if null else "missing") in str(error)


async def test_an_order_confirmed_without_its_order_id_is_outcome_unknown_naming_it() -> None:
    server = Server(ok())  # "Success", but no orderId: the purchase cannot be confirmed
    async with server.client(retry=NO_RETRY) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.tn_order(["2015551234"], customer_order_reference="po-1")
    error = decode_error(caught.value)
    assert isinstance(error, DecodeError)
    assert named("OrderIdResponse", "order_id", "orderId", "missing") in str(error)
    assert caught.value.reference == "po-1"
    assert len(server.requests) == 1
