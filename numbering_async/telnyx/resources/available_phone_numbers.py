"""``GET /available_phone_numbers``: search the numbers in stock."""

from __future__ import annotations

from collections.abc import Iterable

from numbering_async._query import encode_query
from numbering_async._validate import check_country
from numbering_async.pagination import AsyncPaginator
from numbering_async.telnyx._converter import counted_list_caster
from numbering_async.telnyx._params import (
    check_bool,
    check_count,
    check_digits,
    check_text,
    optional,
    optional_member,
    optional_members,
)
from numbering_async.telnyx.models import AvailablePhoneNumber, NumberFeature, PhoneNumberType
from numbering_async.telnyx.resources._base import Resource

__all__ = ["AvailablePhoneNumbers"]

_NUMBERS = counted_list_caster(AvailablePhoneNumber)
_TYPES = (
    PhoneNumberType.LOCAL,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.NATIONAL,
    PhoneNumberType.SHARED_COST,
)


class AvailablePhoneNumbers(Resource):
    """``client.available_phone_numbers``: numbers that can be ordered or reserved."""

    __slots__ = ()

    def list(
        self,
        *,
        country_code: str | None = None,
        locality: str | None = None,
        administrative_area: str | None = None,
        national_destination_code: str | int | None = None,
        rate_center: str | None = None,
        phone_number_type: PhoneNumberType | str | None = None,
        features: Iterable[NumberFeature | str] | None = None,
        starts_with: str | None = None,
        ends_with: str | None = None,
        contains: str | None = None,
        limit: int | None = None,
        best_effort: bool | None = None,
        quickship: bool | None = None,
        reservable: bool | None = None,
        exclude_held_numbers: bool | None = None,
    ) -> AsyncPaginator[AvailablePhoneNumber]:
        """Numbers in stock matching every filter given (at most ``limit`` of them), as one page.

        ``starts_with`` / ``ends_with`` / ``contains`` are digit patterns
        (``filter[phone_number][starts_with]``...); with ``national_destination_code`` they
        apply to the digits after it. ``administrative_area`` is a US state or CA province,
        ``rate_center`` a US/CA rate center. ``best_effort`` adds near matches (US/CA only);
        ``quickship`` keeps toll-free numbers that activate at once; ``reservable`` keeps
        numbers that can be reserved; ``exclude_held_numbers`` drops numbers you hold.
        """
        filters = {
            "phone_number": {
                "starts_with": optional(check_text, "starts_with", starts_with),
                "ends_with": optional(check_text, "ends_with", ends_with),
                "contains": optional(check_text, "contains", contains),
            },
            "locality": optional(check_text, "locality", locality),
            "administrative_area": optional(check_text, "administrative_area", administrative_area),
            "country_code": optional(check_country, "country_code", country_code),
            "national_destination_code": optional(
                check_digits, "national_destination_code", national_destination_code
            ),
            "rate_center": optional(check_text, "rate_center", rate_center),
            "phone_number_type": optional_member(
                "phone_number_type", phone_number_type, PhoneNumberType, _TYPES
            ),
            "features": optional_members("features", features, NumberFeature),
            "limit": optional(check_count, "limit", limit),
            "best_effort": optional(check_bool, "best_effort", best_effort),
            "quickship": optional(check_bool, "quickship", quickship),
            "reservable": optional(check_bool, "reservable", reservable),
            "exclude_held_numbers": optional(
                check_bool, "exclude_held_numbers", exclude_held_numbers
            ),
        }
        return self._one_page(
            "/available_phone_numbers", _NUMBERS, encode_query({"filter": filters}), limit=limit
        )
