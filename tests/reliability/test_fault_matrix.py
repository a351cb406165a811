"""Every fault the sandbox injects x every kind of call, over real sockets: the documented outcome.

The matrix itself (and README's table) is :mod:`tests.reliability.matrix`. Each cell injects
its fault into the call's own requests (``once``: the first only; ``always``: every one), makes
the call through a client with real retries and a short timeout, and checks the outcome: it
succeeded after a retry, a purchase was reconciled by its reference or resent, or the exact
typed error came out. The ``world`` fixture adds the matrix-wide checks: no order placed twice,
no connection held, no task pending, no API key in any log record, error or event.
"""

from __future__ import annotations

import pytest

from numbering_async import errors
from numbering_async.errors import APIError, DecodeError, OutcomeUnknownError, RateLimitError

from .harness import World, run_call
from .matrix import CELLS, EXPECTED, FAULTS, SUCCESSES, Cell


@pytest.mark.integration
@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
async def test_fault_matrix_cell(world: World, cell: Cell) -> None:
    await world.stock()
    fault = world.sandbox.faults.add(
        cell.fault.kind,
        method=cell.call.method,
        path=cell.call.path,
        times=1 if cell.mode == "once" else None,
        **cell.fault.options,
    )

    seen = await run_call(world, cell.call)

    assert fault.fired >= 1
    assert seen.outcome == cell.expected
    error = seen.error
    if error is None:
        assert cell.expected in SUCCESSES
    else:
        assert type(error) is getattr(errors, cell.expected)  # exactly, not a subclass
    if isinstance(error, APIError | DecodeError):
        assert error.request_id is not None  # an answer came: its request id is kept
    if isinstance(error, RateLimitError):
        assert error.retry_after == cell.fault.options["retry_after"]
    if isinstance(error, OutcomeUnknownError):
        assert error.reference == seen.reference
        assert seen.reference in str(error)
    if cell.call.purchase:
        assert seen.reference is not None
        placed = cell.expected in SUCCESSES or cell.fault.takes_effect
        assert world.sandbox.counts.orders_for(seen.reference) == int(placed)


def test_the_matrix_covers_every_fault_kind_of_the_sandbox() -> None:
    from numbering_async.sandbox import FAULT_KINDS

    assert {fault.kind for fault in FAULTS} == set(FAULT_KINDS)
    assert set(EXPECTED) == {fault.id for fault in FAULTS}
    assert len(CELLS) == len({cell.id for cell in CELLS})
