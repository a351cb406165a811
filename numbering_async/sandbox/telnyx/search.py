"""Telnyx inventory searches: coverage counts and available numbers, rendered.

Both answers depend only on the query and the inventory, so the router caches them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
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


def available(inventory: Inventory, q: Mapping[str, Any], held: Collection[str] = ()) -> Reply:
    """``GET /available_phone_numbers``: numbers matching every filter, up to the limit.

    ``held`` are the numbers this account's reservations hold: found only with
    ``filter[exclude_held_numbers]=false``, and shown as not ``reservable`` (so
    ``filter[reservable]=true`` leaves them out). Every number the sandbox stocks is active at
    once, so ``filter[quickship]=true`` excludes none. With ``filter[best_effort]=true`` a
    short answer is filled up with numbers of the same area code (or state, or country) that
    miss the locality, rate center or digit patterns, marked ``best_effort``.
    """
    patterns = {
        part: q.get(f"filter[phone_number][{part}]", "")
        for part in ("starts_with", "ends_with", "contains")
    }
    for part, pattern in patterns.items():
        if not DIGITS.fullmatch(pattern):
            name = f"filter[phone_number][{part}]"
            raise Problem(400, f"{name} must be digits, got {pattern!r}", parameter=name)
    country = q.get("filter[country_code]", "US")
    limit = q.get("filter[limit]", 50)
    with_held = q.get("filter[exclude_held_numbers]") is False and not q.get("filter[reservable]")
    exact: list[tuple[Block, str]] = []
    nearby: list[tuple[Block, str]] = []
    if stocked(country, q.get("filter[phone_number_type]"), q.get("filter[features]")):
        region = {
            "country": country,
            "state": q.get("filter[administrative_area]"),
            "npa": q.get("filter[national_destination_code]"),
        }
        where = NumberFilter(
            **region,
            locality=q.get("filter[locality]"),
            rate_center=q.get("filter[rate_center]"),
            with_held=with_held,
            **patterns,
        )
        exact = where.search(inventory, limit, held=held)
        if q.get("filter[best_effort]") and len(exact) < limit:
            seen = {tn for _, tn in exact}
            wider = NumberFilter(**region, with_held=with_held)
            nearby = wider.search(inventory, limit - len(exact), held=held, taken=seen)
    meta = {"total_results": len(exact) + len(nearby), "best_effort_results": len(nearby)}
    data = [_available_json(b, tn, tn not in held, False) for b, tn in exact]
    data += [_available_json(b, tn, tn not in held, True) for b, tn in nearby]
    return json_reply(200, {"data": data, "meta": meta, "metadata": meta})


def _opt_str(value: int | None) -> str | None:
    return None if value is None else str(value)


def _available_json(block: Block, tn: str, reservable: bool, best_effort: bool) -> dict[str, Any]:
    return {
        "record_type": "available_phone_number",
        "phone_number": f"+1{tn}",
        "vanity_format": "",
        "best_effort": best_effort,
        "quickship": True,
        "reservable": reservable,
        "region_information": [
            {"region_type": "rate_center", "region_name": block.rate_center},
            {"region_type": "location", "region_name": block.locality},
            {"region_type": "state", "region_name": block.state},
            {"region_type": "country_code", "region_name": block.country},
        ],
        "cost_information": _COST,
        "features": [{"name": name} for name in FEATURES],
    }
