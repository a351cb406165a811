"""What the Telnyx API accepts: enumerations, query parameters and body fields per route.

The routes in :mod:`~numbering_async.sandbox.telnyx.routes` name these tables; the router
refuses any query key or body field a table does not declare.
"""

from __future__ import annotations

import re

from numbering_async.sandbox._routing import Param

__all__ = [
    "AVAILABLE_QUERY",
    "BLOCK_BODY",
    "BLOCK_FIELDS",
    "BLOCK_ORDERS_QUERY",
    "COVERAGE_QUERY",
    "DIGITS",
    "E164",
    "FEATURES",
    "INEXPLICIT_BODY",
    "INEXPLICIT_QUERY",
    "LINES_PER_EXCHANGE",
    "ORDERS_QUERY",
    "ORDER_BODY",
    "ORDER_FIELDS",
    "ORDER_NUMBERS_QUERY",
    "ORDER_STATUSES",
    "ORDER_UPDATE_BODY",
    "REPORT_FILTERS",
    "REQUIREMENT_GROUP",
    "REQUIREMENT_VALUES",
    "RESERVATIONS_QUERY",
    "RESERVATION_BODY",
    "SUB_ORDERS_QUERY",
    "SUB_ORDER_QUERY",
    "stocked",
]

E164 = re.compile(r"\+[1-9]\d{7,14}")
DIGITS = re.compile(r"\d*")
FEATURES = ("sms", "mms", "voice", "fax", "emergency")
_PHONE_NUMBER_TYPES = ("local", "toll_free", "mobile", "national", "shared_cost")
_COVERAGE_TYPES = ("local", "toll_free", "national", "mobile", "landline", "shared_cost")
# One string reads better than 36 quoted items.
_COVERAGE_COUNTRIES = tuple(
    "AT AU BE BG CA CH CN CY CZ DE DK EE ES FI FR GB GR HU HR IE IT LT LU LV NL NZ MX NO PL PT "  # noqa: SIM905
    "RO SE SG SI SK US".split()
)
_STATUS = Param()
_BOOL = Param("bool")
_PAGE = {"page[number]": Param("int", low=1), "page[size]": Param("int", low=1, high=250)}
_CREATED = {"filter[created_at][gt]": Param(), "filter[created_at][lt]": Param()}
ORDER_FIELDS = ("customer_reference", "connection_id", "messaging_profile_id", "billing_group_id")
BLOCK_FIELDS = ("customer_reference", "connection_id", "messaging_profile_id")
ORDER_STATUSES = ("pending", "success", "failure")
LINES_PER_EXCHANGE = 10_000
REQUIREMENT_VALUES = frozenset(
    {"regulatory_requirements", "regulatory_requirements[]"}
    | {f"regulatory_requirements[].{key}" for key in ("requirement_id", "field_value")}
)
REQUIREMENT_GROUP = frozenset({"requirement_group_id"})
REPORT_FILTERS = (
    "status",
    "country_code",
    "created_at_gt",
    "created_at_lt",
    "customer_reference",
    "order_request_id",
)

# -- query parameters ----------------------------------------------------------------------

COVERAGE_QUERY = {
    "filter[npa]": Param("int", low=200, high=999),
    "filter[nxx]": Param("int", low=200, high=999),
    "filter[administrative_area]": Param(),
    "filter[phone_number_type]": Param("enum", _COVERAGE_TYPES),
    "filter[country_code]": Param("enum", _COVERAGE_COUNTRIES),
    "filter[count]": _BOOL,
    "filter[features]": Param("enum", FEATURES, repeat=True),
    "filter[groupBy]": Param("enum", ("locality", "npa", "national_destination_code")),
}
AVAILABLE_QUERY = {
    "filter[administrative_area]": Param(),
    "filter[best_effort]": _BOOL,
    "filter[country_code]": Param(),
    "filter[exclude_held_numbers]": _BOOL,
    "filter[features]": Param(
        "enum",
        (*FEATURES, "hd_voice", "international_sms", "local_calling"),
        repeat=True,
    ),
    "filter[limit]": Param("int", low=1, high=1000),
    "filter[locality]": Param(),
    "filter[national_destination_code]": Param(),
    "filter[phone_number][contains]": Param(),
    "filter[phone_number][ends_with]": Param(),
    "filter[phone_number][starts_with]": Param(),
    "filter[phone_number_type]": Param("enum", _PHONE_NUMBER_TYPES),
    "filter[quickship]": _BOOL,
    "filter[rate_center]": Param(),
    "filter[reservable]": _BOOL,
}
ORDERS_QUERY = {
    **_PAGE,
    **_CREATED,
    "filter[status]": _STATUS,
    "filter[customer_reference]": Param(),
    "filter[phone_numbers_count]": Param(),
    "filter[requirements_met]": _BOOL,
}
RESERVATIONS_QUERY = {
    **_PAGE,
    **_CREATED,
    "filter[status]": _STATUS,
    "filter[customer_reference]": Param(),
    "filter[phone_numbers.phone_number]": Param(),
}
BLOCK_ORDERS_QUERY = {
    **_PAGE,
    **_CREATED,
    "filter[status]": _STATUS,
    "filter[phone_numbers.starting_number]": Param(),
}
SUB_ORDERS_QUERY = {
    "filter[country_code]": Param(),
    "filter[include_phone_numbers]": _BOOL,
    "filter[order_request_id]": Param("uuid"),
    "filter[phone_number_type]": Param(),
    "filter[phone_numbers_count]": Param("int", low=0),
    "filter[status]": _STATUS,
}
SUB_ORDER_QUERY = {"filter[include_phone_numbers]": _BOOL}
INEXPLICIT_QUERY = {"page_number": Param("int", low=1), "page_size": Param("int", low=1, high=250)}
ORDER_NUMBERS_QUERY = {"filter[country_code]": Param()}

# -- body fields ---------------------------------------------------------------------------

ORDER_BODY = frozenset(
    {"phone_numbers", "phone_numbers[]", *ORDER_FIELDS}
    | {f"phone_numbers[].{k}" for k in ("phone_number", "bundle_id", "requirement_group_id")}
)
ORDER_UPDATE_BODY = REQUIREMENT_VALUES | {"customer_reference"}
RESERVATION_BODY = frozenset(
    {"customer_reference", "phone_numbers", "phone_numbers[]"} | {"phone_numbers[].phone_number"}
)
_GROUP_KEYS = (
    "administrative_area",
    "count_requested",
    "country_iso",
    "exclude_held_numbers",
    "features",
    "features[]",
    "locality",
    "national_destination_code",
    "phone_number",
    "phone_number.contains",
    "phone_number.ends_with",
    "phone_number.starts_with",
    "phone_number_type",
    "quickship",
    "strategy",
)
INEXPLICIT_BODY = frozenset(
    {"ordering_groups", "ordering_groups[]", *ORDER_FIELDS}
    | {f"ordering_groups[].{key}" for key in _GROUP_KEYS}
)
BLOCK_BODY = frozenset({"starting_number", "range", *BLOCK_FIELDS})


def stocked(country: str, number_type: str | None, features: list[str] | None) -> bool:
    """Whether the sandbox holds such numbers: US/CA local ones, with the five features."""
    return (
        country in ("US", "CA")
        and number_type in (None, "local")
        and set(features or ()) <= set(FEATURES)
    )
