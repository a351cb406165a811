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
    newest_first,
    orders_matching,
    reservations_matching,
)
from numbering_async.sandbox.telnyx.idempotency import HEADER, Replays
from numbering_async.sandbox.telnyx.paperwork import PaperworkRoutes
from numbering_async.sandbox.telnyx.records import NumberOrder, Reservation
from numbering_async.sandbox.telnyx.render import (
    block_order_json,
    error_body,
    inexplicit_json,
    order_json,
    page,
    reservation_json,
)
from numbering_async.sandbox.telnyx.requests import (
    block_range,
    e164,
    missing,
    no_duplicates,
    number_items,
    opt_text,
    ordering_group,
    phone_numbers,
    refs,
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


class TelnyxRouter(PaperworkRoutes, ProviderRouter):
    """Routes, validation and rendering of the Telnyx API over a :class:`TelnyxAccount`.

    Writes honour the ``Idempotency-Key`` header (see
    :mod:`~numbering_async.sandbox.telnyx.idempotency`).
    """

    invalid_status = 422
    body_missing = "The request body is required."

    def __init__(
        self, account: TelnyxAccount, clock: Clock, api_key: str | None, *, strict: bool = False
    ) -> None:
        self.account = account
        self.clock = clock
        self.api_key = api_key
        self.replays = Replays()
        super().__init__(self._routes(), strict=strict)

    # -- flow ------------------------------------------------------------------------------

    def dispatch(self, request: SandboxRequest, route: Route, params: Mapping[str, str]) -> Reply:
        """Answer ``request``; a write with an ``Idempotency-Key`` may be a replay."""
        key = request.header(HEADER)
        if key is None or request.method == "GET":
            return super().dispatch(request, route, params)
        now = self.clock.time()
        try:
            self.authenticate(request, None)
            replay = self.replays.lookup(key, request, now)
        except Problem as problem:
            return self.problem_reply(problem)
        if replay is not None:
            return replay
        reply = super().dispatch(request, route, params)
        if 200 <= reply.status < 300:
            self.replays.remember(key, request, reply, now)
        return reply

    def decode_body(self, request: SandboxRequest) -> Any:
        """The JSON object of a POST or PATCH; ``None`` for a GET or a blank body."""
        if request.method == "GET" or not request.body.strip():
            return None
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError):
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
            Route(
                "POST",
                f"{BASE}/number_orders",
                self.create_order,
                body=ORDER_BODY,
                body_required=True,
            ),
            Route("GET", f"{BASE}/number_orders/{{number_order_id}}", self.get_order),
            Route(
                "PATCH",
                f"{BASE}/number_orders/{{number_order_id}}",
                self.update_order,
                body=ORDER_UPDATE_BODY,
                body_required=True,
            ),
            Route("GET", f"{BASE}/number_reservations", self.list_reservations, RESERVATIONS_QUERY),
            Route(
                "POST",
                f"{BASE}/number_reservations",
                self.create_reservation,
                body=RESERVATION_BODY,
                body_required=True,
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
                body_required=True,
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
                body_required=True,
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
                body_required=True,
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
                body_required=True,
            ),
            Route(
                "POST",
                f"{BASE}/number_order_phone_numbers/{{id}}/requirement_group",
                self.group_order_number,
                body=REQUIREMENT_GROUP,
                body_required=True,
            ),
            Route("GET", f"{BASE}/number_block_orders", self.list_block_orders, BLOCK_ORDERS_QUERY),
            Route(
                "POST",
                f"{BASE}/number_block_orders",
                self.create_block_order,
                body=BLOCK_BODY,
                body_required=True,
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
        held = self.account.held
        return self._cached(call, lambda inventory, query: available(inventory, query, held))

    # -- number orders ---------------------------------------------------------------------

    def list_orders(self, call: Call) -> Reply:
        """``GET /number_orders`` with filters, newest first."""
        orders = orders_matching(self.account.orders.values(), call.query)
        return page(orders, call.query, lambda order: order_json(order, detailed=False))

    def create_order(self, call: Call) -> Reply:
        """``POST /number_orders``: a pending order that settles after ``order_delay``."""
        body = call.body
        items = number_items(body)
        fields = refs(body)
        order = self.account.place_order(
            [(phone, bundle) for phone, bundle, _ in items], self.clock.time(), **fields
        )
        for number, (_, _, group) in zip(order.numbers, items, strict=True):
            number.requirement_group_id = group
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
        fields = refs(call.body)
        order = self.account.place_inexplicit(parsed, self.clock.time(), **fields)
        return json_reply(200, {"data": inexplicit_json(order)})

    def get_inexplicit(self, call: Call) -> Reply:
        """``GET /inexplicit_number_orders/{id}`` (the id is a UUID)."""
        order = self.account.inexplicit.get(uuid_param(call, "id"))
        if order is None:
            raise Problem(404, "Inexplicit number order not found.")
        return json_reply(200, {"data": inexplicit_json(order)})

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
