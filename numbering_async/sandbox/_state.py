"""The sandbox's mutable state: one account at each provider, and a clock.

Nothing here knows a wire format. The routers validate requests, call these methods and
render the records they return. Refusals are :class:`~numbering_async.sandbox._routing.Problem`
values that the routers put in their provider's envelope.

Time moves by itself (wall-clock) and by :meth:`Clock.advance`. Pending orders settle,
reports complete and reservations expire lazily, when a request looks at the account
(``settle``), so nothing runs in the background.
"""

from __future__ import annotations

import ipaddress
import math
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from numbering_async.sandbox._dataset import Block, Inventory, block_at, stock_for
from numbering_async.sandbox._routing import Problem

__all__ = [
    "SYSTEM_ROUTES",
    "Clock",
    "Counts",
    "INumberingAccount",
    "Ids",
    "TelnyxAccount",
    "iso",
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
"""The iNumbering routes every account has (the gateways spec lists them)."""

FIRST_GATEWAY_ROUTE = 1000

_HOSTNAME = re.compile(r"(?=.{1,253}$)([A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}")
_PRIVATE = tuple(
    ipaddress.IPv4Network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)


def iso(ts: float) -> str:
    """``2018-01-01T00:00:00.000000Z``, the timestamp format of the Telnyx examples."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Clock:
    """Wall-clock time plus an offset that tests move with :meth:`advance`."""

    def __init__(self) -> None:
        self._offset = 0.0

    def time(self) -> float:
        """Seconds since the epoch, as the sandbox sees them."""
        return time.time() + self._offset

    def now(self) -> datetime:
        """The sandbox's current time as an aware datetime."""
        return datetime.fromtimestamp(self.time(), UTC)

    def advance(self, seconds: float) -> None:
        """Move the sandbox's time forward by ``seconds`` (``ValueError`` if negative, not
        finite, or past what a datetime holds)."""
        if not (seconds >= 0 and math.isfinite(seconds)):
            raise ValueError(f"the clock only moves forward, by finite seconds; got {seconds!r}")
        try:
            datetime.fromtimestamp(self.time() + seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"advancing by {seconds!r} seconds goes past the year 9999") from None
        self._offset += seconds

    def reset(self) -> None:
        """Back to wall-clock time."""
        self._offset = 0.0


class Counts:
    """What the sandbox received: requests per route and orders per customer reference.

    ``requests["POST /v2/number_orders"]`` counts every request to a route (faulted or not);
    unmatched paths count under their raw path. ``orders[provider][reference]`` counts orders
    that took effect, so a test can prove that nothing was ordered twice.
    """

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.orders: dict[str, Counter[str]] = {"telnyx": Counter(), "inumbering": Counter()}

    def route(self, method: str, template: str) -> int:
        """Requests received for ``method`` and a route template such as ``/v2/number_orders``."""
        return self.requests[f"{method.upper()} {template}"]

    def orders_for(self, reference: str, provider: str | None = None) -> int:
        """Orders placed with ``reference`` (at one provider, or at both)."""
        providers = [provider] if provider else list(self.orders)
        return sum(self.orders[name][reference] for name in providers)

    def reset(self) -> None:
        """Forget everything counted."""
        self.requests.clear()
        for counter in self.orders.values():
            counter.clear()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return {
            "requests": dict(self.requests),
            "orders": {name: dict(counter) for name, counter in self.orders.items()},
        }


class Ids:
    """Deterministic UUIDs from the seed, so two runs with one seed hand out the same ids."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"ids:{seed}")

    def __call__(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


# -- Telnyx ----------------------------------------------------------------------------------


@attrs.define(slots=True)
class OrderedNumber:
    """One number of a Telnyx number order or block order (a number order phone number)."""

    id: str
    phone_number: str
    tn: str | None
    """The 10 NANP digits, or ``None`` for a number outside the NANP."""
    held: bool
    """Taken for this order at placement (it will succeed unless cancelled)."""
    order_id: str
    country_code: str
    locality: str | None
    is_block: bool = False
    bundle_id: str | None = None
    sub_order_id: str = ""
    status: str = "pending"
    requirements_status: str = "approved"
    requirements: dict[str, str] = attrs.field(factory=dict)
    """Regulatory requirement values given for it, by requirement id."""
    requirement_group_id: str | None = None


@attrs.define(slots=True)
class SubNumberOrder:
    """The part of a number order (or of a block order) for one country."""

    id: str
    order_id: str
    country_code: str
    numbers: list[OrderedNumber]
    customer_reference: str | None
    created: float
    updated: float
    is_block: bool = False
    status: str = "pending"


@attrs.define(slots=True)
class NumberOrder:
    """A Telnyx number order or block order; settles ``order_delay`` seconds after placement.

    A block order's numbers are its range, from its starting number; ``errors`` says why it
    will fail when it cannot be had.
    """

    id: str
    numbers: list[OrderedNumber]
    sub_orders: list[SubNumberOrder]
    customer_reference: str | None
    connection_id: str | None
    messaging_profile_id: str | None
    billing_group_id: str | None
    created: float
    updated: float
    settle_at: float
    is_block: bool = False
    errors: str | None = None
    status: str = "pending"


@attrs.define(slots=True)
class Report:
    """A sub number orders report: ``pending`` until ``ready_at``, then ``success``.

    ``content`` is the rendered report, taken when it was requested.
    """

    id: str
    filters: dict[str, str]
    content: bytes
    created: float
    updated: float
    ready_at: float
    status: str = "pending"


@attrs.define(slots=True)
class ReservedNumber:
    """One number of a reservation; held until ``expired_at``."""

    id: str
    phone_number: str
    created: float
    updated: float
    expired_at: float
    status: str
    errors: str = ""


@attrs.define(slots=True)
class Reservation:
    """A Telnyx number reservation."""

    id: str
    numbers: list[ReservedNumber]
    customer_reference: str | None
    created: float
    updated: float
    status: str


@attrs.define(slots=True)
class OrderingGroup:
    """One ordering group of an inexplicit order: what was asked and what was allocated."""

    request: dict[str, Any]
    """The group's filters as sent (echoed back in the response)."""
    count_requested: int
    strategy: str
    created: float
    updated: float
    count_allocated: int = 0
    status: str = "pending"
    error_reason: str | None = None
    order: NumberOrder | None = None


@attrs.define(slots=True)
class InexplicitOrder:
    """A Telnyx inexplicit number order: numbers chosen by the service, per ordering group."""

    id: str
    groups: list[OrderingGroup]
    customer_reference: str | None
    connection_id: str | None
    messaging_profile_id: str | None
    billing_group_id: str | None
    created: float
    updated: float


@attrs.frozen(slots=True)
class NumberFilter:
    """Where to look for numbers (the filters of available_phone_numbers and ordering groups).

    As in the Telnyx API, the ``starts_with`` / ``contains`` patterns apply to the 7 digits
    after the area code when ``npa`` is given, and to all 10 digits otherwise.
    """

    country: str = "US"
    state: str | None = None
    locality: str | None = None
    rate_center: str | None = None
    npa: str | None = None
    starts_with: str = ""
    ends_with: str = ""
    contains: str = ""

    def blocks(self, inventory: Inventory) -> tuple[Block, ...]:
        """The stocked blocks that can hold a matching number."""
        npa, nxx = self.npa, None
        prefix = self.starts_with
        if npa is not None:
            nxx = prefix[:3] if len(prefix) >= 3 else None
        elif len(prefix) >= 3:
            npa, nxx = prefix[:3], (prefix[3:6] if len(prefix) >= 6 else None)
        return inventory.stock.select(
            country=self.country,
            npa=npa,
            nxx=nxx,
            state=self.state,
            locality=self.locality,
            rate_center=self.rate_center,
        )

    def search(self, inventory: Inventory, limit: int) -> list[tuple[Block, str]]:
        """Up to ``limit`` available numbers, as ``(block, 10 digits)``."""
        found: list[tuple[Block, str]] = []
        skip = 3 if self.npa is not None else 0
        for block, tn in inventory.numbers(self.blocks(inventory)):
            if len(found) >= limit:
                break
            subject = tn[skip:]
            if (
                subject.startswith(self.starts_with)
                and subject.endswith(self.ends_with)
                and self.contains in subject
            ):
                found.append((block, tn))
        return found


def nanp_digits(phone_number: str) -> str | None:
    """The 10 digits of a ``+1`` E.164 number, or ``None``."""
    if len(phone_number) == 12 and phone_number.startswith("+1") and phone_number[2:].isdigit():
        return phone_number[2:]
    return None


class TelnyxAccount:
    """The sandbox's Telnyx account: inventory, orders, block orders, reservations, reports.

    Block orders buy a range of consecutive numbers in an exchange Telnyx stocks: the listed
    numbers of the range leave the inventory, the unlisted ones are Telnyx's too, and the
    numbers iNumbering stocks there never are, so a range holding one of them fails.
    """

    def __init__(
        self, seed: int, ids: Ids, counts: Counts, *, order_delay: float, reservation_ttl: float
    ) -> None:
        self.inventory = Inventory(stock_for(seed, "telnyx"))
        self._theirs = stock_for(seed, "inumbering")
        self._ids = ids
        self._counts = counts
        self.order_delay = order_delay
        self.reservation_ttl = reservation_ttl
        self.user_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"numbering-sandbox:{seed}"))
        """The account's user id (in sub orders and reports)."""
        self.orders: dict[str, NumberOrder] = {}
        self.block_orders: dict[str, NumberOrder] = {}
        self.sub_orders: dict[str, SubNumberOrder] = {}
        self.numbers: dict[str, OrderedNumber] = {}
        """Every number of every order and block order, by id."""
        self.reservations: dict[str, Reservation] = {}
        self.inexplicit: dict[str, InexplicitOrder] = {}
        self.reports: dict[str, Report] = {}
        self.owned: set[str] = set()
        self._holds: dict[str, ReservedNumber] = {}
        self._unlisted: set[str] = set()
        """Numbers outside the inventory that block orders took."""
        self._pending: list[NumberOrder] = []
        self._next_event = float("inf")

    # -- time ------------------------------------------------------------------------------

    def settle(self, now: float) -> None:
        """Finish orders whose delay has passed, complete reports, release expired holds."""
        if now < self._next_event:
            return
        still: list[NumberOrder] = []
        for order in self._pending:
            if order.settle_at <= now:
                self._finish(order, now)
            else:
                still.append(order)
        self._pending = still
        for report in self.reports.values():
            if report.status == "pending" and report.ready_at <= now:
                report.status = "success"
                report.updated = now
        expired = [tn for tn, held in self._holds.items() if held.expired_at <= now]
        for tn in expired:
            del self._holds[tn]
        if expired:
            self.inventory.release(expired)
        self._schedule()

    def _schedule(self) -> None:
        times = [order.settle_at for order in self._pending]
        times += [held.expired_at for held in self._holds.values()]
        times += [r.ready_at for r in self.reports.values() if r.status == "pending"]
        self._next_event = min(times, default=float("inf"))

    def _finish(self, order: NumberOrder, now: float) -> None:
        for number in order.numbers:
            number.status = "success" if number.held else "failure"
            if number.held and number.tn:
                self.owned.add(number.tn)
        for sub in order.sub_orders:
            sub.status = _overall(number.status for number in sub.numbers)
            sub.updated = now
        order.status = _overall(number.status for number in order.numbers)
        order.updated = now

    # -- writes ----------------------------------------------------------------------------

    def _claim(self, tn: str | None) -> bool:
        """Take ``tn`` for an order: from inventory or from one of our reservations."""
        if tn is None:
            return False
        if self._holds.pop(tn, None) is not None:
            return True
        if self.inventory.is_available(tn):
            self.inventory.take([tn])
            return True
        return False

    def _claimable(self, tn: str) -> bool:
        """Whether a block order can take ``tn`` (see the class docstring)."""
        if tn in self._holds or self.inventory.is_available(tn):
            return True
        listed = self.inventory.stock.holds(tn) or self._theirs.holds(tn)
        return not listed and tn not in self._unlisted

    def _unclaim(self, numbers: Iterable[OrderedNumber]) -> None:
        """Give back what ``numbers`` took (a cancelled sub order)."""
        listed: list[str] = []
        for number in numbers:
            if number.held and number.tn:
                if number.tn in self._unlisted:
                    self._unlisted.discard(number.tn)
                else:
                    listed.append(number.tn)
            number.held = False
        if listed:
            self.inventory.release(listed)

    def place_order(
        self,
        numbers: Sequence[tuple[str, str | None]],
        now: float,
        *,
        customer_reference: str | None = None,
        connection_id: str | None = None,
        messaging_profile_id: str | None = None,
        billing_group_id: str | None = None,
    ) -> NumberOrder:
        """Place an order for ``(phone_number, bundle_id)`` pairs; it settles later.

        Numbers still available (or reserved by this account) are taken at once and will
        succeed; the others will fail.
        """
        claimed = [(phone, bundle, self._claim(nanp_digits(phone))) for phone, bundle in numbers]
        order = self._place(
            claimed,
            now,
            customer_reference=customer_reference,
            connection_id=connection_id,
            messaging_profile_id=messaging_profile_id,
            billing_group_id=billing_group_id,
        )
        self.orders[order.id] = order
        self._count(customer_reference)
        return order

    def place_block(
        self,
        tns: Sequence[str],
        now: float,
        *,
        customer_reference: str | None = None,
        connection_id: str | None = None,
        messaging_profile_id: str | None = None,
    ) -> NumberOrder:
        """Order a block of consecutive 10-digit numbers of one exchange, all or nothing.

        When every number can be had they are taken at once and the order will succeed;
        otherwise nothing is taken and it will fail, ``errors`` saying why.
        """
        errors = None
        if self.inventory.stock.by_key.get(tns[0][:6]) is None:
            errors = f"No numbers are available in the NPA-NXX {tns[0][:3]}-{tns[0][3:6]}"
        else:
            gone = next((tn for tn in tns if not self._claimable(tn)), None)
            if gone is not None:
                errors = f"Number +1{gone} is not available"
        if errors is None:
            listed = [tn for tn in tns if self.inventory.stock.holds(tn)]
            self.inventory.take([tn for tn in listed if self._holds.pop(tn, None) is None])
            self._unlisted.update(tn for tn in tns if not self.inventory.stock.holds(tn))
        order = self._place(
            [(f"+1{tn}", None, errors is None) for tn in tns],
            now,
            is_block=True,
            errors=errors,
            customer_reference=customer_reference,
            connection_id=connection_id,
            messaging_profile_id=messaging_profile_id,
            billing_group_id=None,
        )
        self.block_orders[order.id] = order
        self._count(customer_reference)
        return order

    def _count(self, customer_reference: str | None) -> None:
        if customer_reference is not None:
            self._counts.orders["telnyx"][customer_reference] += 1

    def _place(
        self,
        numbers: Sequence[tuple[str, str | None, bool]],
        now: float,
        *,
        is_block: bool = False,
        errors: str | None = None,
        customer_reference: str | None,
        connection_id: str | None,
        messaging_profile_id: str | None,
        billing_group_id: str | None,
    ) -> NumberOrder:
        """A pending order of ``(phone_number, bundle_id, claimed)``, one sub order a country."""
        order_id = self._ids()
        ordered: list[OrderedNumber] = []
        for phone_number, bundle_id, held in numbers:
            tn = nanp_digits(phone_number)
            block = block_at(tn) if tn else None
            ordered.append(
                OrderedNumber(
                    id=self._ids(),
                    phone_number=phone_number,
                    tn=tn,
                    held=held,
                    order_id=order_id,
                    country_code=block.country if block else "US",
                    locality=block.locality if block else None,
                    is_block=is_block,
                    bundle_id=bundle_id,
                )
            )
        order = NumberOrder(
            id=order_id,
            numbers=ordered,
            sub_orders=[],
            customer_reference=customer_reference,
            connection_id=connection_id,
            messaging_profile_id=messaging_profile_id,
            billing_group_id=billing_group_id,
            created=now,
            updated=now,
            settle_at=now + self.order_delay,
            is_block=is_block,
            errors=errors,
        )
        by_country: dict[str, list[OrderedNumber]] = {}
        for number in ordered:
            by_country.setdefault(number.country_code, []).append(number)
            self.numbers[number.id] = number
        for country, group in by_country.items():
            sub = SubNumberOrder(
                id=self._ids(),
                order_id=order.id,
                country_code=country,
                numbers=group,
                customer_reference=customer_reference,
                created=now,
                updated=now,
                is_block=is_block,
            )
            for number in group:
                number.sub_order_id = sub.id
            order.sub_orders.append(sub)
            self.sub_orders[sub.id] = sub
        self._pending.append(order)
        self._next_event = min(self._next_event, order.settle_at)
        return order

    def cancel(self, sub: SubNumberOrder, now: float) -> SubNumberOrder:
        """Cancel a pending sub order: its numbers go back and fail; a 422 Problem otherwise."""
        if sub.status != "pending":
            raise Problem(
                422, f"Only a pending sub number order can be cancelled; it is {sub.status}."
            )
        self._unclaim(sub.numbers)
        for number in sub.numbers:
            number.status = "failure"
            number.requirements_status = "cancelled"
        sub.status = "failure"
        sub.updated = now
        block = self.block_orders.get(sub.order_id)
        if block is not None:
            block.errors = "The order was cancelled"
        return sub

    def set_requirements(
        self, numbers: Iterable[OrderedNumber], values: Sequence[tuple[str, str]]
    ) -> None:
        """Record regulatory requirement values ``(requirement_id, field_value)`` for numbers."""
        for number in numbers:
            number.requirements.update(values)

    def set_requirement_group(self, numbers: Iterable[OrderedNumber], group_id: str) -> None:
        """Cover the numbers' requirements with a requirement group."""
        for number in numbers:
            number.requirement_group_id = group_id

    def add_report(self, filters: dict[str, str], content: bytes, now: float) -> Report:
        """A report of ``content`` that completes after ``order_delay``."""
        report = Report(
            id=self._ids(),
            filters=filters,
            content=content,
            created=now,
            updated=now,
            ready_at=now + self.order_delay,
        )
        self.reports[report.id] = report
        self._next_event = min(self._next_event, report.ready_at)
        return report

    def reserve(
        self, phone_numbers: Sequence[str], now: float, customer_reference: str | None
    ) -> Reservation:
        """Hold available numbers for ``reservation_ttl`` seconds; others fail at once.

        When none of the numbers is available nothing is created: a 422 Problem.
        """
        tns = [nanp_digits(phone_number) for phone_number in phone_numbers]
        free = [tn is not None and self.inventory.is_available(tn) for tn in tns]
        if not any(free):
            raise Problem(422, "None of the phone numbers is available for reservation.")
        expires = now + self.reservation_ttl
        numbers: list[ReservedNumber] = []
        for phone_number, tn, ok in zip(phone_numbers, tns, free, strict=True):
            number = ReservedNumber(
                id=self._ids(),
                phone_number=phone_number,
                created=now,
                updated=now,
                expired_at=expires,
                status="success" if ok else "failure",
                errors="" if ok else "Number is not available",
            )
            if ok and tn:
                self.inventory.take([tn])
                self._holds[tn] = number
            numbers.append(number)
        reservation = Reservation(
            id=self._ids(),
            numbers=numbers,
            customer_reference=customer_reference,
            created=now,
            updated=now,
            status=_overall(number.status for number in numbers),
        )
        self.reservations[reservation.id] = reservation
        self._schedule()
        return reservation

    def extend(self, reservation: Reservation, now: float) -> Reservation:
        """Push the expiry of every still-held number to ``now + reservation_ttl``."""
        held = [n for n in reservation.numbers if self._holds.get(_tn(n.phone_number)) is n]
        if not held:
            raise Problem(422, "The reservation has expired or its numbers were ordered.")
        for number in held:
            number.expired_at = now + self.reservation_ttl
            number.updated = now
        reservation.updated = now
        self._schedule()
        return reservation

    def place_inexplicit(
        self,
        groups: Sequence[tuple[NumberFilter | None, int, str, dict[str, Any]]],
        now: float,
        *,
        customer_reference: str | None = None,
        connection_id: str | None = None,
        messaging_profile_id: str | None = None,
        billing_group_id: str | None = None,
    ) -> InexplicitOrder:
        """Allocate numbers per ``(filter, count, strategy, request)`` group.

        A ``None`` filter matches nothing (numbers of a kind the sandbox does not stock).

        ``always`` orders whatever is available up to the count; ``never`` orders nothing
        unless the whole count is available. Each group that allocates numbers places one
        number order; the inexplicit order counts once for its reference.
        """
        placed: list[OrderingGroup] = []
        refs: dict[str, Any] = {
            "customer_reference": customer_reference,
            "connection_id": connection_id,
            "messaging_profile_id": messaging_profile_id,
            "billing_group_id": billing_group_id,
        }
        for where, count, strategy, request in groups:
            group = OrderingGroup(
                request=request, count_requested=count, strategy=strategy, created=now, updated=now
            )
            found = where.search(self.inventory, count) if where is not None else []
            if not found or (strategy == "never" and len(found) < count):
                group.status = "failed"
                group.error_reason = (
                    f"Only {len(found)} of {count} numbers are available"
                    if found
                    else "No numbers match the ordering group"
                )
            else:
                group.count_allocated = len(found)
                claimed = [(f"+1{tn}", None, self._claim(tn)) for _, tn in found]
                group.order = self._place(claimed, now, **refs)
                self.orders[group.order.id] = group.order
            placed.append(group)
        order = InexplicitOrder(id=self._ids(), groups=placed, created=now, updated=now, **refs)
        self.inexplicit[order.id] = order
        self._count(customer_reference)
        return order

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


def _tn(phone_number: str) -> str:
    return nanp_digits(phone_number) or ""


def _overall(statuses: Iterable[str]) -> str:
    """``success`` when every part succeeded, ``failure`` when any failed, else ``pending``."""
    seen = set(statuses)
    if "failure" in seen:
        return "failure"
    if seen <= {"success"}:
        return "success"
    return "pending"


# -- iNumbering ------------------------------------------------------------------------------


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

    def __init__(self, seed: int, counts: Counts) -> None:
        self.inventory = Inventory(stock_for(seed, "inumbering"))
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
    if port and not (port.isdigit() and 0 < int(port) < 65536):
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
