"""Telnyx inventory searches: coverage counts and available numbers, rendered.

Both answers depend only on the query and the inventory, so the router caches them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from numbering_async.sandbox._dataset import Block, Inventory
from numbering_async.sandbox._routing import Problem
from numbering_async.sandbox._wire import Reply, json_reply
from numbering_async.sandbox.telnyx.records import NumberFilter
from numbering_async.sandbox.telnyx.schema import DIGITS, FEATURES, stocked

__all__ = ["available", "coverage"]

_COST = {"upfront_cost": "1.00", "monthly_cost": "1.00", "currency": "USD"}


def coverage(inventory: Inventory, q: Mapping[str, Any]) -> Reply:
    """``GET /inventory_coverage``: counts grouped by locality or NPA."""
    group_by = q.get("filter[groupBy]")
    if group_by is None:
        raise Problem(400, "filter[groupBy] is required", code="10004", parameter="filter[groupBy]")
    country = q.get("filter[country_code]", "US")
    rows: list[dict[str, Any]] = []
    if stocked(country, q.get("filter[phone_number_type]"), q.get("filter[features]")):
        blocks = inventory.stock.select(
            country=country,
            npa=_opt_str(q.get("filter[npa]")),
            nxx=_opt_str(q.get("filter[nxx]")),
            state=q.get("filter[administrative_area]"),
        )
        rows = _group(inventory, blocks, group_by)
    return json_reply(200, {"data": rows, "meta": {"total_results": len(rows)}})


def _group(inventory: Inventory, blocks: Sequence[Block], group_by: str) -> list[dict[str, Any]]:
    """Rows per locality (with its state) or per NPA (with the state most of it lies in)."""
    totals: dict[str, int] = {}
    states: dict[str, Counter[str]] = {}
    for block in blocks:
        key = f"{block.locality}|{block.state}" if group_by == "locality" else block.npa
        totals[key] = totals.get(key, 0) + inventory.available(block)
        states.setdefault(key, Counter())[block.state] += 1
    return [
        {
            "group": key.partition("|")[0],
            "group_type": group_by,
            "count": count,
            "administrative_area": states[key].most_common(1)[0][0],
            "advance_requirements": False,
            "coverage_type": "number",
            "number_range": 1,
            "number_type": "did",
            "phone_number_type": "local",
            "record_type": "inventory_coverage_group",
        }
        for key, count in sorted(totals.items())
        if count > 0
    ]


def available(inventory: Inventory, q: Mapping[str, Any]) -> Reply:
    """``GET /available_phone_numbers``: numbers matching every filter, up to the limit."""
    patterns = {
        part: q.get(f"filter[phone_number][{part}]", "")
        for part in ("starts_with", "ends_with", "contains")
    }
    for part, pattern in patterns.items():
        if not DIGITS.fullmatch(pattern):
            name = f"filter[phone_number][{part}]"
            raise Problem(400, f"{name} must be digits, got {pattern!r}", parameter=name)
    country = q.get("filter[country_code]", "US")
    found: list[tuple[Block, str]] = []
    if stocked(country, q.get("filter[phone_number_type]"), q.get("filter[features]")):
        where = NumberFilter(
            country=country,
            state=q.get("filter[administrative_area]"),
            locality=q.get("filter[locality]"),
            rate_center=q.get("filter[rate_center]"),
            npa=q.get("filter[national_destination_code]"),
            **patterns,
        )
        found = where.search(inventory, q.get("filter[limit]", 50))
    meta = {"total_results": len(found), "best_effort_results": 0}
    return json_reply(
        200,
        {"data": [_available_json(b, tn) for b, tn in found], "meta": meta, "metadata": meta},
    )


def _opt_str(value: int | None) -> str | None:
    return None if value is None else str(value)


def _available_json(block: Block, tn: str) -> dict[str, Any]:
    return {
        "record_type": "available_phone_number",
        "phone_number": f"+1{tn}",
        "vanity_format": "",
        "best_effort": False,
        "quickship": True,
        "reservable": True,
        "region_information": [
            {"region_type": "rate_center", "region_name": block.rate_center},
            {"region_type": "location", "region_name": block.locality},
            {"region_type": "state", "region_name": block.state},
            {"region_type": "country_code", "region_name": block.country},
        ],
        "cost_information": _COST,
        "features": [{"name": name} for name in FEATURES],
    }
