"""``/inexplicit_number_orders``: "N numbers like this", Telnyx picks which."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

from numbering_async._validate import check_id, check_int_range, check_uuid
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, page_caster
from numbering_async.telnyx._params import check_text, compact, optional, reference_or_new
from numbering_async.telnyx.models import (
    InexplicitNumberOrder,
    InexplicitOrderingGroup,
    OrderingGroup,
)
from numbering_async.telnyx.resources._base import (
    DEFAULT_PAGE_SIZE,
    Resource,
    item_path,
    wire_values,
)
from numbering_async.telnyx.resources._purchase import (
    LOOKUP_PAGE_SIZE,
    ReferenceFinder,
    as_is,
    carrying_reference,
)

__all__ = ["InexplicitNumberOrders"]

_PATH = "/inexplicit_number_orders"
_ORDER = data_caster(InexplicitNumberOrder)
_PAGE = page_caster(InexplicitNumberOrder)

LOOKUP_SCAN = 2 * LOOKUP_PAGE_SIZE
"""Orders scanned for a reference after an ambiguous failure (the listing has no filter)."""


_GroupKey = tuple[str | None, ...]
"""country, type, count, national destination code, starts with, ends with, contains, area,
as text (``None`` where absent)."""


def _text(value: object) -> str | None:
    """Wire and model values alike as text: enum members by value, counts as digits."""
    if value is None:
        return None
    return str(getattr(value, "value", value))


def _asked_group(wire: Mapping[str, Any]) -> _GroupKey:
    """What an ordering group of the request asks for (its wire JSON)."""
    pattern = wire.get("phone_number") or {}
    return tuple(
        _text(value)
        for value in (
            wire["country_iso"],
            wire["phone_number_type"],
            wire["count_requested"],
            wire.get("national_destination_code"),
            pattern.get("starts_with"),
            pattern.get("ends_with"),
            pattern.get("contains"),
            wire.get("administrative_area"),
        )
    )


def _placed_group(group: InexplicitOrderingGroup) -> _GroupKey:
    """The same for an ordering group of a placed order (``None`` where not echoed)."""
    return tuple(
        _text(value)
        for value in (
            group.country_iso,
            group.phone_number_type,
            group.count_requested,
            group.national_destination_code,
            group.phone_number_starts_with,
            group.phone_number_ends_with,
            group.phone_number_contains,
            group.administrative_area,
        )
    )


def _same_group(asked: _GroupKey, placed: _GroupKey) -> bool:
    """Country, type and count must match; each filter must too where the order shows it."""
    return asked[:3] == placed[:3] and all(
        got is None or got == want for want, got in zip(asked[3:], placed[3:], strict=True)
    )


def _same_groups(asked: list[_GroupKey], placed: list[_GroupKey]) -> bool:
    """Whether each asked group has its own placed group, and no placed group is left."""
    left = list(placed)
    for want in asked:
        match = next((got for got in left if _same_group(want, got)), None)
        if match is None:
            return False
        left.remove(match)
    return not left


def _describe_group(group: _GroupKey) -> str:
    country, kind, count, ndc = group[:4]
    return f"{count} {kind} numbers in {country}" + (f" ({ndc})" if ndc else "")


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

        The order carries ``customer_reference`` (generated when you give none) and is never
        sent twice. The listing cannot be filtered by reference, so after an ambiguous failure
        the newest :data:`LOOKUP_SCAN` orders are searched for it over the client's settle
        window; it is returned only if its ordering groups are the ones asked for (country,
        type, count and the filters Telnyx echoes) and it was created after the call began.
        Otherwise :class:`~numbering_async.OutcomeUnknownError` carries the reference.
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
        groups = [_asked_group(group) for group in body["ordering_groups"]]

        def same_request(order: InexplicitNumberOrder) -> bool:
            return _same_groups(groups, [_placed_group(group) for group in order.ordering_groups])

        find = ReferenceFinder(
            lambda limit: self.list(page_size=LOOKUP_PAGE_SIZE, limit=limit),
            reference,
            LOOKUP_SCAN,
            same_request,
            as_is,
        )
        asked = "; ".join(_describe_group(group) for group in groups)
        return await self._place(
            _PATH,
            _ORDER,
            body,
            find,
            resource="inexplicit_number_orders",
            asked=asked,
            reused=customer_reference is not None,
        )

    async def find_by_reference(
        self, customer_reference: str, *, scan_limit: int = LOOKUP_SCAN
    ) -> builtins.list[InexplicitNumberOrder]:
        """The orders carrying ``customer_reference`` among the newest ``scan_limit`` (the
        listing cannot be filtered by reference; see
        :meth:`NumberOrders.find_by_reference`)."""
        reference = check_text("customer_reference", customer_reference)
        check_int_range("scan_limit", scan_limit, 1)
        return await carrying_reference(
            lambda limit: self.list(page_size=LOOKUP_PAGE_SIZE, limit=limit),
            reference,
            scan_limit,
        )

    async def retrieve(self, order_id: str) -> InexplicitNumberOrder:
        """One inexplicit order (``order_id`` is a UUID) with the progress of each group."""
        return await self._get(item_path(_PATH, check_uuid("order_id", order_id)), _ORDER)
