"""The Telnyx numbering API (``/v2/...``) in its own wire format.

JSON:API-like ``{"data": ..., "meta": ...}`` envelopes, bracketed query filters, ``page[number]``
/ ``page[size]`` pagination with the real ``meta``, and errors as
``{"errors": [{"code", "title", "detail", "source", "meta": {"url"}}]}`` with Telnyx's published
error codes. Every operation of ``telnyx-numbering.openapi.json`` is served; any other path
under ``/v2`` is a 404. The sub number orders report downloads as ``text/csv``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from numbering_async.sandbox._dataset import Block
from numbering_async.sandbox._routing import (
    Call,
    Param,
    Problem,
    ProviderRouter,
    Route,
    key_accepted,
)
from numbering_async.sandbox._state import (
    Clock,
    InexplicitOrder,
    NumberFilter,
    NumberOrder,
    OrderedNumber,
    OrderingGroup,
    Report,
    Reservation,
    SubNumberOrder,
    TelnyxAccount,
    iso,
    nanp_digits,
)
from numbering_async.sandbox._wire import Reply, SandboxRequest, json_reply

__all__ = ["TelnyxRouter"]

BASE = "/v2"

_TITLES = {
    "10004": "Missing required parameter",
    "10005": "Resource not found",
    "10006": "Invalid ID",
    "10007": "Unexpected error",
    "10009": "Authentication failed",
    "10010": "Authorization failed",
    "10011": "Too many requests",
    "10015": "Bad Request",
    "10016": "Phone number must be in +E.164 format",
}
_CODE_FOR_STATUS = {
    400: "10015",
    401: "10009",
    403: "10010",
    404: "10005",
    422: "10015",
    429: "10011",
}
_AUTH_DETAIL = (
    "The required authentication headers were either invalid or not included in the request."
)

_E164 = re.compile(r"\+[1-9]\d{7,14}")
_DIGITS = re.compile(r"\d*")
_FEATURES = ("sms", "mms", "voice", "fax", "emergency")
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
_ORDER_FIELDS = ("customer_reference", "connection_id", "messaging_profile_id", "billing_group_id")
_BLOCK_FIELDS = ("customer_reference", "connection_id", "messaging_profile_id")
_ORDER_STATUSES = ("pending", "success", "failure")
_LINES_PER_EXCHANGE = 10_000
_FIRST_NUMBERS = 50
"""How many numbers a sub number order shows with ``filter[include_phone_numbers]``."""
_REQUIREMENT_VALUES = frozenset(
    {"regulatory_requirements", "regulatory_requirements[]"}
    | {f"regulatory_requirements[].{key}" for key in ("requirement_id", "field_value")}
)
_REQUIREMENT_GROUP = frozenset({"requirement_group_id"})
_REPORT_FILTERS = (
    "status",
    "country_code",
    "created_at_gt",
    "created_at_lt",
    "customer_reference",
    "order_request_id",
)
# The columns and formats of the spec's example report.
_REPORT_COLUMNS = (
    "id",
    "order_request_id",
    "is_block_sub_number_order",
    "status",
    "phone_number_type",
    "requirements_met",
    "phone_numbers_count",
    "country_code",
    "user_id",
    "customer_reference",
    "created_at",
    "updated_at",
)
_CSV_HEADERS = {"Content-Type": "text/csv"}
_COST = {"upfront_cost": "1.00", "monthly_cost": "1.00", "currency": "USD"}


def error_body(problem: Problem) -> dict[str, Any]:
    """The ``{"errors": [...]}`` envelope for ``problem``."""
    code = problem.code or _CODE_FOR_STATUS.get(problem.status, "10007")
    error: dict[str, Any] = {
        "code": code,
        "title": _TITLES.get(code, "Error"),
        "detail": problem.detail,
        "meta": {"url": f"https://developers.telnyx.com/docs/overview/errors/{code}"},
    }
    if problem.parameter or problem.pointer:
        error["source"] = {
            key: value
            for key, value in (("parameter", problem.parameter), ("pointer", problem.pointer))
            if value
        }
    return {"errors": [error]}


class TelnyxRouter(ProviderRouter):
    """Routes, validation and rendering of the Telnyx API over a :class:`TelnyxAccount`."""

    def __init__(self, account: TelnyxAccount, clock: Clock, api_key: str | None) -> None:
        self.account = account
        self.clock = clock
        self.api_key = api_key
        super().__init__(self._routes())

    # -- flow ------------------------------------------------------------------------------

    def decode_body(self, request: SandboxRequest) -> Any:
        """``None`` for GET; the JSON object of a POST or PATCH (empty means ``{}``)."""
        if request.method == "GET":
            return None
        if not request.body.strip():
            return {}
        try:
            body = json.loads(request.body)
        except ValueError:
            raise Problem(400, "The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise Problem(400, "The request body must be a JSON object.", pointer="/")
        return body

    def authenticate(self, request: SandboxRequest, body: Any) -> None:
        """``Authorization: Bearer <key>``."""
        scheme, _, token = (request.header("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not key_accepted(token.strip(), self.api_key):
            raise Problem(401, _AUTH_DETAIL)

    def before(self) -> None:
        """Settle orders and expire reservations up to now."""
        self.account.settle(self.clock.time())

    def problem_reply(self, problem: Problem) -> Reply:
        """The Telnyx error envelope."""
        return json_reply(problem.status, error_body(problem))

    def not_found(self) -> Reply:
        """A 404 for a path this API does not have."""
        return self.error_reply(404, "The requested resource or URL could not be found.")

    # -- routes ----------------------------------------------------------------------------

    def _routes(self) -> list[Route]:
        order_body = frozenset(
            {"phone_numbers", "phone_numbers[]", *_ORDER_FIELDS}
            | {
                f"phone_numbers[].{k}"
                for k in ("phone_number", "bundle_id", "requirement_group_id")
            }
        )
        group_keys = (
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
        return [
            Route("GET", f"{BASE}/inventory_coverage", self.inventory_coverage, _COVERAGE_QUERY),
            Route(
                "GET", f"{BASE}/available_phone_numbers", self.available_numbers, _AVAILABLE_QUERY
            ),
            Route("GET", f"{BASE}/number_orders", self.list_orders, _ORDERS_QUERY),
            Route("POST", f"{BASE}/number_orders", self.create_order, body=order_body),
            Route("GET", f"{BASE}/number_orders/{{number_order_id}}", self.get_order),
            Route(
                "PATCH",
                f"{BASE}/number_orders/{{number_order_id}}",
                self.update_order,
                body=_REQUIREMENT_VALUES | {"customer_reference"},
            ),
            Route(
                "GET", f"{BASE}/number_reservations", self.list_reservations, _RESERVATIONS_QUERY
            ),
            Route(
                "POST",
                f"{BASE}/number_reservations",
                self.create_reservation,
                body=frozenset(
                    {"customer_reference", "phone_numbers", "phone_numbers[]"}
                    | {"phone_numbers[].phone_number"}
                ),
            ),
            Route(
                "GET", f"{BASE}/number_reservations/{{number_reservation_id}}", self.get_reservation
            ),
            Route(
                "POST",
                f"{BASE}/number_reservations/{{number_reservation_id}}/actions/extend",
                self.extend_reservation,
            ),
            Route(
                "GET",
                f"{BASE}/inexplicit_number_orders",
                self.list_inexplicit,
                {"page_number": Param("int", low=1), "page_size": Param("int", low=1, high=250)},
            ),
            Route(
                "POST",
                f"{BASE}/inexplicit_number_orders",
                self.create_inexplicit,
                body=frozenset(
                    {"ordering_groups", "ordering_groups[]", *_ORDER_FIELDS}
                    | {f"ordering_groups[].{key}" for key in group_keys}
                ),
            ),
            Route("GET", f"{BASE}/inexplicit_number_orders/{{id}}", self.get_inexplicit),
            Route("GET", f"{BASE}/sub_number_orders", self.list_sub_orders, _SUB_ORDERS_QUERY),
            Route(
                "GET",
                f"{BASE}/sub_number_orders/{{sub_number_order_id}}",
                self.get_sub_order,
                {"filter[include_phone_numbers]": _BOOL},
            ),
            Route(
                "PATCH",
                f"{BASE}/sub_number_orders/{{sub_number_order_id}}",
                self.update_sub_order,
                body=_REQUIREMENT_VALUES,
            ),
            Route(
                "PATCH",
                f"{BASE}/sub_number_orders/{{sub_number_order_id}}/cancel",
                self.cancel_sub_order,
            ),
            Route(
                "POST",
                f"{BASE}/sub_number_orders/{{id}}/requirement_group",
                self.group_sub_order,
                body=_REQUIREMENT_GROUP,
            ),
            Route(
                "POST",
                f"{BASE}/sub_number_orders_report",
                self.create_report,
                body=frozenset(_REPORT_FILTERS),
            ),
            Route("GET", f"{BASE}/sub_number_orders_report/{{report_id}}", self.get_report),
            Route(
                "GET",
                f"{BASE}/sub_number_orders_report/{{report_id}}/download",
                self.download_report,
            ),
            Route(
                "GET",
                f"{BASE}/number_order_phone_numbers",
                self.list_order_numbers,
                {"filter[country_code]": Param()},
            ),
            Route(
                "GET",
                f"{BASE}/number_order_phone_numbers/{{number_order_phone_number_id}}",
                self.get_order_number,
            ),
            Route(
                "PATCH",
                f"{BASE}/number_order_phone_numbers/{{number_order_phone_number_id}}",
                self.update_order_number,
                body=_REQUIREMENT_VALUES,
            ),
            Route(
                "POST",
                f"{BASE}/number_order_phone_numbers/{{id}}/requirement_group",
                self.group_order_number,
                body=_REQUIREMENT_GROUP,
            ),
            Route(
                "GET", f"{BASE}/number_block_orders", self.list_block_orders, _BLOCK_ORDERS_QUERY
            ),
            Route(
                "POST",
                f"{BASE}/number_block_orders",
                self.create_block_order,
                body=frozenset({"starting_number", "range", *_BLOCK_FIELDS}),
            ),
            Route(
                "GET",
                f"{BASE}/number_block_orders/{{number_block_order_id}}",
                self.get_block_order,
            ),
        ]

    # -- coverage and search ---------------------------------------------------------------

    def _cached(self, call: Call, compute: Callable[[Call], Reply]) -> Reply:
        """Answers that depend only on the query and the inventory."""
        key = (call.request.path, tuple(sorted(call.request.query)))
        return self.cached(key, self.account.inventory.version, lambda: compute(call))

    def inventory_coverage(self, call: Call) -> Reply:
        """``GET /inventory_coverage``: counts grouped by locality or NPA."""
        return self._cached(call, self._coverage)

    def _coverage(self, call: Call) -> Reply:
        q = call.query
        group_by = q.get("filter[groupBy]")
        if group_by is None:
            raise Problem(
                400, "filter[groupBy] is required", code="10004", parameter="filter[groupBy]"
            )
        country = q.get("filter[country_code]", "US")
        rows: list[dict[str, Any]] = []
        if _stocked(country, q.get("filter[phone_number_type]"), q.get("filter[features]")):
            blocks = self.account.inventory.stock.select(
                country=country,
                npa=_opt_str(q.get("filter[npa]")),
                nxx=_opt_str(q.get("filter[nxx]")),
                state=q.get("filter[administrative_area]"),
            )
            rows = self._group(blocks, group_by)
        return json_reply(200, {"data": rows, "meta": {"total_results": len(rows)}})

    def _group(self, blocks: Sequence[Block], group_by: str) -> list[dict[str, Any]]:
        """Rows per locality (with its state) or per NPA (with the state most of it lies in)."""
        inventory = self.account.inventory
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

    def available_numbers(self, call: Call) -> Reply:
        """``GET /available_phone_numbers``: numbers matching every filter, up to the limit."""
        return self._cached(call, self._available)

    def _available(self, call: Call) -> Reply:
        q = call.query
        patterns = {
            part: q.get(f"filter[phone_number][{part}]", "")
            for part in ("starts_with", "ends_with", "contains")
        }
        for part, pattern in patterns.items():
            if not _DIGITS.fullmatch(pattern):
                name = f"filter[phone_number][{part}]"
                raise Problem(400, f"{name} must be digits, got {pattern!r}", parameter=name)
        country = q.get("filter[country_code]", "US")
        found: list[tuple[Block, str]] = []
        if _stocked(country, q.get("filter[phone_number_type]"), q.get("filter[features]")):
            where = NumberFilter(
                country=country,
                state=q.get("filter[administrative_area]"),
                locality=q.get("filter[locality]"),
                rate_center=q.get("filter[rate_center]"),
                npa=q.get("filter[national_destination_code]"),
                **patterns,
            )
            found = where.search(self.account.inventory, q.get("filter[limit]", 50))
        meta = {"total_results": len(found), "best_effort_results": 0}
        return json_reply(
            200,
            {"data": [_available_json(b, tn) for b, tn in found], "meta": meta, "metadata": meta},
        )

    # -- number orders ---------------------------------------------------------------------

    def list_orders(self, call: Call) -> Reply:
        """``GET /number_orders`` with filters, newest first."""
        q = call.query
        count = q.get("filter[phone_numbers_count]")
        if count is not None and not count.isdigit():
            name = "filter[phone_numbers_count]"
            raise Problem(400, f"{name} must be a whole number", parameter=name)
        orders = [
            order
            for order in _created_between(self.account.orders.values(), q)
            if _matches(q.get("filter[status]"), order.status)
            and _matches(q.get("filter[customer_reference]"), order.customer_reference)
            and (count is None or int(count) == len(order.numbers))
            and q.get("filter[requirements_met]", True)
        ]
        return _page(orders, q, lambda order: _order_json(order, detailed=False))

    def create_order(self, call: Call) -> Reply:
        """``POST /number_orders``: a pending order that settles after ``order_delay``."""
        body = call.body
        items = _phone_numbers(body)
        numbers = [(_e164(item, i), _opt_text(item, "bundle_id")) for i, item in enumerate(items)]
        _no_duplicates([phone for phone, _ in numbers])
        order = self.account.place_order(numbers, self.clock.time(), **_refs(body))
        return json_reply(200, {"data": _order_json(order, detailed=True)})

    def _order(self, call: Call) -> NumberOrder:
        order = self.account.orders.get(call.params["number_order_id"])
        if order is None:
            raise Problem(404, "Number order not found.")
        return order

    def get_order(self, call: Call) -> Reply:
        """``GET /number_orders/{id}``."""
        return json_reply(200, {"data": _order_json(self._order(call), detailed=True)})

    def update_order(self, call: Call) -> Reply:
        """``PATCH /number_orders/{id}``: the customer reference, requirement values."""
        order = self._order(call)
        reference = _opt_text(call.body, "customer_reference")
        values = _requirement_values(call.body)
        if reference is not None:
            order.customer_reference = reference
            for sub in order.sub_orders:
                sub.customer_reference = reference
        self.account.set_requirements(order.numbers, values)
        order.updated = self.clock.time()
        return json_reply(200, {"data": _order_json(order, detailed=True)})

    # -- reservations ----------------------------------------------------------------------

    def list_reservations(self, call: Call) -> Reply:
        """``GET /number_reservations`` with filters, newest first."""
        q = call.query
        phone = q.get("filter[phone_numbers.phone_number]")
        reservations = [
            reservation
            for reservation in _created_between(self.account.reservations.values(), q)
            if _matches(q.get("filter[status]"), reservation.status)
            and _matches(q.get("filter[customer_reference]"), reservation.customer_reference)
            and (phone is None or any(n.phone_number == phone for n in reservation.numbers))
        ]
        return _page(reservations, q, _reservation_json)

    def create_reservation(self, call: Call) -> Reply:
        """``POST /number_reservations``: hold numbers until ``expired_at``."""
        items = _phone_numbers(call.body)
        phones = [_e164(item, i) for i, item in enumerate(items)]
        _no_duplicates(phones)
        reservation = self.account.reserve(
            phones, self.clock.time(), _opt_text(call.body, "customer_reference")
        )
        return json_reply(200, {"data": _reservation_json(reservation)})

    def _reservation(self, call: Call) -> Reservation:
        reservation = self.account.reservations.get(call.params["number_reservation_id"])
        if reservation is None:
            raise Problem(404, "Number reservation not found.")
        return reservation

    def get_reservation(self, call: Call) -> Reply:
        """``GET /number_reservations/{id}``."""
        return json_reply(200, {"data": _reservation_json(self._reservation(call))})

    def extend_reservation(self, call: Call) -> Reply:
        """``POST /number_reservations/{id}/actions/extend``: a fresh TTL from now."""
        reservation = self.account.extend(self._reservation(call), self.clock.time())
        return json_reply(200, {"data": _reservation_json(reservation)})

    # -- inexplicit orders -----------------------------------------------------------------

    def list_inexplicit(self, call: Call) -> Reply:
        """``GET /inexplicit_number_orders`` (flat ``page_number`` / ``page_size``)."""
        orders = _newest_first(self.account.inexplicit.values())
        return _page(orders, call.query, _inexplicit_json, flat=True)

    def create_inexplicit(self, call: Call) -> Reply:
        """``POST /inexplicit_number_orders``: allocate by ordering group and strategy."""
        groups = call.body.get("ordering_groups")
        if not isinstance(groups, list) or not groups:
            raise _missing("ordering_groups")
        parsed = [_ordering_group(group, i) for i, group in enumerate(groups)]
        order = self.account.place_inexplicit(parsed, self.clock.time(), **_refs(call.body))
        return json_reply(200, {"data": _inexplicit_json(order)})

    def get_inexplicit(self, call: Call) -> Reply:
        """``GET /inexplicit_number_orders/{id}`` (the id is a UUID)."""
        order = self.account.inexplicit.get(_uuid_param(call, "id"))
        if order is None:
            raise Problem(404, "Inexplicit number order not found.")
        return json_reply(200, {"data": _inexplicit_json(order)})

    # -- sub-number orders ---------------------------------------------------------------

    def list_sub_orders(self, call: Call) -> Reply:
        """``GET /sub_number_orders`` (one page: the spec declares no paging)."""
        q = call.query
        subs = [
            sub
            for sub in _newest_first(self.account.sub_orders.values())
            if _matches(q.get("filter[status]"), sub.status)
            and _matches(q.get("filter[order_request_id]"), sub.order_id)
            and _matches(q.get("filter[country_code]"), sub.country_code)
            and _matches(q.get("filter[phone_number_type]"), "local")
            and q.get("filter[phone_numbers_count]", len(sub.numbers)) == len(sub.numbers)
        ]
        return _one_page([self._sub_order_json(sub) for sub in subs])

    def _sub_order(self, call: Call, name: str = "sub_number_order_id") -> SubNumberOrder:
        sub = self.account.sub_orders.get(call.params[name])
        if sub is None:
            raise Problem(404, "Sub number order not found.")
        return sub

    def _sub_order_json(self, sub: SubNumberOrder, *, with_numbers: bool = False) -> dict[str, Any]:
        return _sub_order_json(sub, self.account.user_id, with_numbers=with_numbers)

    def get_sub_order(self, call: Call) -> Reply:
        """``GET /sub_number_orders/{id}``, with its first 50 numbers on request."""
        include = call.query.get("filter[include_phone_numbers]", False)
        sub = self._sub_order(call)
        return json_reply(200, {"data": self._sub_order_json(sub, with_numbers=include)})

    def update_sub_order(self, call: Call) -> Reply:
        """``PATCH /sub_number_orders/{id}``: requirement values for each of its numbers."""
        sub = self._sub_order(call)
        self.account.set_requirements(sub.numbers, _requirement_values(call.body))
        sub.updated = self.clock.time()
        return json_reply(200, {"data": self._sub_order_json(sub)})

    def cancel_sub_order(self, call: Call) -> Reply:
        """``PATCH /sub_number_orders/{id}/cancel``: a pending sub order, its numbers freed."""
        sub = self.account.cancel(self._sub_order(call), self.clock.time())
        return json_reply(200, {"data": self._sub_order_json(sub)})

    def group_sub_order(self, call: Call) -> Reply:
        """``POST /sub_number_orders/{id}/requirement_group`` (both ids are UUIDs)."""
        _uuid_param(call, "id")
        sub = self._sub_order(call, "id")
        self.account.set_requirement_group(sub.numbers, _requirement_group(call.body))
        sub.updated = self.clock.time()
        return json_reply(200, {"data": self._sub_order_json(sub, with_numbers=True)})

    # -- sub-number order reports ----------------------------------------------------------

    def create_report(self, call: Call) -> Reply:
        """``POST /sub_number_orders_report``: 202, the CSV ready after ``order_delay``."""
        filters = _report_filters(call.body)
        after = _timestamp(filters, "created_at_gt", pointer=True)
        before = _timestamp(filters, "created_at_lt", pointer=True)
        subs = [
            sub
            for sub in _newest_first(self.account.sub_orders.values())
            if _matches(filters.get("status"), sub.status)
            and _matches(filters.get("country_code"), sub.country_code)
            and _matches(filters.get("customer_reference"), sub.customer_reference)
            and _matches(filters.get("order_request_id"), sub.order_id)
            and (after is None or sub.created > after)
            and (before is None or sub.created < before)
        ]
        content = _report_csv(subs, self.account.user_id)
        report = self.account.add_report(filters, content, self.clock.time())
        return json_reply(202, {"data": self._report_json(report)})

    def _report(self, call: Call) -> Report:
        report = self.account.reports.get(_uuid_param(call, "report_id"))
        if report is None:
            raise Problem(404, "Sub number orders report not found.")
        return report

    def _report_json(self, report: Report) -> dict[str, Any]:
        return {
            "id": report.id,
            "order_type": "sub_number_order",
            "status": report.status,
            "filters": report.filters,
            "user_id": self.account.user_id,
            "created_at": iso(report.created),
            "updated_at": iso(report.updated),
        }

    def get_report(self, call: Call) -> Reply:
        """``GET /sub_number_orders_report/{report_id}``."""
        return json_reply(200, {"data": self._report_json(self._report(call))})

    def download_report(self, call: Call) -> Reply:
        """``GET /sub_number_orders_report/{report_id}/download``: CSV once it is ``success``."""
        report = self._report(call)
        if report.status != "success":
            raise Problem(422, f"The report is not ready: its status is {report.status}.")
        return Reply(200, _CSV_HEADERS, report.content)

    # -- number order phone numbers --------------------------------------------------------

    def list_order_numbers(self, call: Call) -> Reply:
        """``GET /number_order_phone_numbers``: newest order first (one page, no paging)."""
        country = call.query.get("filter[country_code]")
        by_order: dict[str, list[OrderedNumber]] = {}
        for number in self.account.numbers.values():
            if _matches(country, number.country_code):
                by_order.setdefault(number.order_id, []).append(number)
        return _one_page(
            [_number_json(n, full=True) for group in reversed(by_order.values()) for n in group]
        )

    def _order_number(
        self, call: Call, name: str = "number_order_phone_number_id"
    ) -> OrderedNumber:
        number = self.account.numbers.get(call.params[name])
        if number is None:
            raise Problem(404, "Number order phone number not found.")
        return number

    def get_order_number(self, call: Call) -> Reply:
        """``GET /number_order_phone_numbers/{id}``."""
        return json_reply(200, {"data": _number_json(self._order_number(call), full=True)})

    def update_order_number(self, call: Call) -> Reply:
        """``PATCH /number_order_phone_numbers/{id}``: its requirement values."""
        number = self._order_number(call)
        self.account.set_requirements([number], _requirement_values(call.body))
        return json_reply(200, {"data": _number_json(number, full=True)})

    def group_order_number(self, call: Call) -> Reply:
        """``POST /number_order_phone_numbers/{id}/requirement_group`` (both ids are UUIDs)."""
        _uuid_param(call, "id")
        number = self._order_number(call, "id")
        self.account.set_requirement_group([number], _requirement_group(call.body))
        return json_reply(200, {"data": _number_json(number, full=True)})

    # -- number block orders ---------------------------------------------------------------

    def list_block_orders(self, call: Call) -> Reply:
        """``GET /number_block_orders`` with filters, newest first."""
        q = call.query
        orders = [
            order
            for order in _created_between(self.account.block_orders.values(), q)
            if _matches(q.get("filter[status]"), order.status)
            and _matches(
                q.get("filter[phone_numbers.starting_number]"), order.numbers[0].phone_number
            )
        ]
        return _page(orders, q, _block_order_json)

    def create_block_order(self, call: Call) -> Reply:
        """``POST /number_block_orders``: ``range`` numbers from ``starting_number``, pending."""
        body = call.body
        tns = _block_range(body)
        refs = {name: _opt_text(body, name) for name in _BLOCK_FIELDS}
        order = self.account.place_block(tns, self.clock.time(), **refs)
        return json_reply(200, {"data": _block_order_json(order)})

    def get_block_order(self, call: Call) -> Reply:
        """``GET /number_block_orders/{id}``."""
        order = self.account.block_orders.get(call.params["number_block_order_id"])
        if order is None:
            raise Problem(404, "Number block order not found.")
        return json_reply(200, {"data": _block_order_json(order)})


_COVERAGE_QUERY = {
    "filter[npa]": Param("int", low=200, high=999),
    "filter[nxx]": Param("int", low=200, high=999),
    "filter[administrative_area]": Param(),
    "filter[phone_number_type]": Param("enum", _COVERAGE_TYPES),
    "filter[country_code]": Param("enum", _COVERAGE_COUNTRIES),
    "filter[count]": _BOOL,
    "filter[features]": Param("enum", _FEATURES, repeat=True),
    "filter[groupBy]": Param("enum", ("locality", "npa", "national_destination_code")),
}
_AVAILABLE_QUERY = {
    "filter[administrative_area]": Param(),
    "filter[best_effort]": _BOOL,
    "filter[country_code]": Param(),
    "filter[exclude_held_numbers]": _BOOL,
    "filter[features]": Param(
        "enum",
        (*_FEATURES, "hd_voice", "international_sms", "local_calling"),
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
_ORDERS_QUERY = {
    **_PAGE,
    **_CREATED,
    "filter[status]": _STATUS,
    "filter[customer_reference]": Param(),
    "filter[phone_numbers_count]": Param(),
    "filter[requirements_met]": _BOOL,
}
_RESERVATIONS_QUERY = {
    **_PAGE,
    **_CREATED,
    "filter[status]": _STATUS,
    "filter[customer_reference]": Param(),
    "filter[phone_numbers.phone_number]": Param(),
}
_BLOCK_ORDERS_QUERY = {
    **_PAGE,
    **_CREATED,
    "filter[status]": _STATUS,
    "filter[phone_numbers.starting_number]": Param(),
}
_SUB_ORDERS_QUERY = {
    "filter[country_code]": Param(),
    "filter[order_request_id]": Param("uuid"),
    "filter[phone_number_type]": Param(),
    "filter[phone_numbers_count]": Param("int", low=0),
    "filter[status]": _STATUS,
}


# -- request helpers -----------------------------------------------------------------------


def _missing(name: str) -> Problem:
    return Problem(422, f"{name} is required", code="10004", pointer=f"/{name}")


def _opt_str(value: int | None) -> str | None:
    return None if value is None else str(value)


def _opt_text(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise Problem(422, f"{name} must be a string", pointer=f"/{name}")
    return value


def _refs(body: Mapping[str, Any]) -> dict[str, str | None]:
    return {name: _opt_text(body, name) for name in _ORDER_FIELDS}


def _phone_numbers(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = body.get("phone_numbers")
    if not isinstance(items, list) or not items:
        raise _missing("phone_numbers")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise Problem(422, "phone_numbers items must be objects", pointer=f"/phone_numbers/{i}")
    return items


def _e164(item: Mapping[str, Any], index: int) -> str:
    phone = item.get("phone_number")
    pointer = f"/phone_numbers/{index}/phone_number"
    if phone is None:
        raise Problem(422, "phone_number is required", code="10004", pointer=pointer)
    if not isinstance(phone, str) or not _E164.fullmatch(phone):
        raise Problem(422, f"{phone!r} is not an +E.164 number", code="10016", pointer=pointer)
    return phone


def _no_duplicates(phones: Sequence[str]) -> None:
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


def _uuid_param(call: Call, name: str) -> str:
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


def _requirement_values(body: Mapping[str, Any]) -> list[tuple[str, str]]:
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


def _requirement_group(body: Mapping[str, Any]) -> str:
    """The required ``requirement_group_id`` (a UUID)."""
    group_id = _uuid_field(body, "requirement_group_id", "/requirement_group_id")
    if group_id is None:
        raise _missing("requirement_group_id")
    return group_id


def _report_filters(body: Mapping[str, Any]) -> dict[str, str]:
    """The report's filters as sent, each checked."""
    filters = {
        name: value for name in _REPORT_FILTERS if (value := _opt_text(body, name)) is not None
    }
    status = filters.get("status")
    if status is not None and status not in _ORDER_STATUSES:
        raise Problem(422, f"status must be one of {', '.join(_ORDER_STATUSES)}", pointer="/status")
    _uuid_field(filters, "order_request_id", "/order_request_id")
    return filters


def _block_range(body: Mapping[str, Any]) -> list[str]:
    """The 10-digit numbers of a block order: ``range`` of them from ``starting_number``."""
    start = body.get("starting_number")
    if start is None:
        raise _missing("starting_number")
    pointer = "/starting_number"
    if not isinstance(start, str) or not _E164.fullmatch(start):
        raise Problem(422, f"{start!r} is not an +E.164 number", code="10016", pointer=pointer)
    tn = nanp_digits(start)
    if tn is None:
        raise Problem(422, "Number blocks are NANP (+1) numbers", pointer=pointer)
    size = body.get("range")
    if size is None:
        raise _missing("range")
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise Problem(
            422, f"range must be a whole number of at least 1, got {size!r}", pointer="/range"
        )
    first = int(tn[6:])
    if first + size > _LINES_PER_EXCHANGE:
        raise Problem(
            422,
            f"A block of {size} from {start} goes past the end of its NPA-NXX",
            pointer="/range",
        )
    return [f"{tn[:6]}{line:04d}" for line in range(first, first + size)]


def _ordering_group(group: Any, index: int) -> tuple[NumberFilter | None, int, str, dict[str, Any]]:
    pointer = f"/ordering_groups/{index}"
    if not isinstance(group, dict):
        raise Problem(422, "ordering_groups items must be objects", pointer=pointer)
    for name in ("country_iso", "count_requested", "phone_number_type"):
        if group.get(name) is None:
            raise Problem(422, f"{name} is required", code="10004", pointer=f"{pointer}/{name}")
    country = group["country_iso"]
    if country not in ("US", "CA"):
        raise Problem(422, "country_iso must be US or CA", pointer=f"{pointer}/country_iso")
    raw_count = group["count_requested"]
    count = int(raw_count) if str(raw_count).isdigit() else 0
    if not 1 <= count <= 1000:
        raise Problem(
            422, "count_requested must be 1 to 1000", pointer=f"{pointer}/count_requested"
        )
    strategy = group.get("strategy", "always")
    if strategy not in ("always", "never"):
        raise Problem(422, "strategy must be always or never", pointer=f"{pointer}/strategy")
    pattern = group.get("phone_number") or {}
    if not isinstance(pattern, dict) or not all(
        isinstance(v, str) and _DIGITS.fullmatch(v) for v in pattern.values()
    ):
        raise Problem(
            422, "phone_number patterns must be digits", pointer=f"{pointer}/phone_number"
        )
    features = group.get("features") or []
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise Problem(422, "features must be a list of strings", pointer=f"{pointer}/features")
    where = NumberFilter(
        country=country,
        state=group.get("administrative_area"),
        locality=group.get("locality"),
        npa=group.get("national_destination_code"),
        starts_with=pattern.get("starts_with", ""),
        ends_with=pattern.get("ends_with", ""),
        contains=pattern.get("contains", ""),
    )
    stocked = _stocked(country, group["phone_number_type"], features)
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
    echo.update({f"phone_number[{key}]": value for key, value in pattern.items()})
    echo["strategy"] = strategy
    return (where if stocked else None), count, strategy, echo


def _stocked(country: str, number_type: str | None, features: list[str] | None) -> bool:
    """Whether the sandbox holds such numbers: US/CA local ones, with the five features."""
    return (
        country in ("US", "CA")
        and number_type in (None, "local")
        and set(features or ()) <= set(_FEATURES)
    )


def _matches(wanted: str | None, actual: str | None) -> bool:
    return wanted is None or wanted == actual


def _timestamp(values: Mapping[str, Any], name: str, *, pointer: bool = False) -> float | None:
    """A datetime query parameter (a 400 when malformed), or body field with ``pointer``
    (a 422)."""
    raw = values.get(name)
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp()
    except ValueError:
        message = f"{name} must be an ISO 8601 datetime"
        if pointer:
            raise Problem(422, message, pointer=f"/{name}") from None
        raise Problem(400, message, parameter=name) from None


def _newest_first(records: Iterable[Any]) -> list[Any]:
    """Records (given oldest first) newest first; of two created at once, the later given."""
    ranked = sorted(enumerate(records), key=lambda pair: (pair[1].created, pair[0]), reverse=True)
    return [record for _, record in ranked]


def _created_between(records: Iterable[Any], query: Mapping[str, Any]) -> list[Any]:
    after = _timestamp(query, "filter[created_at][gt]")
    before = _timestamp(query, "filter[created_at][lt]")
    return _newest_first(
        record
        for record in records
        if (after is None or record.created > after) and (before is None or record.created < before)
    )


def _one_page(data: list[dict[str, Any]]) -> Reply:
    """A list the spec does not page, with the ``meta`` of its only page."""
    meta = {
        "page_number": 1,
        "page_size": len(data),
        "total_pages": 1 if data else 0,
        "total_results": len(data),
    }
    return json_reply(200, {"data": data, "meta": meta})


def _page(
    items: Sequence[Any],
    query: Mapping[str, Any],
    render: Callable[[Any], dict[str, Any]],
    *,
    flat: bool = False,
) -> Reply:
    number = query.get("page_number" if flat else "page[number]", 1)
    size = query.get("page_size" if flat else "page[size]", 20)
    start = (number - 1) * size
    meta = {
        "page_number": number,
        "page_size": size,
        "total_pages": math.ceil(len(items) / size),
        "total_results": len(items),
    }
    return json_reply(
        200, {"data": [render(item) for item in items[start : start + size]], "meta": meta}
    )


# -- rendering -----------------------------------------------------------------------------


def _present(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without unset fields: the spec types them as strings, never null."""
    return {key: value for key, value in record.items() if value is not None}


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
        "features": [{"name": name} for name in _FEATURES],
    }


def _number_json(number: OrderedNumber, *, full: bool) -> dict[str, Any]:
    """A number of an order; ``full`` adds what ``/number_order_phone_numbers`` shows."""
    record: dict[str, Any] = {
        "id": number.id,
        "record_type": "number_order_phone_number",
        "phone_number": number.phone_number,
        "status": number.status,
        "bundle_id": number.bundle_id,
        "country_code": number.country_code,
        "phone_number_type": "local",
        "requirements_met": True,
        "requirements_status": number.requirements_status,
        "regulatory_requirements": [
            {
                "requirement_id": requirement_id,
                "field_value": value,
                "field_type": "textual",
                "record_type": "phone_number_regulatory_requirement",
            }
            for requirement_id, value in number.requirements.items()
        ],
    }
    if full:
        record.update(
            order_request_id=number.order_id,
            sub_number_order_id=number.sub_order_id,
            locality=number.locality,
            is_block_number=number.is_block,
        )
    return _present(record)


def _order_json(order: NumberOrder, *, detailed: bool) -> dict[str, Any]:
    if detailed:
        numbers = [_number_json(number, full=False) for number in order.numbers]
    else:
        numbers = [{"id": n.id, "phone_number": n.phone_number} for n in order.numbers]
    return _present(
        {
            "id": order.id,
            "record_type": "number_order",
            "phone_numbers": numbers,
            "phone_numbers_count": len(order.numbers),
            "connection_id": order.connection_id,
            "messaging_profile_id": order.messaging_profile_id,
            "billing_group_id": order.billing_group_id,
            "sub_number_orders_ids": [sub.id for sub in order.sub_orders],
            "status": order.status,
            "customer_reference": order.customer_reference,
            "created_at": iso(order.created),
            "updated_at": iso(order.updated),
            "requirements_met": True,
        }
    )


def _sub_order_json(sub: SubNumberOrder, user_id: str, *, with_numbers: bool) -> dict[str, Any]:
    """A sub number order; ``with_numbers`` adds its first 50 numbers."""
    requirement_ids = dict.fromkeys(rid for number in sub.numbers for rid in number.requirements)
    record = _present(
        {
            "id": sub.id,
            "record_type": "sub_number_order",
            "order_request_id": sub.order_id,
            "country_code": sub.country_code,
            "phone_number_type": "local",
            "phone_numbers_count": len(sub.numbers),
            "status": sub.status,
            "customer_reference": sub.customer_reference,
            "is_block_sub_number_order": sub.is_block,
            "requirements_met": True,
            "regulatory_requirements": [
                {
                    "requirement_id": requirement_id,
                    "field_type": "textual",
                    "record_type": "phone_number_regulatory_requirement",
                }
                for requirement_id in requirement_ids
            ],
            "user_id": user_id,
            "created_at": iso(sub.created),
            "updated_at": iso(sub.updated),
        }
    )
    if with_numbers:
        first = sub.numbers[:_FIRST_NUMBERS]
        record["phone_numbers"] = [_number_json(number, full=False) for number in first]
    return record


def _report_time(ts: float) -> str:
    """``2025-05-23 14:33:12.376686``, as the spec's example report writes times."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _report_csv(subs: Iterable[SubNumberOrder], user_id: str) -> bytes:
    """The report file: a header line, then one line per sub order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_REPORT_COLUMNS)
    for sub in subs:
        writer.writerow(
            [
                sub.id,
                sub.order_id,
                sub.is_block,
                sub.status,
                "local",
                True,
                len(sub.numbers),
                sub.country_code,
                user_id,
                sub.customer_reference or "",
                _report_time(sub.created),
                _report_time(sub.updated),
            ]
        )
    return out.getvalue().encode()


def _block_order_json(order: NumberOrder) -> dict[str, Any]:
    return _present(
        {
            "id": order.id,
            "record_type": "number_block_order",
            "starting_number": order.numbers[0].phone_number,
            "range": len(order.numbers),
            "phone_numbers_count": len(order.numbers),
            "connection_id": order.connection_id,
            "messaging_profile_id": order.messaging_profile_id,
            "customer_reference": order.customer_reference,
            "status": order.status,
            "errors": order.errors if order.status == "failure" else None,
            "requirements_met": True,
            "created_at": iso(order.created),
            "updated_at": iso(order.updated),
        }
    )


def _reservation_json(reservation: Reservation) -> dict[str, Any]:
    return _present(
        {
            "id": reservation.id,
            "record_type": "number_reservation",
            "phone_numbers": [
                {
                    "id": number.id,
                    "record_type": "reserved_phone_number",
                    "phone_number": number.phone_number,
                    "status": number.status,
                    "created_at": iso(number.created),
                    "updated_at": iso(number.updated),
                    "expired_at": iso(number.expired_at),
                    "errors": number.errors,
                }
                for number in reservation.numbers
            ],
            "status": reservation.status,
            "customer_reference": reservation.customer_reference,
            "created_at": iso(reservation.created),
            "updated_at": iso(reservation.updated),
        }
    )


def _group_status(group: OrderingGroup) -> str:
    order = group.order
    if order is None:
        return group.status
    if order.status == "pending":
        return "pending"
    succeeded = sum(number.status == "success" for number in order.numbers)
    if succeeded == 0:
        return "failed"
    return "success" if succeeded == group.count_requested else "partial_success"


def _inexplicit_json(order: InexplicitOrder) -> dict[str, Any]:
    return _present(
        {
            "id": order.id,
            "customer_reference": order.customer_reference,
            "connection_id": order.connection_id,
            "messaging_profile_id": order.messaging_profile_id,
            "billing_group_id": order.billing_group_id,
            "ordering_groups": [
                _present(
                    {
                        **group.request,
                        "count_requested": group.count_requested,
                        "count_allocated": group.count_allocated,
                        "status": _group_status(group),
                        "error_reason": group.error_reason,
                        "orders": (
                            [
                                {
                                    "number_order_id": group.order.id,
                                    "sub_number_order_ids": [
                                        sub.id for sub in group.order.sub_orders
                                    ],
                                }
                            ]
                            if group.order
                            else []
                        ),
                        "created_at": iso(group.created),
                        "updated_at": iso(group.updated),
                    }
                )
                for group in order.groups
            ],
            "created_at": iso(order.created),
            "updated_at": iso(order.updated),
        }
    )
