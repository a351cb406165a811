"""The sandbox's Telnyx account: inventory, orders, block orders, reservations, reports.

Nothing here knows a wire format. The router validates requests, calls these methods and
renders the records they return. Refusals are :class:`~numbering_async.sandbox._routing.Problem`
values that the router puts in the Telnyx error envelope.

Pending orders settle, reports complete and reservations expire lazily, when a request looks
at the account (:meth:`TelnyxAccount.settle`), so nothing runs in the background.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from numbering_async.sandbox._counts import Counts
from numbering_async.sandbox._dataset import Inventory, block_at, stock_for
from numbering_async.sandbox._routing import Problem
from numbering_async.sandbox.telnyx.records import (
    Ids,
    InexplicitOrder,
    NumberFilter,
    NumberOrder,
    OrderedNumber,
    OrderingGroup,
    Report,
    Reservation,
    ReservedNumber,
    SubNumberOrder,
    nanp_digits,
)
from numbering_async.sandbox.telnyx.summary import AccountSummary

__all__ = ["TelnyxAccount"]


class TelnyxAccount(AccountSummary):
    """The sandbox's Telnyx account: inventory, orders, block orders, reservations, reports.

    Block orders buy a range of consecutive numbers in an exchange Telnyx stocks: the listed
    numbers of the range leave the inventory, the unlisted ones are Telnyx's too, and the
    numbers iNumbering stocks there never are, so a range holding one of them fails.
    """

    def __init__(
        self,
        seed: int,
        ids: Ids,
        counts: Counts,
        *,
        order_delay: float,
        reservation_ttl: float,
        day: Callable[[], int] | None = None,
    ) -> None:
        self.inventory = Inventory(stock_for(seed, "telnyx"), day)
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

    @property
    def held(self) -> frozenset[str]:
        """The 10-digit numbers this account's reservations hold now."""
        return frozenset(self._holds)

    # -- writes ----------------------------------------------------------------------------

    def _free(self, tn: str | None) -> bool:
        """Whether an order can take ``tn``: in the inventory or held by our reservations."""
        return tn is not None and (tn in self._holds or self.inventory.is_available(tn))

    def _claim(self, tns: Iterable[str]) -> None:
        """Take free numbers for an order (the last step of a write: nothing can fail after)."""
        self.inventory.take([tn for tn in tns if self._holds.pop(tn, None) is None])

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
        tns = [nanp_digits(phone) for phone, _ in numbers]
        free = [self._free(tn) for tn in tns]
        order = self._place(
            [(phone, bundle, ok) for (phone, bundle), ok in zip(numbers, free, strict=True)],
            now,
            customer_reference=customer_reference,
            connection_id=connection_id,
            messaging_profile_id=messaging_profile_id,
            billing_group_id=billing_group_id,
        )
        self.orders[order.id] = order
        self._claim(tn for tn, ok in zip(tns, free, strict=True) if tn and ok)
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
        if errors is None:
            self._claim(tn for tn in tns if self.inventory.stock.holds(tn))
            self._unlisted.update(tn for tn in tns if not self.inventory.stock.holds(tn))
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
        number order; the inexplicit order counts once for its reference. Every group's numbers
        are found before anything is taken, so a failure on the way leaves nothing behind.
        """
        refs: dict[str, Any] = {
            "customer_reference": customer_reference,
            "connection_id": connection_id,
            "messaging_profile_id": messaging_profile_id,
            "billing_group_id": billing_group_id,
        }
        picked: set[str] = set()
        plan: list[tuple[OrderingGroup, list[str]]] = []
        for where, count, strategy, request in groups:
            group = OrderingGroup(
                request=request, count_requested=count, strategy=strategy, created=now, updated=now
            )
            found: list[str] = []
            if where is not None:
                hits = where.search(self.inventory, count, held=self._holds, taken=picked)
                found = [tn for _, tn in hits]
            if not found or (strategy == "never" and len(found) < count):
                group.status = "failed"
                group.error_reason = (
                    f"Only {len(found)} of {count} numbers are available"
                    if found
                    else "No numbers match the ordering group"
                )
                found = []
            picked.update(found)
            plan.append((group, found))
        for group, found in plan:
            if found:
                group.count_allocated = len(found)
                group.order = self._place([(f"+1{tn}", None, True) for tn in found], now, **refs)
                self.orders[group.order.id] = group.order
                self._claim(found)
        placed = [group for group, _ in plan]
        order = InexplicitOrder(id=self._ids(), groups=placed, created=now, updated=now, **refs)
        self.inexplicit[order.id] = order
        self._count(customer_reference)
        return order


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
