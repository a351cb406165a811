"""The Telnyx numbering API (``/v2/...``) in its own wire format.

JSON:API-like ``{"data": ..., "meta": ...}`` envelopes, bracketed query filters, ``page[number]``
/ ``page[size]`` pagination with the real ``meta``, and errors as
``{"errors": [{"code", "title", "detail", "source", "meta": {"url"}}]}`` with Telnyx's published
error codes. Every operation of ``telnyx-numbering.openapi.json`` is served; any other path
under ``/v2`` is a 404. The sub number orders report downloads as ``text/csv``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from numbering_async.sandbox._clock import Clock
from numbering_async.sandbox._dataset import Inventory
from numbering_async.sandbox._routing import Call, Problem, ProviderRouter, Route, key_accepted
from numbering_async.sandbox._wire import Reply, SandboxRequest, json_reply
from numbering_async.sandbox.telnyx.account import TelnyxAccount
from numbering_async.sandbox.telnyx.filters import (
    block_orders_matching,
    matches,
    newest_first,
    orders_matching,
    report_rows,
    reservations_matching,
    sub_orders_matching,
)
from numbering_async.sandbox.telnyx.records import (
    NumberOrder,
    OrderedNumber,
    Report,
    Reservation,
    SubNumberOrder,
)
from numbering_async.sandbox.telnyx.render import (
    CSV_HEADERS,
    block_order_json,
    error_body,
    inexplicit_json,
    number_json,
    one_page,
    order_json,
    page,
    report_csv,
    report_json,
    reservation_json,
    sub_order_json,
)
from numbering_async.sandbox.telnyx.requests import (
    block_range,
    e164,
    missing,
    no_duplicates,
    opt_text,
    ordering_group,
    phone_numbers,
    refs,
    report_filters,
    requirement_group,
    requirement_values,
    uuid_param,
)
from numbering_async.sandbox.telnyx.schema import (
    AVAILABLE_QUERY,
    BLOCK_BODY,
    BLOCK_FIELDS,
    BLOCK_ORDERS_QUERY,
    COVERAGE_QUERY,
    INEXPLICIT_BODY,
    INEXPLICIT_QUERY,
    ORDER_BODY,
    ORDER_NUMBERS_QUERY,
    ORDER_UPDATE_BODY,
    ORDERS_QUERY,
    REPORT_FILTERS,
    REQUIREMENT_GROUP,
    REQUIREMENT_VALUES,
    RESERVATION_BODY,
    RESERVATIONS_QUERY,
    SUB_ORDER_QUERY,
    SUB_ORDERS_QUERY,
)
from numbering_async.sandbox.telnyx.search import available, coverage

__all__ = ["BASE", "TelnyxRouter"]

BASE = "/v2"

_AUTH_DETAIL = (
    "The required authentication headers were either invalid or not included in the request."
)


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
        return [
            Route("GET", f"{BASE}/inventory_coverage", self.inventory_coverage, COVERAGE_QUERY),
            Route(
                "GET", f"{BASE}/available_phone_numbers", self.available_numbers, AVAILABLE_QUERY
            ),
            Route("GET", f"{BASE}/number_orders", self.list_orders, ORDERS_QUERY),
            Route("POST", f"{BASE}/number_orders", self.create_order, body=ORDER_BODY),
            Route("GET", f"{BASE}/number_orders/{{number_order_id}}", self.get_order),
            Route(
                "PATCH",
                f"{BASE}/number_orders/{{number_order_id}}",
                self.update_order,
                body=ORDER_UPDATE_BODY,
            ),
            Route("GET", f"{BASE}/number_reservations", self.list_reservations, RESERVATIONS_QUERY),
            Route(
                "POST",
                f"{BASE}/number_reservations",
                self.create_reservation,
                body=RESERVATION_BODY,
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
                INEXPLICIT_QUERY,
            ),
            Route(
                "POST",
                f"{BASE}/inexplicit_number_orders",
                self.create_inexplicit,
                body=INEXPLICIT_BODY,
            ),
            Route("GET", f"{BASE}/inexplicit_number_orders/{{id}}", self.get_inexplicit),
            Route("GET", f"{BASE}/sub_number_orders", self.list_sub_orders, SUB_ORDERS_QUERY),
            Route(
                "GET",
                f"{BASE}/sub_number_orders/{{sub_number_order_id}}",
                self.get_sub_order,
                SUB_ORDER_QUERY,
            ),
            Route(
                "PATCH",
                f"{BASE}/sub_number_orders/{{sub_number_order_id}}",
                self.update_sub_order,
                body=REQUIREMENT_VALUES,
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
                body=REQUIREMENT_GROUP,
            ),
            Route(
                "POST",
                f"{BASE}/sub_number_orders_report",
                self.create_report,
                body=frozenset(REPORT_FILTERS),
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
                ORDER_NUMBERS_QUERY,
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
                body=REQUIREMENT_VALUES,
            ),
            Route(
                "POST",
                f"{BASE}/number_order_phone_numbers/{{id}}/requirement_group",
                self.group_order_number,
                body=REQUIREMENT_GROUP,
            ),
            Route("GET", f"{BASE}/number_block_orders", self.list_block_orders, BLOCK_ORDERS_QUERY),
            Route(
                "POST",
                f"{BASE}/number_block_orders",
                self.create_block_order,
                body=BLOCK_BODY,
            ),
            Route(
                "GET",
                f"{BASE}/number_block_orders/{{number_block_order_id}}",
                self.get_block_order,
            ),
        ]

    # -- coverage and search ---------------------------------------------------------------

    def _cached(self, call: Call, search: Callable[[Inventory, Mapping[str, Any]], Reply]) -> Reply:
        """Answers that depend only on the query and the inventory."""
        key = (call.request.path, tuple(sorted(call.request.query)))
        inventory = self.account.inventory
        return self.cached(key, inventory.version, lambda: search(inventory, call.query))

    def inventory_coverage(self, call: Call) -> Reply:
        """``GET /inventory_coverage``: counts grouped by locality or NPA."""
        return self._cached(call, coverage)

    def available_numbers(self, call: Call) -> Reply:
        """``GET /available_phone_numbers``: numbers matching every filter, up to the limit."""
        return self._cached(call, available)

    # -- number orders ---------------------------------------------------------------------

    def list_orders(self, call: Call) -> Reply:
        """``GET /number_orders`` with filters, newest first."""
        orders = orders_matching(self.account.orders.values(), call.query)
        return page(orders, call.query, lambda order: order_json(order, detailed=False))

    def create_order(self, call: Call) -> Reply:
        """``POST /number_orders``: a pending order that settles after ``order_delay``."""
        body = call.body
        items = phone_numbers(body)
        numbers = [(e164(item, i), opt_text(item, "bundle_id")) for i, item in enumerate(items)]
        no_duplicates([phone for phone, _ in numbers])
        order = self.account.place_order(numbers, self.clock.time(), **refs(body))
        return json_reply(200, {"data": order_json(order, detailed=True)})

    def _order(self, call: Call) -> NumberOrder:
        order = self.account.orders.get(call.params["number_order_id"])
        if order is None:
            raise Problem(404, "Number order not found.")
        return order

    def get_order(self, call: Call) -> Reply:
        """``GET /number_orders/{id}``."""
        return json_reply(200, {"data": order_json(self._order(call), detailed=True)})

    def update_order(self, call: Call) -> Reply:
        """``PATCH /number_orders/{id}``: the customer reference, requirement values."""
        order = self._order(call)
        reference = opt_text(call.body, "customer_reference")
        values = requirement_values(call.body)
        if reference is not None:
            order.customer_reference = reference
            for sub in order.sub_orders:
                sub.customer_reference = reference
        self.account.set_requirements(order.numbers, values)
        order.updated = self.clock.time()
        return json_reply(200, {"data": order_json(order, detailed=True)})

    # -- reservations ----------------------------------------------------------------------

    def list_reservations(self, call: Call) -> Reply:
        """``GET /number_reservations`` with filters, newest first."""
        reservations = reservations_matching(self.account.reservations.values(), call.query)
        return page(reservations, call.query, reservation_json)

    def create_reservation(self, call: Call) -> Reply:
        """``POST /number_reservations``: hold numbers until ``expired_at``."""
        items = phone_numbers(call.body)
        phones = [e164(item, i) for i, item in enumerate(items)]
        no_duplicates(phones)
        reservation = self.account.reserve(
            phones, self.clock.time(), opt_text(call.body, "customer_reference")
        )
        return json_reply(200, {"data": reservation_json(reservation)})

    def _reservation(self, call: Call) -> Reservation:
        reservation = self.account.reservations.get(call.params["number_reservation_id"])
        if reservation is None:
            raise Problem(404, "Number reservation not found.")
        return reservation

    def get_reservation(self, call: Call) -> Reply:
        """``GET /number_reservations/{id}``."""
        return json_reply(200, {"data": reservation_json(self._reservation(call))})

    def extend_reservation(self, call: Call) -> Reply:
        """``POST /number_reservations/{id}/actions/extend``: a fresh TTL from now."""
        reservation = self.account.extend(self._reservation(call), self.clock.time())
        return json_reply(200, {"data": reservation_json(reservation)})

    # -- inexplicit orders -----------------------------------------------------------------

    def list_inexplicit(self, call: Call) -> Reply:
        """``GET /inexplicit_number_orders`` (flat ``page_number`` / ``page_size``)."""
        orders = newest_first(self.account.inexplicit.values())
        return page(orders, call.query, inexplicit_json, flat=True)

    def create_inexplicit(self, call: Call) -> Reply:
        """``POST /inexplicit_number_orders``: allocate by ordering group and strategy."""
        groups = call.body.get("ordering_groups")
        if not isinstance(groups, list) or not groups:
            raise missing("ordering_groups")
        parsed = [ordering_group(group, i) for i, group in enumerate(groups)]
        order = self.account.place_inexplicit(parsed, self.clock.time(), **refs(call.body))
        return json_reply(200, {"data": inexplicit_json(order)})

    def get_inexplicit(self, call: Call) -> Reply:
        """``GET /inexplicit_number_orders/{id}`` (the id is a UUID)."""
        order = self.account.inexplicit.get(uuid_param(call, "id"))
        if order is None:
            raise Problem(404, "Inexplicit number order not found.")
        return json_reply(200, {"data": inexplicit_json(order)})

    # -- sub-number orders ---------------------------------------------------------------

    def list_sub_orders(self, call: Call) -> Reply:
        """``GET /sub_number_orders`` (one page: the spec declares no paging)."""
        subs = sub_orders_matching(self.account.sub_orders.values(), call.query)
        return one_page([self._sub_order_json(sub) for sub in subs])

    def _sub_order(self, call: Call, name: str = "sub_number_order_id") -> SubNumberOrder:
        sub = self.account.sub_orders.get(call.params[name])
        if sub is None:
            raise Problem(404, "Sub number order not found.")
        return sub

    def _sub_order_json(self, sub: SubNumberOrder, *, with_numbers: bool = False) -> dict[str, Any]:
        return sub_order_json(sub, self.account.user_id, with_numbers=with_numbers)

    def get_sub_order(self, call: Call) -> Reply:
        """``GET /sub_number_orders/{id}``, with its first 50 numbers on request."""
        include = call.query.get("filter[include_phone_numbers]", False)
        sub = self._sub_order(call)
        return json_reply(200, {"data": self._sub_order_json(sub, with_numbers=include)})

    def update_sub_order(self, call: Call) -> Reply:
        """``PATCH /sub_number_orders/{id}``: requirement values for each of its numbers."""
        sub = self._sub_order(call)
        self.account.set_requirements(sub.numbers, requirement_values(call.body))
        sub.updated = self.clock.time()
        return json_reply(200, {"data": self._sub_order_json(sub)})

    def cancel_sub_order(self, call: Call) -> Reply:
        """``PATCH /sub_number_orders/{id}/cancel``: a pending sub order, its numbers freed."""
        sub = self.account.cancel(self._sub_order(call), self.clock.time())
        return json_reply(200, {"data": self._sub_order_json(sub)})

    def group_sub_order(self, call: Call) -> Reply:
        """``POST /sub_number_orders/{id}/requirement_group`` (both ids are UUIDs)."""
        uuid_param(call, "id")
        sub = self._sub_order(call, "id")
        self.account.set_requirement_group(sub.numbers, requirement_group(call.body))
        sub.updated = self.clock.time()
        return json_reply(200, {"data": self._sub_order_json(sub, with_numbers=True)})

    # -- sub-number order reports ----------------------------------------------------------

    def create_report(self, call: Call) -> Reply:
        """``POST /sub_number_orders_report``: 202, the CSV ready after ``order_delay``."""
        filters = report_filters(call.body)
        subs = report_rows(self.account.sub_orders.values(), filters)
        content = report_csv(subs, self.account.user_id)
        report = self.account.add_report(filters, content, self.clock.time())
        return json_reply(202, {"data": report_json(report, self.account.user_id)})

    def _report(self, call: Call) -> Report:
        report = self.account.reports.get(uuid_param(call, "report_id"))
        if report is None:
            raise Problem(404, "Sub number orders report not found.")
        return report

    def get_report(self, call: Call) -> Reply:
        """``GET /sub_number_orders_report/{report_id}``."""
        return json_reply(200, {"data": report_json(self._report(call), self.account.user_id)})

    def download_report(self, call: Call) -> Reply:
        """``GET /sub_number_orders_report/{report_id}/download``: CSV once it is ``success``."""
        report = self._report(call)
        if report.status != "success":
            raise Problem(422, f"The report is not ready: its status is {report.status}.")
        return Reply(200, CSV_HEADERS, report.content)

    # -- number order phone numbers --------------------------------------------------------

    def list_order_numbers(self, call: Call) -> Reply:
        """``GET /number_order_phone_numbers``: newest order first (one page, no paging)."""
        country = call.query.get("filter[country_code]")
        by_order: dict[str, list[OrderedNumber]] = {}
        for number in self.account.numbers.values():
            if matches(country, number.country_code):
                by_order.setdefault(number.order_id, []).append(number)
        return one_page(
            [number_json(n, full=True) for group in reversed(by_order.values()) for n in group]
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
        return json_reply(200, {"data": number_json(self._order_number(call), full=True)})

    def update_order_number(self, call: Call) -> Reply:
        """``PATCH /number_order_phone_numbers/{id}``: its requirement values."""
        number = self._order_number(call)
        self.account.set_requirements([number], requirement_values(call.body))
        return json_reply(200, {"data": number_json(number, full=True)})

    def group_order_number(self, call: Call) -> Reply:
        """``POST /number_order_phone_numbers/{id}/requirement_group`` (both ids are UUIDs)."""
        uuid_param(call, "id")
        number = self._order_number(call, "id")
        self.account.set_requirement_group([number], requirement_group(call.body))
        return json_reply(200, {"data": number_json(number, full=True)})

    # -- number block orders ---------------------------------------------------------------

    def list_block_orders(self, call: Call) -> Reply:
        """``GET /number_block_orders`` with filters, newest first."""
        orders = block_orders_matching(self.account.block_orders.values(), call.query)
        return page(orders, call.query, block_order_json)

    def create_block_order(self, call: Call) -> Reply:
        """``POST /number_block_orders``: ``range`` numbers from ``starting_number``, pending."""
        body = call.body
        tns = block_range(body)
        fields = {name: opt_text(body, name) for name in BLOCK_FIELDS}
        order = self.account.place_block(tns, self.clock.time(), **fields)
        return json_reply(200, {"data": block_order_json(order)})

    def get_block_order(self, call: Call) -> Reply:
        """``GET /number_block_orders/{id}``."""
        order = self.account.block_orders.get(call.params["number_block_order_id"])
        if order is None:
            raise Problem(404, "Number block order not found.")
        return json_reply(200, {"data": block_order_json(order)})
