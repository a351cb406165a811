"""The writes of both providers in the late-commit cells, and how to observe one.

:data:`WRITE_OPS` says, for each write of :data:`~tests.reliability.matrix.WRITES`, how to make
it, what it needs in stock first (:func:`stock_for`), whether an answer is this call's own write
and how many of its writes the sandbox holds. :func:`run_write` makes one and tells what
happened, as :func:`~tests.reliability.harness.run_call` does for the other cells.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from numbering_async import NumberingError
from numbering_async.telnyx import OrderingGroup

from .harness import Observation, World, new_reference
from .matrix import RECONCILED, RESENT, CallKind

__all__ = ["WRITE_OPS", "WriteOp", "run_write", "stock_for"]

_keys = itertools.count(1)

BRAND = "B90001"
"""The messaging brand the campaign writes use."""
CAMPAIGN = "C900001"
"""The messaging campaign ``tn_messaging_campaign`` assigns."""


@attrs.frozen
class WriteOp:
    """One write of the late-commit cells.

    ``make(world, reference)`` makes the call (``reference`` is its customer reference, or
    the brand id, campaign id or gateway host it adds); ``mine(result, reference)`` says
    whether what came back is this call's write; ``placed(world, reference)`` counts the
    writes the sandbox holds for ``reference``.
    """

    needs: tuple[str, ...]
    """What :func:`stock_for` prepares, in order: ``telnyx-number``, ``brand``,
    ``campaign``, ``tn`` (one in stock), ``owned-tn`` (that one ordered)."""
    reference: Callable[[int], str]
    make: Callable[[World, str], Awaitable[Any]]
    mine: Callable[[Any, str], bool]
    placed: Callable[[World, str], int]


def _telnyx_orders(world: World, reference: str) -> int:
    return world.sandbox.counts.orders_for(reference, "telnyx")


def _inumbering_orders(world: World, reference: str) -> int:
    return world.sandbox.counts.orders_for(reference, "inumbering")


def _customer_reference(result: Any, reference: str) -> bool:
    return bool(result.customer_reference == reference)


def _receipt(result: Any, reference: str) -> bool:
    return bool(result.customer_order_reference == reference)


def _reference(number: int) -> str:
    return f"rel-late-{number:06d}"


WRITE_OPS: dict[str, WriteOp] = {
    "order": WriteOp(
        ("telnyx-number",),
        _reference,
        lambda w, ref: w.telnyx.number_orders.create([w.phone_number], customer_reference=ref),
        _customer_reference,
        _telnyx_orders,
    ),
    "inexplicit": WriteOp(
        (),
        _reference,
        lambda w, ref: w.telnyx.inexplicit_number_orders.create(
            [
                OrderingGroup(
                    country_iso="US",
                    phone_number_type="local",
                    count_requested=2,
                    national_destination_code="201",
                )
            ],
            customer_reference=ref,
        ),
        _customer_reference,
        _telnyx_orders,
    ),
    "block": WriteOp(
        ("telnyx-number",),
        _reference,
        lambda w, ref: w.telnyx.number_block_orders.create(
            w.phone_number, 1, customer_reference=ref
        ),
        _customer_reference,
        _telnyx_orders,
    ),
    "reservation": WriteOp(
        ("telnyx-number",),
        _reference,
        lambda w, ref: w.telnyx.number_reservations.create(
            [w.phone_number], customer_reference=ref
        ),
        _customer_reference,
        lambda w, ref: sum(
            reservation.customer_reference == ref
            for reservation in w.sandbox.telnyx.account.reservations.values()
        ),
    ),
    "tn-order": WriteOp(
        ("tn",),
        _reference,
        lambda w, ref: w.inumbering.tn_order([w.tn], customer_order_reference=ref),
        _receipt,
        _inumbering_orders,
    ),
    "campaign-tns": WriteOp(
        ("brand", "campaign", "tn", "owned-tn"),
        _reference,
        lambda w, ref: w.inumbering.tn_messaging_campaign(
            [w.tn], CAMPAIGN, customer_order_reference=ref
        ),
        _receipt,
        _inumbering_orders,
    ),
    "brand": WriteOp(
        (),
        lambda number: f"B{number:05d}",
        lambda w, ref: w.inumbering.add_messaging_brand(ref, f"Brand {ref}", "A brand"),
        lambda result, ref: True,
        lambda w, ref: int(ref in w.sandbox.inumbering.account.brands),
    ),
    "campaign": WriteOp(
        ("brand",),
        lambda number: f"C{number:06d}",
        lambda w, ref: w.inumbering.add_messaging_campaign(BRAND, ref, "A campaign"),
        lambda result, ref: True,
        lambda w, ref: int(ref in w.sandbox.inumbering.account.campaigns),
    ),
    "gateway": WriteOp(
        (),
        lambda number: f"gw{number}.example.com",
        lambda w, ref: w.inumbering.add_gateway(ref),
        lambda result, ref: any(gateway.gateway == ref for gateway in result),
        lambda w, ref: list(w.sandbox.inumbering.account.gateways.values()).count(ref),
    ),
}
"""Each write of :data:`~tests.reliability.matrix.WRITES`, by its id."""


async def stock_for(world: World, write: WriteOp) -> None:
    """What ``write`` needs before its fault: a number in stock, a brand, a campaign."""
    if "telnyx-number" in write.needs:
        (number,) = await world.telnyx.available_phone_numbers.list(
            national_destination_code=201, limit=1
        )
        world.phone_number = str(number.phone_number)
    if "brand" in write.needs:
        await world.inumbering.add_messaging_brand(BRAND, "Matrix brand", "A brand")
    if "campaign" in write.needs:
        await world.inumbering.add_messaging_campaign(BRAND, CAMPAIGN, "A campaign")
    if "tn" in write.needs:
        (available,) = await world.inumbering.tn_inventory("201xxxxxxx", quantity=1)
        world.tn = available.tn
    if "owned-tn" in write.needs:
        await world.inumbering.tn_order([world.tn], customer_order_reference=new_reference())


async def run_write(world: World, call: CallKind) -> Observation:
    """Make the write ``call`` with a fresh reference and observe it (only ``NumberingError``
    is caught); a success must be this call's own write."""
    write = WRITE_OPS[call.id]
    reference = write.reference(next(_keys))
    before = Counter(world.sandbox.counts.requests)
    error: NumberingError | None = None
    try:
        result = await write.make(world, reference)
        assert write.mine(result, reference), result
    except NumberingError as exc:
        error = exc
        world.errors.append(exc)
    requests = Counter(world.sandbox.counts.requests)
    requests.subtract(before)
    route = f"POST {call.path}"
    posts = sum(count for key, count in requests.items() if key.rstrip("/") == route)
    outcome = type(error).__name__ if error is not None else RECONCILED if posts == 1 else RESENT
    return Observation(outcome, error, +requests, reference)
