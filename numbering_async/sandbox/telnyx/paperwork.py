"""The Telnyx paperwork routes: sub number orders, their reports, and ordered numbers.

Regulatory requirement values and groups are recorded on the numbers of an order; the routes
here list, update and cancel those parts of orders. :class:`PaperworkRoutes` is a mixin of
:class:`~numbering_async.sandbox.telnyx.routes.TelnyxRouter`.
"""

from __future__ import annotations

from typing import Any

from numbering_async.sandbox._clock import Clock
from numbering_async.sandbox._routing import Call, Problem
from numbering_async.sandbox._wire import Reply, json_reply
from numbering_async.sandbox.telnyx.account import TelnyxAccount
from numbering_async.sandbox.telnyx.filters import matches, report_rows, sub_orders_matching
from numbering_async.sandbox.telnyx.records import OrderedNumber, Report, SubNumberOrder
from numbering_async.sandbox.telnyx.render import (
    CSV_HEADERS,
    number_json,
    one_page,
    report_csv,
    report_json,
    sub_order_json,
)
from numbering_async.sandbox.telnyx.requests import (
    report_filters,
    requirement_group,
    requirement_values,
    uuid_param,
)

__all__ = ["PaperworkRoutes"]


class PaperworkRoutes:
    """Handlers of the sub number order, report and order phone number routes."""

    account: TelnyxAccount
    clock: Clock

    # -- sub-number orders ---------------------------------------------------------------

    def list_sub_orders(self, call: Call) -> Reply:
        """``GET /sub_number_orders`` (one page: the spec declares no paging).

        ``filter[include_phone_numbers]=true`` adds each sub order's first 50 numbers, as on
        ``GET /sub_number_orders/{id}`` (the official SDK offers it; the spec copy predates it).
        """
        include = call.query.get("filter[include_phone_numbers]", False)
        subs = sub_orders_matching(self.account.sub_orders.values(), call.query)
        return one_page([self._sub_order_json(sub, with_numbers=include) for sub in subs])

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
