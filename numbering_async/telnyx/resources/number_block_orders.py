"""``/number_block_orders``: buy contiguous blocks of numbers."""

from __future__ import annotations

import builtins
from datetime import datetime

from numbering_async._validate import check_e164, check_id
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, page_caster
from numbering_async.telnyx._params import (
    check_count,
    check_text,
    compact,
    optional,
    reference_or_new,
    status_and_created,
)
from numbering_async.telnyx.models import NumberBlockOrder, OrderStatus
from numbering_async.telnyx.resources._base import DEFAULT_PAGE_SIZE, Resource, item_path
from numbering_async.telnyx.resources._purchase import (
    LOOKUP_PAGE_SIZE,
    ReferenceFinder,
    as_is,
)

__all__ = ["NumberBlockOrders"]

_PATH = "/number_block_orders"
_ORDER = data_caster(NumberBlockOrder)
_PAGE = page_caster(NumberBlockOrder)


class NumberBlockOrders(Resource):
    """``client.number_block_orders``: orders for blocks of consecutive numbers."""

    __slots__ = ()

    def list(
        self,
        *,
        status: OrderStatus | str | None = None,
        created_at_gt: datetime | str | None = None,
        created_at_lt: datetime | str | None = None,
        starting_number: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> AsyncPaginator[NumberBlockOrder]:
        """Walk block orders lazily; ``starting_number`` (E.164) keeps blocks starting there."""
        filters = {
            **status_and_created(status, created_at_gt, created_at_lt),
            "phone_numbers.starting_number": optional(
                check_e164, "starting_number", starting_number
            ),
        }
        return self._paginate(_PATH, _PAGE, {"filter": filters}, page_size=page_size, limit=limit)

    async def create(
        self,
        starting_number: str,
        range: int,
        *,
        customer_reference: str | None = None,
        connection_id: str | None = None,
        messaging_profile_id: str | None = None,
    ) -> NumberBlockOrder:
        """Order the block of ``range`` numbers starting at ``starting_number`` (E.164).

        The order carries ``customer_reference`` (generated when you give none) and is never
        sent twice: after an ambiguous failure it is looked up among the block orders starting
        at ``starting_number`` and returned only if it carries that reference, has the same
        range and was created after the call began; else
        :class:`~numbering_async.OutcomeUnknownError` carries the reference.
        """
        start = check_e164("starting_number", starting_number)
        body = compact(
            {
                "starting_number": start,
                "range": check_count("range", range),
                "customer_reference": reference_or_new(customer_reference),
                "connection_id": optional(check_id, "connection_id", connection_id),
                "messaging_profile_id": optional(
                    check_id, "messaging_profile_id", messaging_profile_id
                ),
            }
        )
        reference: str = body["customer_reference"]

        size = body["range"]

        def same_request(order: NumberBlockOrder) -> bool:
            return order.starting_number == start and order.range == size

        find = ReferenceFinder(
            lambda limit: self.list(starting_number=start, page_size=LOOKUP_PAGE_SIZE, limit=limit),
            reference,
            LOOKUP_PAGE_SIZE,
            same_request,
            as_is,
        )
        asked = f"the block of {size} numbers starting at {start}"
        return await self._place(
            _PATH,
            _ORDER,
            body,
            find,
            resource="number_block_orders",
            asked=asked,
            reused=customer_reference is not None,
        )

    async def find_by_reference(
        self, customer_reference: str, *, starting_number: str
    ) -> builtins.list[NumberBlockOrder]:
        """The block orders starting at ``starting_number`` that carry ``customer_reference``
        (the listing filters by starting number, not by reference)."""
        reference = check_text("customer_reference", customer_reference)
        start = check_e164("starting_number", starting_number)
        return [
            order
            async for order in self.list(starting_number=start, page_size=LOOKUP_PAGE_SIZE)
            if order.customer_reference == reference
        ]

    async def retrieve(self, number_block_order_id: str) -> NumberBlockOrder:
        """One block order."""
        path = item_path(_PATH, check_id("number_block_order_id", number_block_order_id))
        return await self._get(path, _ORDER)
