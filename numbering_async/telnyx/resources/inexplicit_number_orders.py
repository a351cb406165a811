"""``/inexplicit_number_orders``: "N numbers like this", Telnyx picks which."""

from __future__ import annotations

from collections.abc import Iterable

from numbering_async._validate import check_id, check_uuid
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, page_caster
from numbering_async.telnyx._params import compact, optional, reference_or_new
from numbering_async.telnyx.models import InexplicitNumberOrder, OrderingGroup
from numbering_async.telnyx.resources._base import (
    DEFAULT_PAGE_SIZE,
    Resource,
    item_path,
    wire_values,
)
from numbering_async.telnyx.resources._purchase import LOOKUP_PAGE_SIZE, find_by_reference

__all__ = ["InexplicitNumberOrders"]

_PATH = "/inexplicit_number_orders"
_ORDER = data_caster(InexplicitNumberOrder)
_PAGE = page_caster(InexplicitNumberOrder)

LOOKUP_SCAN = 2 * LOOKUP_PAGE_SIZE
"""Orders scanned for a reference after an ambiguous failure (the listing has no filter)."""


class InexplicitNumberOrders(Resource):
    """``client.inexplicit_number_orders``: orders for counts of numbers matching filters."""

    __slots__ = ()

    def list(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> AsyncPaginator[InexplicitNumberOrder]:
        """Walk inexplicit orders lazily (paged by ``page_number``/``page_size``, 1..250)."""
        return self._paginate(_PATH, _PAGE, {}, page_size=page_size, limit=limit, flat=True)

    async def create(
        self,
        ordering_groups: Iterable[OrderingGroup],
        *,
        customer_reference: str | None = None,
        connection_id: str | None = None,
        messaging_profile_id: str | None = None,
        billing_group_id: str | None = None,
    ) -> InexplicitNumberOrder:
        """Order numbers by :class:`OrderingGroup` (country, type, count and filters).

        The order carries ``customer_reference`` (generated when you give none). The listing
        cannot be filtered by reference, so after an ambiguous failure the newest
        :data:`LOOKUP_SCAN` orders are searched for it; if the listing is longer and the order
        is not among them, :class:`~numbering_async.OutcomeUnknownError` is raised rather than
        risking a second purchase.
        """
        body = compact(
            {
                "ordering_groups": wire_values("ordering_groups", ordering_groups, OrderingGroup),
                "customer_reference": reference_or_new(customer_reference),
                "connection_id": optional(check_id, "connection_id", connection_id),
                "messaging_profile_id": optional(
                    check_id, "messaging_profile_id", messaging_profile_id
                ),
                "billing_group_id": optional(check_id, "billing_group_id", billing_group_id),
            }
        )
        reference: str = body["customer_reference"]

        async def lookup() -> InexplicitNumberOrder | None:
            return await find_by_reference(
                lambda limit: self.list(page_size=LOOKUP_PAGE_SIZE, limit=limit),
                reference,
                LOOKUP_SCAN,
            )

        return await self._place(_PATH, _ORDER, body, lookup)

    async def retrieve(self, order_id: str) -> InexplicitNumberOrder:
        """One inexplicit order (``order_id`` is a UUID) with the progress of each group."""
        return await self._get(item_path(_PATH, check_uuid("order_id", order_id)), _ORDER)
