"""``/number_orders``: buy specific numbers."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from numbering_async._validate import check_e164, check_id
from numbering_async.errors import DecodeError
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, page_caster
from numbering_async.telnyx._params import (
    check_bool,
    check_count,
    check_text,
    compact,
    optional,
    reference_or_new,
    status_and_created,
)
from numbering_async.telnyx.models import (
    NumberOrder,
    NumberOrderWithPhoneNumbers,
    OrderPhoneNumber,
    OrderStatus,
    RegulatoryRequirementValue,
)
from numbering_async.telnyx.resources._base import (
    DEFAULT_PAGE_SIZE,
    Resource,
    item_path,
    requirement_values,
    wire_values,
)
from numbering_async.telnyx.resources._purchase import LOOKUP_PAGE_SIZE, ReferenceFinder

__all__ = ["NumberOrders"]

_PATH = "/number_orders"
_ORDER = data_caster(NumberOrderWithPhoneNumbers)
_PAGE = page_caster(NumberOrder)


def _plain_number(argument: str, value: str) -> dict[str, Any]:
    return {"phone_number": check_e164(argument, value)}


class NumberOrders(Resource):
    """``client.number_orders``: orders for specific numbers."""

    __slots__ = ()

    def list(
        self,
        *,
        status: OrderStatus | str | None = None,
        created_at_gt: datetime | str | None = None,
        created_at_lt: datetime | str | None = None,
        phone_numbers_count: int | None = None,
        customer_reference: str | None = None,
        requirements_met: bool | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> AsyncPaginator[NumberOrder]:
        """Walk number orders, newest pages fetched lazily (``async for order in ...``).

        ``created_at_gt`` / ``created_at_lt`` bound the creation time (aware datetimes or ISO
        8601 text); ``page_size`` is 1..250; ``limit`` stops after that many orders.
        """
        filters = {
            **status_and_created(status, created_at_gt, created_at_lt),
            "phone_numbers_count": optional(
                check_count, "phone_numbers_count", phone_numbers_count
            ),
            "customer_reference": optional(check_text, "customer_reference", customer_reference),
            "requirements_met": optional(check_bool, "requirements_met", requirements_met),
        }
        return self._paginate(_PATH, _PAGE, {"filter": filters}, page_size=page_size, limit=limit)

    async def create(
        self,
        phone_numbers: Iterable[str | OrderPhoneNumber],
        *,
        customer_reference: str | None = None,
        connection_id: str | None = None,
        messaging_profile_id: str | None = None,
        billing_group_id: str | None = None,
    ) -> NumberOrderWithPhoneNumbers:
        """Order ``phone_numbers`` (E.164 strings or :class:`OrderPhoneNumber` values).

        The order carries ``customer_reference`` (one is generated when you give none; it is
        on the returned order). It is never sent twice: if the request fails once it may have
        reached Telnyx (a dropped connection, a timeout, a 5xx, an unreadable answer), the
        order is looked up by that reference over the client's settle window and returned
        only if it is this call's (same numbers, created after the call began); otherwise
        :class:`~numbering_async.OutcomeUnknownError` carries the reference.
        """
        body = compact(
            {
                "phone_numbers": wire_values(
                    "phone_numbers", phone_numbers, OrderPhoneNumber, _plain_number
                ),
                "customer_reference": reference_or_new(customer_reference),
                "connection_id": optional(check_id, "connection_id", connection_id),
                "messaging_profile_id": optional(
                    check_id, "messaging_profile_id", messaging_profile_id
                ),
                "billing_group_id": optional(check_id, "billing_group_id", billing_group_id),
            }
        )
        reference: str = body["customer_reference"]
        numbers = frozenset(item["phone_number"] for item in body["phone_numbers"])

        def same_request(order: NumberOrder) -> bool:
            return frozenset(n.phone_number for n in order.phone_numbers) == numbers

        async def complete(order: NumberOrder) -> NumberOrderWithPhoneNumbers:
            if not order.id:
                raise DecodeError("the number order found by its reference has no id")
            return await self.retrieve(order.id)

        find = ReferenceFinder(
            lambda limit: self.list(
                customer_reference=reference, page_size=LOOKUP_PAGE_SIZE, limit=limit
            ),
            reference,
            LOOKUP_PAGE_SIZE,
            same_request,
            complete,
        )
        asked = f"numbers {', '.join(sorted(numbers))}"
        return await self._place(
            _PATH,
            _ORDER,
            body,
            find,
            resource="number_orders",
            asked=asked,
            reused=customer_reference is not None,
        )

    async def find_by_reference(self, customer_reference: str) -> builtins.list[NumberOrder]:
        """The number orders carrying ``customer_reference``, newest first as listed.

        Use it to settle an :class:`~numbering_async.OutcomeUnknownError`: an order there
        with the numbers you asked for, created after your call began, is your purchase.
        """
        reference = check_text("customer_reference", customer_reference)
        return [
            order
            async for order in self.list(customer_reference=reference, page_size=LOOKUP_PAGE_SIZE)
        ]

    async def retrieve(self, number_order_id: str) -> NumberOrderWithPhoneNumbers:
        """One number order, with the status and requirements of each of its numbers."""
        path = item_path(_PATH, check_id("number_order_id", number_order_id))
        return await self._get(path, _ORDER)

    async def update(
        self,
        number_order_id: str,
        *,
        customer_reference: str | None = None,
        regulatory_requirements: Iterable[RegulatoryRequirementValue] | None = None,
    ) -> NumberOrderWithPhoneNumbers:
        """Change an order's customer reference or give values for its requirements."""
        path = item_path(_PATH, check_id("number_order_id", number_order_id))
        body = compact(
            {
                "customer_reference": optional(check_id, "customer_reference", customer_reference),
                "regulatory_requirements": optional(
                    requirement_values, "regulatory_requirements", regulatory_requirements
                ),
            }
        )
        return await self._write("PATCH", path, _ORDER, body)
