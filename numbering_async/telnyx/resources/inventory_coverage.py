"""``GET /inventory_coverage``: how many numbers Telnyx has, grouped."""

from __future__ import annotations

from collections.abc import Iterable

from numbering_async._memo import remembered
from numbering_async._query import QueryTemplate
from numbering_async._validate import check_country, check_nanp_code
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import counted_list_caster
from numbering_async.telnyx._params import (
    check_bool,
    check_member,
    check_members,
    check_text,
)
from numbering_async.telnyx.models import (
    CoverageGroupBy,
    InventoryCountry,
    InventoryCoverage,
    NumberFeature,
    PhoneNumberType,
)
from numbering_async.telnyx.resources._base import Resource

__all__ = ["InventoryCoverageResource"]

_ROWS = counted_list_caster(InventoryCoverage)
_FEATURES = (
    NumberFeature.SMS,
    NumberFeature.MMS,
    NumberFeature.VOICE,
    NumberFeature.FAX,
    NumberFeature.EMERGENCY,
)

_QUERY = QueryTemplate(
    "filter",
    (
        "groupBy",
        "npa",
        "nxx",
        "administrative_area",
        "phone_number_type",
        "country_code",
        "count",
        "features",
    ),
)


def _country(argument: str, value: InventoryCountry | str) -> InventoryCountry:
    return check_member(argument, check_country(argument, value), InventoryCountry)


def _check_query(
    group_by: CoverageGroupBy | str,
    npa: str | int | None,
    nxx: str | int | None,
    administrative_area: str | None,
    phone_number_type: PhoneNumberType | str | None,
    country_code: InventoryCountry | str | None,
    count: bool | None,
    features: Iterable[NumberFeature | str] | None,
) -> str:
    """The arguments of :meth:`InventoryCoverageResource.list` checked, as its query (a call
    with plain arguments equal to an earlier one's skips the checks: see ``_memo``)."""
    # The checks run in the order of the arguments (the first bad one is reported), each
    # only for a value given.
    return _QUERY.encode(
        (
            check_member("group_by", group_by, CoverageGroupBy),
            None if npa is None else check_nanp_code("npa", npa),
            None if nxx is None else check_nanp_code("nxx", nxx),
            None
            if administrative_area is None
            else check_text("administrative_area", administrative_area),
            None
            if phone_number_type is None
            else check_member("phone_number_type", phone_number_type, PhoneNumberType),
            None if country_code is None else _country("country_code", country_code),
            None if count is None else check_bool("count", count),
            None
            if features is None
            else check_members("features", features, NumberFeature, _FEATURES),
        )
    )


_query = remembered(_check_query, also=(CoverageGroupBy, PhoneNumberType, InventoryCountry))


class InventoryCoverageResource(Resource):
    """``client.inventory_coverage``: inventory levels (the whole set, no pagination)."""

    __slots__ = ()

    def list(
        self,
        group_by: CoverageGroupBy | str,
        *,
        npa: str | int | None = None,
        nxx: str | int | None = None,
        administrative_area: str | None = None,
        phone_number_type: PhoneNumberType | str | None = None,
        country_code: InventoryCountry | str | None = None,
        count: bool | None = None,
        features: Iterable[NumberFeature | str] | None = None,
    ) -> AsyncPaginator[InventoryCoverage]:
        """Inventory coverage grouped by ``group_by`` (``filter[groupBy]``), as one page.

        ``group_by`` is ``locality``, ``npa`` or ``national_destination_code``. ``npa`` and
        ``nxx`` are NANP codes (three digits, the first 2-9); ``country_code`` one of the 36
        :class:`~numbering_async.telnyx.InventoryCountry` codes (Telnyx defaults to US);
        ``count=True`` asks for the number of numbers in each group; ``features`` keeps
        numbers with all of sms, mms, voice, fax or emergency.
        """
        query = _query(
            group_by,
            npa,
            nxx,
            administrative_area,
            phone_number_type,
            country_code,
            count,
            features,
        )
        return self._one_page("/inventory_coverage", _ROWS, query)
