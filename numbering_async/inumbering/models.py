"""The iNumbering models: one clean type per concept, whatever the wire sends.

A tn is always a 10-digit string (``"2015551234"``), a LATA and a gateway route an ``int``,
an order id a ``str``; the converter accepts the other wire form of each.
"""

from __future__ import annotations

import attrs

from numbering_async._enums import OpenStrEnum
from numbering_async.inumbering._converter import tn_from_wire, wire

__all__ = [
    "SYSTEM_ROUTES",
    "CountBy",
    "Gateway",
    "OrderReceipt",
    "TnCoverageRow",
    "TnInventoryNumber",
    "TnOrderItem",
]

SYSTEM_ROUTES = {
    1: "USER",
    2: "T30",
    3: "VOICE_BRIDGE",
    4: "DID",
    5: "T38",
    6: "RTC_BRIDGE",
    8: "SDN",
}
"""The system routes every account has (route id -> name), as the gateways spec lists them."""


class CountBy(OpenStrEnum):
    """How ``tn_inventory_coverage`` aggregates its counts."""

    STATE = "state"
    RATE_CENTER = "rateCenter"
    NPA_NXX = "npaNxx"
    BLOCK = "block"
    """The thousands block: the seventh digit of the number."""


@attrs.frozen(slots=True)
class TnInventoryNumber:
    """One available number from ``tn_inventory``."""

    tn: str = attrs.field(metadata=wire("telephoneNumber", load=tn_from_wire))
    """10 digits, such as ``"2015551234"``."""
    rate_center: str | None = None
    city: str | None = None
    lata: int | None = None
    province: str | None = None
    """Two-letter state or province."""

    @property
    def e164(self) -> str:
        """The number in E.164 (``+12015551234``)."""
        return f"+1{self.tn}"


@attrs.frozen(slots=True)
class TnCoverageRow:
    """One row of ``tn_inventory_coverage``: how many numbers are in stock there.

    Which fields are set depends on ``count_by``: ``npaNxx`` rows carry npa, nxx, LATA, rate
    center and state; ``state`` rows the state; ``rateCenter`` rows the rate center. The spec
    does not describe ``block`` rows; ``block`` (the thousands digit), ``line_from`` and
    ``line_to`` take the LERG names in camelCase and stay ``None`` when the API sends none.
    """

    count: int
    npa: str | None = None
    nxx: str | None = None
    lata: int | None = None
    rc_abbre: str | None = None
    """Rate center abbreviation, such as ``HACKENSACK``."""
    loc_state: str | None = None
    """Two-letter state or province."""
    block: str | None = None
    line_from: str | None = None
    line_to: str | None = None


@attrs.frozen(slots=True)
class TnOrderItem:
    """A number to order, optionally routed to a gateway (a route id from ``gateways()``)."""

    tn: str = attrs.field(metadata=wire(dump=int))
    """10 digits; sent as the integer the ``tnOrder`` schema asks for."""
    route: int | None = None


@attrs.frozen(slots=True)
class OrderReceipt:
    """What ``tn_order`` and ``tn_messaging_campaign`` return.

    ``order_id`` is iNumbering's timestamp-based order reference (not the network order id);
    ``customer_order_reference`` is the reference the order was sent with, given or generated.
    """

    order_id: str
    customer_order_reference: str


@attrs.frozen(slots=True)
class Gateway:
    """A route and the gateway it sends calls to (``host[:port]`` or a system route name)."""

    route: int
    gateway: str

    @property
    def is_system(self) -> bool:
        """Whether this is one of the built-in :data:`SYSTEM_ROUTES`."""
        return self.route in SYSTEM_ROUTES
