"""``/sub_number_orders``: the per-country, per-type parts of number orders."""

from __future__ import annotations

from collections.abc import Iterable

from numbering_async._query import encode_query
from numbering_async._validate import check_country, check_id, check_uuid
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, list_caster
from numbering_async.telnyx._params import (
    check_bool,
    check_count,
    optional,
    optional_member,
)
from numbering_async.telnyx.models import (
    OrderStatus,
    PhoneNumberType,
    RegulatoryRequirementValue,
    SubNumberOrder,
)
from numbering_async.telnyx.resources._base import Resource, item_path, requirement_values

__all__ = ["SubNumberOrders"]

_PATH = "/sub_number_orders"
_ORDER = data_caster(SubNumberOrder)
_ORDERS = list_caster(SubNumberOrder)


class SubNumberOrders(Resource):
    """``client.sub_number_orders``: list, inspect, complete or cancel sub number orders."""

    __slots__ = ()

    def list(
        self,
        *,
        status: OrderStatus | str | None = None,
        order_request_id: str | None = None,
        country_code: str | None = None,
        phone_number_type: PhoneNumberType | str | None = None,
        phone_numbers_count: int | None = None,
        include_phone_numbers: bool | None = None,
    ) -> AsyncPaginator[SubNumberOrder]:
        """Sub number orders matching every filter given, as one page (the API does not
        paginate these).

        ``order_request_id`` (a UUID) keeps the sub orders of one number order;
        ``include_phone_numbers=True`` adds each one's first 50 numbers (as the official SDK
        offers; the published spec copy predates it).
        """
        filters = {
            "status": optional_member("status", status, OrderStatus),
            "order_request_id": optional(check_uuid, "order_request_id", order_request_id),
            "country_code": optional(check_country, "country_code", country_code),
            "phone_number_type": optional_member(
                "phone_number_type", phone_number_type, PhoneNumberType
            ),
            "phone_numbers_count": optional(
                check_count, "phone_numbers_count", phone_numbers_count
            ),
            "include_phone_numbers": optional(
                check_bool, "include_phone_numbers", include_phone_numbers
            ),
        }
        return self._one_page(_PATH, _ORDERS, encode_query({"filter": filters}))

    async def retrieve(
        self, sub_number_order_id: str, *, include_phone_numbers: bool | None = None
    ) -> SubNumberOrder:
        """One sub number order; ``include_phone_numbers=True`` adds its first 50 numbers."""
        path = item_path(_PATH, check_id("sub_number_order_id", sub_number_order_id))
        include = optional(check_bool, "include_phone_numbers", include_phone_numbers)
        return await self._get(path, _ORDER, {"filter": {"include_phone_numbers": include}})

    async def update(
        self,
        sub_number_order_id: str,
        *,
        regulatory_requirements: Iterable[RegulatoryRequirementValue],
    ) -> SubNumberOrder:
        """Give values for the regulatory requirements of a sub number order."""
        path = item_path(_PATH, check_id("sub_number_order_id", sub_number_order_id))
        body = {
            "regulatory_requirements": requirement_values(
                "regulatory_requirements", regulatory_requirements
            )
        }
        return await self._write("PATCH", path, _ORDER, body)

    async def cancel(self, sub_number_order_id: str) -> SubNumberOrder:
        """Cancel a sub number order (``PATCH .../cancel``)."""
        path = item_path(_PATH, check_id("sub_number_order_id", sub_number_order_id), "/cancel")
        return await self._write("PATCH", path, _ORDER)

    async def update_requirement_group(
        self, sub_number_order_id: str, *, requirement_group_id: str
    ) -> SubNumberOrder:
        """Cover a sub number order's requirements with a requirement group (both UUIDs)."""
        path = item_path(
            _PATH, check_uuid("sub_number_order_id", sub_number_order_id), "/requirement_group"
        )
        body = {"requirement_group_id": check_uuid("requirement_group_id", requirement_group_id)}
        return await self._write("POST", path, _ORDER, body)
