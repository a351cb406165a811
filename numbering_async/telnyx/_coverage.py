"""The provider-neutral coverage layer, answered with Telnyx calls.

:meth:`TelnyxClient.coverage` maps a :class:`~numbering_async.coverage.CoverageQuery` onto
``inventory_coverage.list`` and its rows onto :class:`~numbering_async.coverage.CoverageCount`;
:meth:`TelnyxClient.search_numbers` maps it onto ``available_phone_numbers.list``. The mapping
is spelled out in those methods' docstrings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery
from numbering_async.errors import DecodeError, InvalidRequestError
from numbering_async.telnyx._params import check_member
from numbering_async.telnyx.models import (
    AvailablePhoneNumber,
    CoverageGroupBy,
    InventoryCountry,
    InventoryCoverage,
    PhoneNumberType,
    RegionType,
)

__all__ = ["available_numbers", "coverage_counts", "inventory_arguments", "search_arguments"]

PROVIDER = "telnyx"
_NANP = frozenset({"US", "CA"})


def _check_nanp(query: CoverageQuery) -> None:
    if query.npa is not None and query.country not in _NANP:
        raise InvalidRequestError(
            "npa", f"Telnyx takes NPA/NXX filters for US and CA numbers only, not {query.country}"
        )


def _number_type(query: CoverageQuery) -> PhoneNumberType:
    return check_member("number_type", query.number_type, PhoneNumberType)


def inventory_arguments(query: CoverageQuery) -> dict[str, Any]:
    """Keyword arguments of ``inventory_coverage.list`` that answer ``query``."""
    country = check_member("country", query.country, InventoryCountry)
    _check_nanp(query)
    if query.locality is not None and query.npa is None and query.state is None:
        raise InvalidRequestError(
            "locality",
            "Telnyx inventory coverage cannot filter by locality alone; "
            "add a state or an npa to look for it in",
        )
    if query.npa is not None or query.state is not None or country not in _NANP:
        group_by = CoverageGroupBy.LOCALITY
    else:
        group_by = CoverageGroupBy.NPA
    return {
        "group_by": group_by,
        "npa": query.npa,
        "nxx": query.nxx,
        "administrative_area": query.state,
        "phone_number_type": _number_type(query),
        "country_code": country,
        "count": True,
    }


def coverage_counts(
    query: CoverageQuery, group_by: CoverageGroupBy, rows: Iterable[InventoryCoverage]
) -> list[CoverageCount]:
    """``rows`` of an ``inventory_coverage.list`` grouped by ``group_by`` as coverage counts.

    The rows were asked for with their counts: a row without one is a bad answer
    (:class:`~numbering_async.errors.DecodeError`), never a silent 0.
    """
    wanted = query.locality.casefold() if query.locality is not None else None
    counts = []
    for row in rows:
        npa: str | None
        locality: str | None
        if group_by is CoverageGroupBy.NPA:
            npa, locality = row.group, None
        else:
            npa, locality = query.npa, row.group
            if wanted is not None and row.group.casefold() != wanted:
                continue
        if row.count is None:
            raise DecodeError(f"telnyx sent a coverage row without its count (group {row.group!r})")
        counts.append(
            CoverageCount(
                provider=PROVIDER,
                count=row.count,
                npa=npa,
                nxx=query.nxx,
                locality=locality,
                state=row.administrative_area or query.state,
            )
        )
    return counts


def search_arguments(query: CoverageQuery, limit: int) -> dict[str, Any]:
    """Keyword arguments of ``available_phone_numbers.list`` that answer ``query``."""
    _check_nanp(query)
    return {
        "country_code": query.country,
        "national_destination_code": query.npa,
        "starts_with": query.nxx,
        "administrative_area": query.state,
        "locality": query.locality,
        "phone_number_type": _number_type(query),
        "limit": limit,
    }


def available_numbers(rows: Iterable[AvailablePhoneNumber], limit: int) -> list[AvailableNumber]:
    """At most ``limit`` of ``rows`` as provider-neutral available numbers."""
    return [
        AvailableNumber(
            provider=PROVIDER,
            phone_number=row.phone_number,
            locality=row.region(RegionType.LOCATION),
            state=row.region(RegionType.STATE),
            rate_center=row.region(RegionType.RATE_CENTER),
        )
        for row in itertools.islice(rows, limit)
    ]
