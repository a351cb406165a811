"""The records of the sandbox's Telnyx account: orders, numbers, reservations, reports.

Plain mutable attrs classes; :class:`~numbering_async.sandbox.telnyx.account.TelnyxAccount`
creates and changes them, :mod:`~numbering_async.sandbox.telnyx.render` shows them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Collection
from typing import Any

import attrs

from numbering_async.sandbox._dataset import Block, Inventory

__all__ = [
    "Ids",
    "InexplicitOrder",
    "NumberFilter",
    "NumberOrder",
    "OrderedNumber",
    "OrderingGroup",
    "Report",
    "Reservation",
    "ReservedNumber",
    "SubNumberOrder",
    "nanp_digits",
]


class Ids:
    """Deterministic UUIDs from the seed, so two runs with one seed hand out the same ids."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"ids:{seed}")

    def __call__(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


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
    with_held: bool = False
    """Also the numbers this account holds (``exclude_held_numbers`` false)."""

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

    def search(
        self,
        inventory: Inventory,
        limit: int,
        *,
        held: Collection[str] = (),
        taken: Collection[str] = (),
    ) -> list[tuple[Block, str]]:
        """Up to ``limit`` available numbers, as ``(block, 10 digits)``.

        ``held`` are the account's held numbers (found too when :attr:`with_held`); numbers
        in ``taken`` (picked by an earlier part of the same request) are left out.
        """
        found: list[tuple[Block, str]] = []
        skip = 3 if self.npa is not None else 0
        also = held if self.with_held else ()
        for block, tn in inventory.numbers(self.blocks(inventory), also=also):
            if len(found) >= limit:
                break
            if tn in taken:
                continue
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
