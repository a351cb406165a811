"""Canned response bodies, shaped like the spec examples in ``../shared/specs/``.

Every body is deterministic (seeded), so two runs serve the same bytes. Sizes are realistic for
one NPA: a Telnyx coverage by locality has a couple of dozen rows, an iNumbering ``npaNxx``
coverage a few dozen NXX blocks, a number-order page 250 orders with ``meta``.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = [
    "COVERAGE_GROUP_BYS",
    "inumbering_coverage_body",
    "number_order",
    "number_orders_page_body",
    "telnyx_coverage_body",
]

# Rate centers of NPA 201 (northern New Jersey), as the Telnyx "locality" and iNumbering
# "rcAbbre" fields spell them.
_LOCALITIES = (
    "HACKENSACK",
    "JERSEY CITY",
    "BAYONNE",
    "HOBOKEN",
    "UNION CITY",
    "WEST NEW YORK",
    "NORTH BERGEN",
    "FORT LEE",
    "ENGLEWOOD",
    "TEANECK",
    "PARAMUS",
    "RIDGEWOOD",
    "FAIR LAWN",
    "GARFIELD",
    "KEARNY",
    "SECAUCUS",
    "CLIFFSIDE PARK",
    "BERGENFIELD",
    "DUMONT",
    "WESTWOOD",
)

COVERAGE_GROUP_BYS = ("locality", "npa", "national_destination_code")
"""The ``filter[groupBy]`` values the spec allows; the server answers each with its own body."""

_ORDER_STATUSES = ("pending", "success", "failure")
_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _coverage_row(group: str, group_type: str, count: int) -> dict[str, Any]:
    return {
        "administrative_area": "NJ",
        "advance_requirements": False,
        "count": count,
        "coverage_type": "number",
        "group": group,
        "group_type": group_type,
        "number_range": 1,
        "number_type": "did",
        "phone_number_type": "local",
        "record_type": "inventory_coverage_group",
    }


def telnyx_coverage_body(group_by: str = "locality") -> bytes:
    """``GET /inventory_coverage`` for NPA 201 grouped by ``group_by``."""
    rng = random.Random(f"telnyx-coverage-{group_by}")
    if group_by == "npa":
        rows = [_coverage_row("201", "npa", 5230)]
    elif group_by == "national_destination_code":
        rows = [
            _coverage_row(f"201{nxx}", "national_destination_code", rng.randint(1, 900))
            for nxx in range(200, 240)
        ]
    else:
        rows = [_coverage_row(name, "locality", rng.randint(1, 900)) for name in _LOCALITIES]
    return _dumps({"data": rows, "meta": {"total_results": len(rows)}})


def inumbering_coverage_body() -> bytes:
    """``POST /v2/iNumbering/tnInventoryCoverage/`` with ``countBy=npaNxx, npa=201``."""
    rng = random.Random("inumbering-coverage")
    rows = [
        {
            "npa": "201",
            "lata": "224",
            "nxx": str(nxx),
            "locState": "NJ",
            "rcAbbre": _LOCALITIES[nxx % len(_LOCALITIES)],
            "count": rng.randint(1, 999),
        }
        for nxx in range(200, 240)
    ]
    return _dumps({"status": "Success", "statusCode": "200", "tnInventoryCoverageList": rows})


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def number_order(rng: random.Random, index: int) -> dict[str, Any]:
    """One ``NumberOrder`` list item, with every field the spec documents."""
    count = rng.randint(1, 3)
    created = _EPOCH + timedelta(seconds=index * 37 + rng.randint(0, 30))
    return {
        "id": _uuid(rng),
        "record_type": "number_order",
        "phone_numbers_count": count,
        "connection_id": str(rng.randint(10**14, 10**15 - 1)),
        "messaging_profile_id": _uuid(rng),
        "billing_group_id": _uuid(rng),
        "phone_numbers": [
            {"id": _uuid(rng), "phone_number": f"+1201{rng.randint(2000000, 9999999)}"}
            for _ in range(count)
        ],
        "sub_number_orders_ids": [_uuid(rng)],
        "status": _ORDER_STATUSES[index % 3],
        "customer_reference": f"na-{rng.getrandbits(128):032x}",
        "created_at": _timestamp(created),
        "updated_at": _timestamp(created + timedelta(seconds=rng.randint(1, 600))),
        "requirements_met": rng.random() < 0.8,
    }


def number_orders_page_body(page_number: int, page_size: int, total_results: int) -> bytes:
    """``GET /number_orders`` page ``page_number`` of a listing of ``total_results`` orders."""
    total_pages = max(1, -(-total_results // page_size))
    first = (page_number - 1) * page_size
    last = min(first + page_size, total_results) if page_number <= total_pages else first
    rng = random.Random(f"number-orders-{page_number}-{page_size}")
    return _dumps(
        {
            "data": [number_order(rng, index) for index in range(first, last)],
            "meta": {
                "page_number": page_number,
                "page_size": page_size,
                "total_pages": total_pages,
                "total_results": total_results,
            },
        }
    )
