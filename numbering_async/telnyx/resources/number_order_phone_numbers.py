"""``/number_order_phone_numbers``: the numbers of number orders and their paperwork."""

from __future__ import annotations

from collections.abc import Iterable

from numbering_async._query import encode_query
from numbering_async._validate import check_country, check_id, check_uuid
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import data_caster, list_caster
from numbering_async.telnyx._params import optional
from numbering_async.telnyx.models import NumberOrderPhoneNumber, RegulatoryRequirementValue
from numbering_async.telnyx.resources._base import Resource, item_path, requirement_values

__all__ = ["NumberOrderPhoneNumbers"]

_PATH = "/number_order_phone_numbers"
_NUMBER = data_caster(NumberOrderPhoneNumber)
_NUMBERS = list_caster(NumberOrderPhoneNumber)


class NumberOrderPhoneNumbers(Resource):
    """``client.number_order_phone_numbers``: ordered numbers and their requirements."""

    __slots__ = ()

    def list(self, *, country_code: str | None = None) -> AsyncPaginator[NumberOrderPhoneNumber]:
        """Ordered numbers, optionally of one country, as one page (the API does not paginate
        these)."""
        filters = {"country_code": optional(check_country, "country_code", country_code)}
        return self._one_page(_PATH, _NUMBERS, encode_query({"filter": filters}))

    async def retrieve(self, number_order_phone_number_id: str) -> NumberOrderPhoneNumber:
        """One ordered number."""
        path = item_path(
            _PATH, check_id("number_order_phone_number_id", number_order_phone_number_id)
        )
        return await self._get(path, _NUMBER)

    async def update(
        self,
        number_order_phone_number_id: str,
        *,
        regulatory_requirements: Iterable[RegulatoryRequirementValue],
    ) -> NumberOrderPhoneNumber:
        """Give values for the regulatory requirements of an ordered number."""
        path = item_path(
            _PATH, check_id("number_order_phone_number_id", number_order_phone_number_id)
        )
        body = {
            "regulatory_requirements": requirement_values(
                "regulatory_requirements", regulatory_requirements
            )
        }
        return await self._write("PATCH", path, _NUMBER, body)

    async def update_requirement_group(
        self, number_order_phone_number_id: str, *, requirement_group_id: str
    ) -> NumberOrderPhoneNumber:
        """Cover an ordered number's requirements with a requirement group (both UUIDs)."""
        path = item_path(
            _PATH,
            check_uuid("number_order_phone_number_id", number_order_phone_number_id),
            "/requirement_group",
        )
        body = {"requirement_group_id": check_uuid("requirement_group_id", requirement_group_id)}
        return await self._write("POST", path, _NUMBER, body)
