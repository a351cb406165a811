"""Reading Telnyx requests: body fields, path ids and query filters, each checked.

Every function here either returns the value asked for or raises a
:class:`~numbering_async.sandbox._routing.Problem` naming what is wrong and where (a body
``pointer`` for a 422, a query ``parameter`` for a 400).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from numbering_async.sandbox._routing import Call, Problem
from numbering_async.sandbox.telnyx.records import NumberFilter, nanp_digits
from numbering_async.sandbox.telnyx.schema import (
    DIGITS,
    E164,
    LINES_PER_EXCHANGE,
    ORDER_FIELDS,
    ORDER_STATUSES,
    REPORT_FILTERS,
    stocked,
)

__all__ = [
    "block_range",
    "e164",
    "missing",
    "no_duplicates",
    "number_items",
    "opt_text",
    "ordering_group",
    "phone_numbers",
    "refs",
    "report_filters",
    "requirement_group",
    "requirement_values",
    "uuid_param",
]


def missing(name: str) -> Problem:
    """The 422 for a required body field that is absent."""
    return Problem(422, f"{name} is required", code="10004", pointer=f"/{name}")


_COUNT = re.compile(r"[0-9]{1,4}")
_PATTERN_PARTS = ("starts_with", "ends_with", "contains")


def opt_text(body: Mapping[str, Any], name: str, where: str = "") -> str | None:
    """The optional string field ``name`` of the object at pointer ``where`` (a 422 when not a
    string)."""
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise Problem(422, f"{name} must be a string", pointer=f"{where}/{name}")
    return value


def _opt_bool(body: Mapping[str, Any], name: str, where: str) -> bool | None:
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise Problem(422, f"{name} must be true or false", pointer=f"{where}/{name}")
    return value


def refs(body: Mapping[str, Any]) -> dict[str, str | None]:
    """An order's optional references (``customer_reference``, ``connection_id`` ...)."""
    return {name: opt_text(body, name) for name in ORDER_FIELDS}


def phone_numbers(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The required, non-empty ``phone_numbers`` list of objects."""
    items = body.get("phone_numbers")
    if not isinstance(items, list) or not items:
        raise missing("phone_numbers")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise Problem(422, "phone_numbers items must be objects", pointer=f"/phone_numbers/{i}")
    return items


def e164(item: Mapping[str, Any], index: int) -> str:
    """The ``phone_number`` of ``phone_numbers[index]``, an +E.164 number."""
    phone = item.get("phone_number")
    pointer = f"/phone_numbers/{index}/phone_number"
    if phone is None:
        raise Problem(422, "phone_number is required", code="10004", pointer=pointer)
    if not isinstance(phone, str) or not E164.fullmatch(phone):
        raise Problem(422, f"{phone!r} is not an +E.164 number", code="10016", pointer=pointer)
    return phone


def number_items(body: Mapping[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """A number order's ``phone_numbers`` as ``(phone_number, bundle_id, requirement_group_id)``,
    each checked, no number twice."""
    numbers = [
        (
            e164(item, i),
            opt_text(item, "bundle_id", f"/phone_numbers/{i}"),
            opt_text(item, "requirement_group_id", f"/phone_numbers/{i}"),
        )
        for i, item in enumerate(phone_numbers(body))
    ]
    no_duplicates([phone for phone, _, _ in numbers])
    return numbers


def no_duplicates(phones: Sequence[str]) -> None:
    """A 422 pointing at the second occurrence of a number given twice."""
    seen: set[str] = set()
    for i, phone in enumerate(phones):
        if phone in seen:
            raise Problem(422, f"{phone} appears twice", pointer=f"/phone_numbers/{i}/phone_number")
        seen.add(phone)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def uuid_param(call: Call, name: str) -> str:
    """A path parameter the spec types as a UUID; a 400 (code 10006) when it is not one."""
    value = call.params[name]
    if not _is_uuid(value):
        raise Problem(400, f"{value!r} is not a valid ID", code="10006", parameter=name)
    return value


def _uuid_field(body: Mapping[str, Any], name: str, pointer: str) -> str | None:
    value = body.get(name)
    if value is not None and not (isinstance(value, str) and _is_uuid(value)):
        raise Problem(422, f"{name} must be a UUID, got {value!r}", pointer=pointer)
    return value


def requirement_values(body: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``regulatory_requirements`` as ``(requirement_id, field_value)`` pairs (none: ``[]``)."""
    items = body.get("regulatory_requirements")
    if items is None:
        return []
    if not isinstance(items, list):
        raise Problem(
            422, "regulatory_requirements must be a list", pointer="/regulatory_requirements"
        )
    values: list[tuple[str, str]] = []
    for index, item in enumerate(items):
        pointer = f"/regulatory_requirements/{index}"
        if not isinstance(item, dict):
            raise Problem(422, "regulatory_requirements items must be objects", pointer=pointer)
        for name in ("requirement_id", "field_value"):
            if item.get(name) is None:
                raise Problem(422, f"{name} is required", code="10004", pointer=f"{pointer}/{name}")
        requirement_id = _uuid_field(item, "requirement_id", f"{pointer}/requirement_id")
        value = item["field_value"]
        if not isinstance(value, str):
            raise Problem(422, "field_value must be a string", pointer=f"{pointer}/field_value")
        values.append((str(requirement_id), value))
    return values


def requirement_group(body: Mapping[str, Any]) -> str:
    """The required ``requirement_group_id`` (a UUID)."""
    group_id = _uuid_field(body, "requirement_group_id", "/requirement_group_id")
    if group_id is None:
        raise missing("requirement_group_id")
    return group_id


def report_filters(body: Mapping[str, Any]) -> dict[str, str]:
    """The report's filters as sent, each checked."""
    filters = {
        name: value for name in REPORT_FILTERS if (value := opt_text(body, name)) is not None
    }
    status = filters.get("status")
    if status is not None and status not in ORDER_STATUSES:
        raise Problem(422, f"status must be one of {', '.join(ORDER_STATUSES)}", pointer="/status")
    _uuid_field(filters, "order_request_id", "/order_request_id")
    return filters


def block_range(body: Mapping[str, Any]) -> list[str]:
    """The 10-digit numbers of a block order: ``range`` of them from ``starting_number``."""
    start = body.get("starting_number")
    if start is None:
        raise missing("starting_number")
    pointer = "/starting_number"
    if not isinstance(start, str) or not E164.fullmatch(start):
        raise Problem(422, f"{start!r} is not an +E.164 number", code="10016", pointer=pointer)
    tn = nanp_digits(start)
    if tn is None:
        raise Problem(422, "Number blocks are NANP (+1) numbers", pointer=pointer)
    size = body.get("range")
    if size is None:
        raise missing("range")
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise Problem(
            422, f"range must be a whole number of at least 1, got {size!r}", pointer="/range"
        )
    first = int(tn[6:])
    if first + size > LINES_PER_EXCHANGE:
        raise Problem(
            422,
            f"A block of {size} from {start} goes past the end of its NPA-NXX",
            pointer="/range",
        )
    return [f"{tn[:6]}{line:04d}" for line in range(first, first + size)]


def ordering_group(group: Any, index: int) -> tuple[NumberFilter | None, int, str, dict[str, Any]]:
    """An ordering group as ``(filter or None when not stocked, count, strategy, echo)``.

    Every field is checked before anything is ordered; ``exclude_held_numbers`` false lets the
    group take numbers this account holds, ``quickship`` excludes nothing (every number the
    sandbox stocks is active at once).
    """
    where = f"/ordering_groups/{index}"
    if not isinstance(group, dict):
        raise Problem(422, "ordering_groups items must be objects", pointer=where)
    for name in ("country_iso", "count_requested", "phone_number_type"):
        if group.get(name) is None:
            raise Problem(422, f"{name} is required", code="10004", pointer=f"{where}/{name}")
    text = {
        name: opt_text(group, name, where)
        for name in (
            "country_iso",
            "count_requested",
            "phone_number_type",
            "strategy",
            "administrative_area",
            "locality",
            "national_destination_code",
        )
    }
    country = text["country_iso"]
    if country not in ("US", "CA"):
        raise Problem(422, "country_iso must be US or CA", pointer=f"{where}/country_iso")
    raw_count = text["count_requested"] or ""
    count = int(raw_count) if _COUNT.fullmatch(raw_count) else 0
    if not 1 <= count <= 1000:
        raise Problem(422, "count_requested must be 1 to 1000", pointer=f"{where}/count_requested")
    strategy = text["strategy"] or "always"
    if strategy not in ("always", "never"):
        raise Problem(422, "strategy must be always or never", pointer=f"{where}/strategy")
    exclude_held = _opt_bool(group, "exclude_held_numbers", where)
    _opt_bool(group, "quickship", where)
    pattern = group.get("phone_number", {})
    if not isinstance(pattern, dict):
        raise Problem(422, "phone_number must be an object", pointer=f"{where}/phone_number")
    parts = {
        part: opt_text(pattern, part, f"{where}/phone_number") or "" for part in _PATTERN_PARTS
    }
    for part, digits in parts.items():
        if not DIGITS.fullmatch(digits):
            raise Problem(422, f"{part} must be digits", pointer=f"{where}/phone_number/{part}")
    features = group.get("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise Problem(422, "features must be a list of strings", pointer=f"{where}/features")
    in_stock = stocked(str(country), text["phone_number_type"], features)
    number_filter = NumberFilter(
        country=str(country),
        state=text["administrative_area"],
        locality=text["locality"],
        npa=text["national_destination_code"],
        with_held=exclude_held is False,
        **parts,
    )
    echo = {
        key: group[key]
        for key in (
            "country_iso",
            "phone_number_type",
            "national_destination_code",
            "administrative_area",
            "quickship",
            "exclude_held_numbers",
        )
        if key in group
    }
    echo.update({f"phone_number[{key}]": pattern[key] for key in _PATTERN_PARTS if key in pattern})
    echo["strategy"] = strategy
    return (number_filter if in_stock else None), count, strategy, echo
