"""Which Telnyx records a listing's filters select, newest first.

A malformed filter value is a :class:`~numbering_async.sandbox._routing.Problem`: a 400 naming the
query parameter, or a 422 pointing at the body field of a report request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from numbering_async.sandbox._routing import Problem
from numbering_async.sandbox.telnyx.records import NumberOrder, Reservation, SubNumberOrder

__all__ = [
    "block_orders_matching",
    "matches",
    "newest_first",
    "orders_matching",
    "report_rows",
    "reservations_matching",
    "sub_orders_matching",
]

_WHOLE = re.compile(r"[0-9]{1,9}")


def orders_matching(orders: Iterable[NumberOrder], q: Mapping[str, Any]) -> list[NumberOrder]:
    """The number orders a ``GET /number_orders`` query selects."""
    count = q.get("filter[phone_numbers_count]")
    if count is not None and not _WHOLE.fullmatch(count):  # a string in the spec
        name = "filter[phone_numbers_count]"
        raise Problem(400, f"{name} must be a whole number", parameter=name)
    return [
        order
        for order in _created_between(orders, q)
        if matches(q.get("filter[status]"), order.status)
        and matches(q.get("filter[customer_reference]"), order.customer_reference)
        and (count is None or int(count) == len(order.numbers))
        and q.get("filter[requirements_met]", True)
    ]


def reservations_matching(
    reservations: Iterable[Reservation], q: Mapping[str, Any]
) -> list[Reservation]:
    """The reservations a ``GET /number_reservations`` query selects."""
    phone = q.get("filter[phone_numbers.phone_number]")
    return [
        reservation
        for reservation in _created_between(reservations, q)
        if matches(q.get("filter[status]"), reservation.status)
        and matches(q.get("filter[customer_reference]"), reservation.customer_reference)
        and (phone is None or any(n.phone_number == phone for n in reservation.numbers))
    ]


def sub_orders_matching(
    subs: Iterable[SubNumberOrder], q: Mapping[str, Any]
) -> list[SubNumberOrder]:
    """The sub number orders a ``GET /sub_number_orders`` query selects."""
    return [
        sub
        for sub in newest_first(subs)
        if matches(q.get("filter[status]"), sub.status)
        and matches(q.get("filter[order_request_id]"), sub.order_id)
        and matches(q.get("filter[country_code]"), sub.country_code)
        and matches(q.get("filter[phone_number_type]"), "local")
        and q.get("filter[phone_numbers_count]", len(sub.numbers)) == len(sub.numbers)
    ]


def report_rows(subs: Iterable[SubNumberOrder], filters: Mapping[str, str]) -> list[SubNumberOrder]:
    """The sub number orders a report with ``filters`` (its body's) lists."""
    after = _timestamp(filters, "created_at_gt", pointer=True)
    before = _timestamp(filters, "created_at_lt", pointer=True)
    return [
        sub
        for sub in newest_first(subs)
        if matches(filters.get("status"), sub.status)
        and matches(filters.get("country_code"), sub.country_code)
        and matches(filters.get("customer_reference"), sub.customer_reference)
        and matches(filters.get("order_request_id"), sub.order_id)
        and (after is None or sub.created > after)
        and (before is None or sub.created < before)
    ]


def block_orders_matching(orders: Iterable[NumberOrder], q: Mapping[str, Any]) -> list[NumberOrder]:
    """The block orders a ``GET /number_block_orders`` query selects."""
    return [
        order
        for order in _created_between(orders, q)
        if matches(q.get("filter[status]"), order.status)
        and matches(q.get("filter[phone_numbers.starting_number]"), order.numbers[0].phone_number)
    ]


def matches(wanted: str | None, actual: str | None) -> bool:
    """Whether ``actual`` is what the filter wants (no filter matches anything)."""
    return wanted is None or wanted == actual


def _timestamp(values: Mapping[str, Any], name: str, *, pointer: bool = False) -> float | None:
    """A datetime query parameter (a 400 when malformed), or body field with ``pointer``
    (a 422)."""
    raw = values.get(name)
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp()
    except ValueError:
        message = f"{name} must be an ISO 8601 datetime"
        if pointer:
            raise Problem(422, message, pointer=f"/{name}") from None
        raise Problem(400, message, parameter=name) from None


def newest_first(records: Iterable[Any]) -> list[Any]:
    """Records (given oldest first) newest first; of two created at once, the later given."""
    ranked = sorted(enumerate(records), key=lambda pair: (pair[1].created, pair[0]), reverse=True)
    return [record for _, record in ranked]


def _created_between(records: Iterable[Any], query: Mapping[str, Any]) -> list[Any]:
    after = _timestamp(query, "filter[created_at][gt]")
    before = _timestamp(query, "filter[created_at][lt]")
    return newest_first(
        record
        for record in records
        if (after is None or record.created > after) and (before is None or record.created < before)
    )
