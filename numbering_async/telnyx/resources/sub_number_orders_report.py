"""``/sub_number_orders_report``: CSV reports of sub number orders."""

from __future__ import annotations

from datetime import datetime

from numbering_async._validate import check_country, check_uuid
from numbering_async.telnyx._converter import data_caster
from numbering_async.telnyx._params import (
    check_text,
    compact,
    optional,
    optional_member,
    timestamp,
)
from numbering_async.telnyx.models import OrderStatus, SubNumberOrdersReport
from numbering_async.telnyx.resources._base import Resource, item_path

__all__ = ["SubNumberOrdersReports"]

_PATH = "/sub_number_orders_report"
_REPORT = data_caster(SubNumberOrdersReport)


def _text(payload: object) -> str:
    if not isinstance(payload, str):
        raise TypeError(f"expected CSV text, got {type(payload).__name__}")
    return payload


class SubNumberOrdersReports(Resource):
    """``client.sub_number_orders_report``: request, poll and download order reports."""

    __slots__ = ()

    async def create(
        self,
        *,
        status: OrderStatus | str | None = None,
        country_code: str | None = None,
        created_at_gt: datetime | str | None = None,
        created_at_lt: datetime | str | None = None,
        customer_reference: str | None = None,
        order_request_id: str | None = None,
    ) -> SubNumberOrdersReport:
        """Start a report of the sub number orders matching every filter given.

        The report is built in the background: poll :meth:`retrieve` until its status is
        ``success``, then :meth:`download` it.
        """
        body = compact(
            {
                "status": optional_member("status", status, OrderStatus),
                "country_code": optional(check_country, "country_code", country_code),
                "created_at_gt": optional(timestamp, "created_at_gt", created_at_gt),
                "created_at_lt": optional(timestamp, "created_at_lt", created_at_lt),
                "customer_reference": optional(
                    check_text, "customer_reference", customer_reference
                ),
                "order_request_id": optional(check_uuid, "order_request_id", order_request_id),
            }
        )
        return await self._write("POST", _PATH, _REPORT, body)

    async def retrieve(self, report_id: str) -> SubNumberOrdersReport:
        """A report's status and filters (``report_id`` is a UUID)."""
        return await self._get(item_path(_PATH, check_uuid("report_id", report_id)), _REPORT)

    async def download(self, report_id: str) -> str:
        """A finished report as CSV text (a header line, then one line per sub order)."""
        path = item_path(_PATH, check_uuid("report_id", report_id), "/download")
        return await self._get(path, _text)
