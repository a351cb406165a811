"""Telnyx records as the API shows them: JSON bodies, pages, the error envelope, the report CSV.

Unset fields are left out rather than sent as ``null`` (the spec types them as strings), and
timestamps are written as in the Telnyx examples.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from numbering_async.sandbox._routing import Problem
from numbering_async.sandbox._wire import Reply, json_reply
from numbering_async.sandbox.telnyx.records import (
    InexplicitOrder,
    NumberOrder,
    OrderedNumber,
    OrderingGroup,
    Report,
    Reservation,
    SubNumberOrder,
)

__all__ = [
    "CSV_HEADERS",
    "block_order_json",
    "error_body",
    "inexplicit_json",
    "iso",
    "number_json",
    "one_page",
    "order_json",
    "page",
    "report_csv",
    "report_json",
    "reservation_json",
    "sub_order_json",
]

_TITLES = {
    "10004": "Missing required parameter",
    "10005": "Resource not found",
    "10006": "Invalid ID",
    "10007": "Unexpected error",
    "10009": "Authentication failed",
    "10010": "Authorization failed",
    "10011": "Too many requests",
    "10015": "Bad Request",
    "10016": "Phone number must be in +E.164 format",
}
_CODE_FOR_STATUS = {
    400: "10015",
    401: "10009",
    403: "10010",
    404: "10005",
    422: "10015",
    429: "10011",
}
_FIRST_NUMBERS = 50
"""How many numbers a sub number order shows with ``filter[include_phone_numbers]``."""
# The columns and formats of the spec's example report.
_REPORT_COLUMNS = (
    "id",
    "order_request_id",
    "is_block_sub_number_order",
    "status",
    "phone_number_type",
    "requirements_met",
    "phone_numbers_count",
    "country_code",
    "user_id",
    "customer_reference",
    "created_at",
    "updated_at",
)
CSV_HEADERS = {"Content-Type": "text/csv"}


def iso(ts: float) -> str:
    """``2018-01-01T00:00:00.000000Z``, the timestamp format of the Telnyx examples."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def error_body(problem: Problem) -> dict[str, Any]:
    """The ``{"errors": [...]}`` envelope for ``problem``."""
    code = problem.code or _CODE_FOR_STATUS.get(problem.status, "10007")
    error: dict[str, Any] = {
        "code": code,
        "title": _TITLES.get(code, "Error"),
        "detail": problem.detail,
        "meta": {"url": f"https://developers.telnyx.com/docs/overview/errors/{code}"},
    }
    if problem.parameter or problem.pointer:
        error["source"] = {
            key: value
            for key, value in (("parameter", problem.parameter), ("pointer", problem.pointer))
            if value
        }
    return {"errors": [error]}


def one_page(data: list[dict[str, Any]]) -> Reply:
    """A list the spec does not page, with the ``meta`` of its only page."""
    meta = {
        "page_number": 1,
        "page_size": len(data),
        "total_pages": 1 if data else 0,
        "total_results": len(data),
    }
    return json_reply(200, {"data": data, "meta": meta})


def page(
    items: Sequence[Any],
    query: Mapping[str, Any],
    render: Callable[[Any], dict[str, Any]],
    *,
    flat: bool = False,
) -> Reply:
    """One page of ``items`` with its ``meta``; ``flat`` reads ``page_number`` / ``page_size``."""
    number = query.get("page_number" if flat else "page[number]", 1)
    size = query.get("page_size" if flat else "page[size]", 20)
    start = (number - 1) * size
    meta = {
        "page_number": number,
        "page_size": size,
        "total_pages": math.ceil(len(items) / size),
        "total_results": len(items),
    }
    return json_reply(
        200, {"data": [render(item) for item in items[start : start + size]], "meta": meta}
    )


def _present(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without unset fields: the spec types them as strings, never null."""
    return {key: value for key, value in record.items() if value is not None}


def number_json(number: OrderedNumber, *, full: bool) -> dict[str, Any]:
    """A number of an order; ``full`` adds what ``/number_order_phone_numbers`` shows."""
    record: dict[str, Any] = {
        "id": number.id,
        "record_type": "number_order_phone_number",
        "phone_number": number.phone_number,
        "status": number.status,
        "bundle_id": number.bundle_id,
        "country_code": number.country_code,
        "phone_number_type": "local",
        "requirements_met": True,
        "requirements_status": number.requirements_status,
        "regulatory_requirements": [
            {
                "requirement_id": requirement_id,
                "field_value": value,
                "field_type": "textual",
                "record_type": "phone_number_regulatory_requirement",
            }
            for requirement_id, value in number.requirements.items()
        ],
    }
    if full:
        record.update(
            order_request_id=number.order_id,
            sub_number_order_id=number.sub_order_id,
            locality=number.locality,
            is_block_number=number.is_block,
        )
    return _present(record)


def order_json(order: NumberOrder, *, detailed: bool) -> dict[str, Any]:
    """A number order; ``detailed`` shows each number in full."""
    if detailed:
        numbers = [number_json(number, full=False) for number in order.numbers]
    else:
        numbers = [{"id": n.id, "phone_number": n.phone_number} for n in order.numbers]
    return _present(
        {
            "id": order.id,
            "record_type": "number_order",
            "phone_numbers": numbers,
            "phone_numbers_count": len(order.numbers),
            "connection_id": order.connection_id,
            "messaging_profile_id": order.messaging_profile_id,
            "billing_group_id": order.billing_group_id,
            "sub_number_orders_ids": [sub.id for sub in order.sub_orders],
            "status": order.status,
            "customer_reference": order.customer_reference,
            "created_at": iso(order.created),
            "updated_at": iso(order.updated),
            "requirements_met": True,
        }
    )


def sub_order_json(sub: SubNumberOrder, user_id: str, *, with_numbers: bool) -> dict[str, Any]:
    """A sub number order; ``with_numbers`` adds its first 50 numbers."""
    requirement_ids = dict.fromkeys(rid for number in sub.numbers for rid in number.requirements)
    record = _present(
        {
            "id": sub.id,
            "record_type": "sub_number_order",
            "order_request_id": sub.order_id,
            "country_code": sub.country_code,
            "phone_number_type": "local",
            "phone_numbers_count": len(sub.numbers),
            "status": sub.status,
            "customer_reference": sub.customer_reference,
            "is_block_sub_number_order": sub.is_block,
            "requirements_met": True,
            "regulatory_requirements": [
                {
                    "requirement_id": requirement_id,
                    "field_type": "textual",
                    "record_type": "phone_number_regulatory_requirement",
                }
                for requirement_id in requirement_ids
            ],
            "user_id": user_id,
            "created_at": iso(sub.created),
            "updated_at": iso(sub.updated),
        }
    )
    if with_numbers:
        first = sub.numbers[:_FIRST_NUMBERS]
        record["phone_numbers"] = [number_json(number, full=False) for number in first]
    return record


def report_json(report: Report, user_id: str) -> dict[str, Any]:
    """A sub number orders report (without its file)."""
    return {
        "id": report.id,
        "order_type": "sub_number_order",
        "status": report.status,
        "filters": report.filters,
        "user_id": user_id,
        "created_at": iso(report.created),
        "updated_at": iso(report.updated),
    }


def _report_time(ts: float) -> str:
    """``2025-05-23 14:33:12.376686``, as the spec's example report writes times."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def report_csv(subs: Iterable[SubNumberOrder], user_id: str) -> bytes:
    """The report file: a header line, then one line per sub order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_REPORT_COLUMNS)
    for sub in subs:
        writer.writerow(
            [
                sub.id,
                sub.order_id,
                sub.is_block,
                sub.status,
                "local",
                True,
                len(sub.numbers),
                sub.country_code,
                user_id,
                sub.customer_reference or "",
                _report_time(sub.created),
                _report_time(sub.updated),
            ]
        )
    return out.getvalue().encode()


def block_order_json(order: NumberOrder) -> dict[str, Any]:
    """A number block order (``errors`` only once it failed)."""
    return _present(
        {
            "id": order.id,
            "record_type": "number_block_order",
            "starting_number": order.numbers[0].phone_number,
            "range": len(order.numbers),
            "phone_numbers_count": len(order.numbers),
            "connection_id": order.connection_id,
            "messaging_profile_id": order.messaging_profile_id,
            "customer_reference": order.customer_reference,
            "status": order.status,
            "errors": order.errors if order.status == "failure" else None,
            "requirements_met": True,
            "created_at": iso(order.created),
            "updated_at": iso(order.updated),
        }
    )


def reservation_json(reservation: Reservation) -> dict[str, Any]:
    """A number reservation with its numbers."""
    return _present(
        {
            "id": reservation.id,
            "record_type": "number_reservation",
            "phone_numbers": [
                {
                    "id": number.id,
                    "record_type": "reserved_phone_number",
                    "phone_number": number.phone_number,
                    "status": number.status,
                    "created_at": iso(number.created),
                    "updated_at": iso(number.updated),
                    "expired_at": iso(number.expired_at),
                    "errors": number.errors,
                }
                for number in reservation.numbers
            ],
            "status": reservation.status,
            "customer_reference": reservation.customer_reference,
            "created_at": iso(reservation.created),
            "updated_at": iso(reservation.updated),
        }
    )


def _group_status(group: OrderingGroup) -> str:
    order = group.order
    if order is None:
        return group.status
    if order.status == "pending":
        return "pending"
    succeeded = sum(number.status == "success" for number in order.numbers)
    if succeeded == 0:
        return "failed"
    return "success" if succeeded == group.count_requested else "partial_success"


def inexplicit_json(order: InexplicitOrder) -> dict[str, Any]:
    """An inexplicit number order with its ordering groups."""
    return _present(
        {
            "id": order.id,
            "customer_reference": order.customer_reference,
            "connection_id": order.connection_id,
            "messaging_profile_id": order.messaging_profile_id,
            "billing_group_id": order.billing_group_id,
            "ordering_groups": [
                _present(
                    {
                        **group.request,
                        "count_requested": group.count_requested,
                        "count_allocated": group.count_allocated,
                        "status": _group_status(group),
                        "error_reason": group.error_reason,
                        "orders": (
                            [
                                {
                                    "number_order_id": group.order.id,
                                    "sub_number_order_ids": [
                                        sub.id for sub in group.order.sub_orders
                                    ],
                                }
                            ]
                            if group.order
                            else []
                        ),
                        "created_at": iso(group.created),
                        "updated_at": iso(group.updated),
                    }
                )
                for group in order.groups
            ],
            "created_at": iso(order.created),
            "updated_at": iso(order.updated),
        }
    )
