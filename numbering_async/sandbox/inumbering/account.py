"""The sandbox's iNumbering account: inventory, orders, brands, campaigns, gateways.

Nothing here knows a wire format; refusals are
:class:`~numbering_async.sandbox._routing.Problem` values that the router puts in the
iNumbering error body.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from numbering_async.sandbox._counts import Counts
from numbering_async.sandbox._dataset import Inventory, stock_for
from numbering_async.sandbox._routing import Problem

__all__ = ["SYSTEM_ROUTES", "INumberingAccount", "is_routable"]

SYSTEM_ROUTES = {
    1: "USER",
    2: "T30",
    3: "VOICE_BRIDGE",
    4: "DID",
    5: "T38",
    6: "RTC_BRIDGE",
    8: "SDN",
}
"""The iNumbering routes every account has (the gateways spec lists them)."""

FIRST_GATEWAY_ROUTE = 1000

_PORT = re.compile(r"[0-9]{1,5}")
_HOSTNAME = re.compile(r"(?=.{1,253}$)([A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}")
_PRIVATE = tuple(
    ipaddress.IPv4Network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)


@attrs.define(slots=True)
class TnOrder:
    """An iNumbering ``tnOrder``: numbers bought at once."""

    order_id: str
    reference: str
    tns: list[str]
    created: float


@attrs.define(slots=True)
class Brand:
    """A registered messaging brand."""

    brand_id: str
    name: str
    description: str


@attrs.define(slots=True)
class Campaign:
    """A registered messaging campaign of a brand."""

    campaign_id: str
    brand_id: str
    description: str


class INumberingAccount:
    """The sandbox's iNumbering account: inventory, orders, brands, campaigns, gateways."""

    def __init__(self, seed: int, counts: Counts, day: Callable[[], int] | None = None) -> None:
        self.inventory = Inventory(stock_for(seed, "inumbering"), day)
        self._counts = counts
        self.owned: dict[str, int | None] = {}
        """Numbers bought, with the route each one points at."""
        self.orders: list[TnOrder] = []
        self.brands: dict[str, Brand] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.assignments: dict[str, str] = {}
        """Number -> campaign id."""
        self.gateways: dict[int, str] = {}
        """User gateways by route id (system routes are in :data:`SYSTEM_ROUTES`)."""
        self._last_order_id = 0

    def _order_id(self, now: float) -> int:
        """Timestamp-based and strictly increasing, like the service's ``orderId``."""
        self._last_order_id = max(int(now), self._last_order_id + 1)
        return self._last_order_id

    def route_exists(self, route: int) -> bool:
        """Whether ``route`` is a system route or one of the account's gateways."""
        return route in SYSTEM_ROUTES or route in self.gateways

    def order(self, items: Sequence[tuple[str, int | None]], reference: str, now: float) -> TnOrder:
        """Buy ``(tn, route)`` items all-or-nothing; a 409 Problem names what is wrong."""
        for tn, route in items:
            if route is not None and not self.route_exists(route):
                raise Problem(409, f"Invalid route {route}: not in the gateways list")
            if not self.inventory.is_available(tn):
                raise Problem(409, f"TN {tn} is not available")
        tns = [tn for tn, _ in items]
        self.inventory.take(tns)
        self.owned.update(items)
        order = TnOrder(str(self._order_id(now)), reference, tns, now)
        self.orders.append(order)
        self._counts.orders["inumbering"][reference] += 1
        return order

    def add_brand(self, brand_id: str, name: str, description: str) -> None:
        """Register a brand; a taken name is the service's 470, a taken id a 409."""
        if any(brand.name.casefold() == name.casefold() for brand in self.brands.values()):
            raise Problem(470, "Brand Name already exists")
        if brand_id in self.brands:
            raise Problem(409, f"Invalid Input Parameters | messagingBrandId {brand_id} exists")
        self.brands[brand_id] = Brand(brand_id, name, description)

    def add_campaign(self, campaign_id: str, brand_id: str, description: str) -> None:
        """Register a campaign of an existing brand."""
        if brand_id not in self.brands:
            raise Problem(430, f"No Result Found: messagingBrandId {brand_id}")
        if campaign_id in self.campaigns:
            raise Problem(
                409, f"Invalid Input Parameters | externalCampaignId {campaign_id} exists"
            )
        self.campaigns[campaign_id] = Campaign(campaign_id, brand_id, description)

    def assign_campaign(self, items: Sequence[tuple[str, str]], reference: str, now: float) -> int:
        """Point owned numbers at existing campaigns, all-or-nothing; returns the order id."""
        for tn, campaign_id in items:
            if tn not in self.owned:
                raise Problem(409, f"Invalid TN Submitted: {tn} is not on this account")
            if campaign_id not in self.campaigns:
                raise Problem(409, f"Invalid Input Parameters: campaign {campaign_id} not found")
        self.assignments.update(items)
        self._counts.orders["inumbering"][reference] += 1
        return self._order_id(now)

    def add_gateways(self, gateways: Sequence[str]) -> tuple[list[str], list[str]]:
        """Add gateways (valid, not yet present); returns ``(added, failed)``."""
        added: list[str] = []
        failed: list[str] = []
        for gateway in gateways:
            if not is_routable(gateway) or gateway in self.gateways.values():
                failed.append(gateway)
                continue
            route = max(self.gateways, default=FIRST_GATEWAY_ROUTE - 1) + 1
            self.gateways[route] = gateway
            added.append(gateway)
        return added, failed

    def update_gateways(
        self, updates: Sequence[tuple[int, str]]
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
        """Change gateways' addresses; returns ``(updated, failed with a reason)``."""
        done: list[tuple[int, str]] = []
        failed: list[tuple[int, str, str]] = []
        for route, gateway in updates:
            if route not in self.gateways:
                failed.append((route, gateway, "Invalid number or route"))
            elif not is_routable(gateway):
                reason = "Gateway should be a routable IP or Hostname and optional port"
                failed.append((route, gateway, reason))
            else:
                self.gateways[route] = gateway
                done.append((route, gateway))
        return done, failed

    def remove_gateways(self, routes: Sequence[int]) -> tuple[list[int], list[int]]:
        """Remove gateways no number routes to; returns ``(removed, failed)``."""
        in_use = set(self.owned.values())
        removed: list[int] = []
        failed: list[int] = []
        for route in routes:
            if route in self.gateways and route not in in_use:
                del self.gateways[route]
                removed.append(route)
            else:
                failed.append(route)
        return removed, failed

    def dump(self) -> dict[str, Any]:
        """A summary of the account for debugging."""
        return {
            "available": self.inventory.remaining,
            "owned": dict(sorted(self.owned.items())),
            "orders": [
                {"orderId": order.order_id, "reference": order.reference, "tns": order.tns}
                for order in self.orders
            ],
            "brands": sorted(self.brands),
            "campaigns": {cid: c.brand_id for cid, c in sorted(self.campaigns.items())},
            "assignments": dict(sorted(self.assignments.items())),
            "gateways": {str(route): gateway for route, gateway in sorted(self.gateways.items())},
        }


def is_routable(gateway: str) -> bool:
    """A public IPv4 address or a host name, with an optional port.

    Private, loopback, link-local, multicast and unspecified addresses are refused; the
    documentation ranges the spec's examples use (203.0.113.0/24 ...) are accepted.
    """
    host, _, port = gateway.partition(":")
    if port and not (_PORT.fullmatch(port) and 0 < int(port) < 65536):
        return False
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        return bool(_HOSTNAME.fullmatch(host))
    return not (
        address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or any(address in network for network in _PRIVATE)
    )
