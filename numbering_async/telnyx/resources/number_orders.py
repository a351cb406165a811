"""``/number_orders``: buy specific numbers."""

from __future__ import annotations

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
from numbering_async.telnyx.resources._purchase import LOOKUP_PAGE_SIZE, find_by_reference

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
        on the returned order). If the request fails ambiguously (timeout, 5xx), the order is
        looked up by that reference before anything is resent, so a number is never bought
        twice; when that cannot be decided, :class:`~numbering_async.OutcomeUnknownError`
        carries the reference.
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

        async def lookup() -> NumberOrderWithPhoneNumbers | None:
            found = await find_by_reference(
                lambda limit: self.list(
                    customer_reference=reference, page_size=LOOKUP_PAGE_SIZE, limit=limit
                ),
                reference,
                LOOKUP_PAGE_SIZE,
            )
            if found is None:
                return None
            if not found.id:
                raise DecodeError("the number order found by its reference has no id")
            return await self.retrieve(found.id)

        return await self._place(_PATH, _ORDER, body, lookup)

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
