"""Every public operation of both clients, called with valid arguments.

The decoder properties (``test_decoders.py``) feed each of them arbitrary answers.
``test_every_public_operation_is_listed`` keeps this table complete: a new operation without
an entry here fails it.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from numbering_async import CoverageQuery, Gateway, INumberingClient
from numbering_async.telnyx import OrderingGroup, RegulatoryRequirementValue, TelnyxClient

__all__ = ["OPERATIONS", "Operation", "public_operations"]

ID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
NUMBER = "+12015550123"
TN = "2015550123"
REQUIREMENTS = [RegulatoryRequirementValue(requirement_id=ID, field_value="45 Main St")]
QUERY = CoverageQuery(npa="201")

Call = Callable[[TelnyxClient, INumberingClient], Any]


@attrs.frozen
class Operation:
    """One operation: its dotted name and a call of it (a coroutine or a paginator)."""

    name: str
    call: Call
    returns: Any
    """What a successful call gives (its return annotation)."""
    resource: str = ""
    """For Telnyx: the resource whose answers it decodes (``coverage`` reads inventory)."""

    @property
    def provider(self) -> str:
        """``telnyx`` or ``inumbering``."""
        return self.name.split(".", 1)[0]


def _returns(name: str) -> Any:
    provider, *rest = name.split(".")
    owner: Any = TelnyxClient if provider == "telnyx" else INumberingClient
    if len(rest) == 2:
        owner = type(getattr(TelnyxClient(api_key="sk_test_0123456789"), rest[0]))
    return typing.get_type_hints(getattr(owner, rest[-1]))["return"]


def _op(name: str, call: Call, resource: str = "") -> Operation:
    parts = name.split(".")
    return Operation(name, call, _returns(name), resource or (parts[1] if len(parts) == 3 else ""))


OPERATIONS: tuple[Operation, ...] = (
    _op("telnyx.inventory_coverage.list", lambda t, i: t.inventory_coverage.list("npa", npa=201)),
    _op(
        "telnyx.available_phone_numbers.list",
        lambda t, i: t.available_phone_numbers.list(national_destination_code=201, limit=5),
    ),
    _op("telnyx.number_orders.list", lambda t, i: t.number_orders.list(page_size=2)),
    _op("telnyx.number_orders.create", lambda t, i: t.number_orders.create([NUMBER])),
    _op(
        "telnyx.number_orders.find_by_reference",
        lambda t, i: t.number_orders.find_by_reference("ref-1"),
    ),
    _op("telnyx.number_orders.retrieve", lambda t, i: t.number_orders.retrieve(ID)),
    _op(
        "telnyx.number_orders.update",
        lambda t, i: t.number_orders.update(ID, customer_reference="ref-2"),
    ),
    _op("telnyx.number_reservations.list", lambda t, i: t.number_reservations.list(page_size=2)),
    _op("telnyx.number_reservations.create", lambda t, i: t.number_reservations.create([NUMBER])),
    _op(
        "telnyx.number_reservations.find_by_reference",
        lambda t, i: t.number_reservations.find_by_reference("ref-1"),
    ),
    _op("telnyx.number_reservations.retrieve", lambda t, i: t.number_reservations.retrieve(ID)),
    _op("telnyx.number_reservations.extend", lambda t, i: t.number_reservations.extend(ID)),
    _op(
        "telnyx.inexplicit_number_orders.list",
        lambda t, i: t.inexplicit_number_orders.list(page_size=2),
    ),
    _op(
        "telnyx.inexplicit_number_orders.create",
        lambda t, i: t.inexplicit_number_orders.create(
            [OrderingGroup(country_iso="US", phone_number_type="local", count_requested=1)]
        ),
    ),
    _op(
        "telnyx.inexplicit_number_orders.find_by_reference",
        lambda t, i: t.inexplicit_number_orders.find_by_reference("ref-1"),
    ),
    _op(
        "telnyx.inexplicit_number_orders.retrieve",
        lambda t, i: t.inexplicit_number_orders.retrieve(ID),
    ),
    _op("telnyx.sub_number_orders.list", lambda t, i: t.sub_number_orders.list()),
    _op("telnyx.sub_number_orders.retrieve", lambda t, i: t.sub_number_orders.retrieve(ID)),
    _op(
        "telnyx.sub_number_orders.update",
        lambda t, i: t.sub_number_orders.update(ID, regulatory_requirements=REQUIREMENTS),
    ),
    _op(
        "telnyx.sub_number_orders.update_requirement_group",
        lambda t, i: t.sub_number_orders.update_requirement_group(ID, requirement_group_id=ID),
    ),
    _op("telnyx.sub_number_orders.cancel", lambda t, i: t.sub_number_orders.cancel(ID)),
    _op("telnyx.sub_number_orders_report.create", lambda t, i: t.sub_number_orders_report.create()),
    _op(
        "telnyx.sub_number_orders_report.retrieve",
        lambda t, i: t.sub_number_orders_report.retrieve(ID),
    ),
    _op(
        "telnyx.sub_number_orders_report.download",
        lambda t, i: t.sub_number_orders_report.download(ID),
    ),
    _op(
        "telnyx.number_order_phone_numbers.list",
        lambda t, i: t.number_order_phone_numbers.list(),
    ),
    _op(
        "telnyx.number_order_phone_numbers.retrieve",
        lambda t, i: t.number_order_phone_numbers.retrieve(ID),
    ),
    _op(
        "telnyx.number_order_phone_numbers.update",
        lambda t, i: t.number_order_phone_numbers.update(ID, regulatory_requirements=REQUIREMENTS),
    ),
    _op(
        "telnyx.number_order_phone_numbers.update_requirement_group",
        lambda t, i: t.number_order_phone_numbers.update_requirement_group(
            ID, requirement_group_id=ID
        ),
    ),
    _op("telnyx.number_block_orders.list", lambda t, i: t.number_block_orders.list(page_size=2)),
    _op(
        "telnyx.number_block_orders.create",
        lambda t, i: t.number_block_orders.create("+19705555000", 10),
    ),
    _op(
        "telnyx.number_block_orders.find_by_reference",
        lambda t, i: t.number_block_orders.find_by_reference(
            "ref-1", starting_number="+19705555000"
        ),
        "number_block_orders",
    ),
    _op("telnyx.number_block_orders.retrieve", lambda t, i: t.number_block_orders.retrieve(ID)),
    _op("telnyx.request", lambda t, i: t.request("GET", "/anything")),
    _op("telnyx.coverage", lambda t, i: t.coverage(QUERY), "inventory_coverage"),
    _op("telnyx.search_numbers", lambda t, i: t.search_numbers(QUERY), "available_phone_numbers"),
    _op("inumbering.tn_inventory", lambda t, i: i.tn_inventory("201xxxxxxx", 5)),
    _op("inumbering.tn_inventory_coverage", lambda t, i: i.tn_inventory_coverage(npa="201")),
    _op("inumbering.tn_order", lambda t, i: i.tn_order([TN])),
    _op("inumbering.add_messaging_brand", lambda t, i: i.add_messaging_brand("B12345", "n", "d")),
    _op(
        "inumbering.add_messaging_campaign",
        lambda t, i: i.add_messaging_campaign("B12345", "C123456", "d"),
    ),
    _op(
        "inumbering.tn_messaging_campaign",
        lambda t, i: i.tn_messaging_campaign([TN], "C123456"),
    ),
    _op("inumbering.gateways", lambda t, i: i.gateways()),
    _op("inumbering.add_gateway", lambda t, i: i.add_gateway("sip.example.com")),
    _op(
        "inumbering.update_gateway",
        lambda t, i: i.update_gateway(Gateway(route=1, gateway="sip.example.com")),
    ),
    _op("inumbering.remove_gateway", lambda t, i: i.remove_gateway(1)),
    _op("inumbering.coverage", lambda t, i: i.coverage(QUERY)),
    _op("inumbering.search_numbers", lambda t, i: i.search_numbers(QUERY)),
)

_NOT_OPERATIONS = frozenset({"aclose", "retrying"})


def _is_lazy_attribute(member: object) -> bool:
    return isinstance(member, functools.cached_property)


def public_operations() -> Iterator[str]:
    """The dotted names of every public operation of both clients, found by introspection."""
    telnyx = TelnyxClient(api_key="sk_test_0123456789")
    for provider, client in (
        ("telnyx", telnyx),
        ("inumbering", INumberingClient(api_key="sk_test_0123456789")),
    ):
        for name, _ in inspect.getmembers(type(client), inspect.isfunction):
            if not name.startswith("_") and name not in _NOT_OPERATIONS:
                yield f"{provider}.{name}"
    for attribute, _ in inspect.getmembers(TelnyxClient, _is_lazy_attribute):
        resource = getattr(telnyx, attribute)  # the resources are built on first use
        if attribute.startswith("_") or not hasattr(resource, "_client"):
            continue
        for name, _ in inspect.getmembers(type(resource), inspect.isfunction):
            if not name.startswith("_"):
                yield f"telnyx.{attribute}.{name}"
