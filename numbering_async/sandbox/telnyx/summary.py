"""The sandbox's Telnyx account as JSON-ready data, for debugging (the admin route's state).

:class:`AccountSummary` is a mixin of
:class:`~numbering_async.sandbox.telnyx.account.TelnyxAccount`: it reads the account's records
and changes nothing.
"""

from __future__ import annotations

from typing import Any

from numbering_async.sandbox._dataset import Inventory
from numbering_async.sandbox.telnyx.records import (
    InexplicitOrder,
    NumberOrder,
    OrderedNumber,
    Report,
    Reservation,
    ReservedNumber,
)

__all__ = ["AccountSummary"]


class AccountSummary:
    """:meth:`dump` of the account whose attributes these are (declared here, set by it)."""

    inventory: Inventory
    owned: set[str]
    orders: dict[str, NumberOrder]
    block_orders: dict[str, NumberOrder]
    numbers: dict[str, OrderedNumber]
    reservations: dict[str, Reservation]
    inexplicit: dict[str, InexplicitOrder]
    reports: dict[str, Report]
    _holds: dict[str, ReservedNumber]

    def dump(self) -> dict[str, Any]:
        """A summary of the account for debugging."""
        return {
            "available": self.inventory.remaining,
            "owned": sorted(self.owned),
            "held": sorted(self._holds),
            "orders": [
                {
                    "id": order.id,
                    "status": order.status,
                    "customer_reference": order.customer_reference,
                    "phone_numbers": [number.phone_number for number in order.numbers],
                }
                for order in self.orders.values()
            ],
            "reservations": [
                {
                    "id": reservation.id,
                    "status": reservation.status,
                    "phone_numbers": [number.phone_number for number in reservation.numbers],
                }
                for reservation in self.reservations.values()
            ],
            "inexplicit_orders": [order.id for order in self.inexplicit.values()],
            "block_orders": [
                {
                    "id": order.id,
                    "status": order.status,
                    "customer_reference": order.customer_reference,
                    "starting_number": order.numbers[0].phone_number,
                    "range": len(order.numbers),
                }
                for order in self.block_orders.values()
            ],
            "reports": [{"id": r.id, "status": r.status} for r in self.reports.values()],
            "requirement_groups": {
                number.phone_number: number.requirement_group_id
                for number in self.numbers.values()
                if number.requirement_group_id is not None
            },
        }
