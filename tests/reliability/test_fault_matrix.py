"""Every fault the sandbox injects x every kind of call, over real sockets: the documented outcome.

The matrix itself (and README's tables) is :mod:`tests.reliability.matrix`. Each cell injects
its fault into the call's own requests (``once``: the first only; ``always``: every one), makes
the call through a client with real retries and a short timeout, and checks the outcome: it
succeeded after a retry, a purchase was reconciled by its reference or resent, or the exact
typed error came out. The ``world`` fixture adds the matrix-wide checks: no order placed twice,
no connection held, no task pending, no API key in any log record, error or event.

The late-commit cells make every write of both providers meet a failure (a reset, a gateway's
502 page, a 503, no answer) while the write itself lands later, inside the client's settle
window or beyond it: the call returns its own write or raises ``OutcomeUnknownError`` with its
reference, and the sandbox ends up holding that write exactly once.
"""

from __future__ import annotations

import pytest

from numbering_async import errors
from numbering_async.errors import APIError, DecodeError, OutcomeUnknownError, RateLimitError

from .harness import World, run_call
from .matrix import (
    CELLS,
    EXPECTED,
    FAULTS,
    LATE_CELLS,
    LATE_DELAYS,
    LATE_FAULTS,
    RECONCILED,
    SUCCESSES,
    WRITES,
    Cell,
    LateCell,
)
from .writes import WRITE_OPS, run_write, stock_for


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


@pytest.mark.integration
@pytest.mark.parametrize("cell", LATE_CELLS, ids=[cell.id for cell in LATE_CELLS])
async def test_late_commit_cell(world: World, cell: LateCell) -> None:
    write = WRITE_OPS[cell.call.id]
    await stock_for(world, write)
    fault = world.sandbox.faults.add(
        cell.fault.kind,
        method=cell.call.method,
        path=cell.call.path,
        times=1,
        delay=LATE_DELAYS[cell.timing],
        **cell.fault.options,
    )

    seen = await run_write(world, cell.call)

    assert fault.fired == 1
    assert seen.outcome == cell.expected
    if isinstance(seen.error, OutcomeUnknownError):
        assert seen.error.reference == seen.reference
        assert seen.reference in str(seen.error)
    placed = write.placed(world, seen.reference)
    if cell.expected == RECONCILED:
        assert placed == 1  # found by its reference: the write itself came back
    if cell.timing == "beyond":
        assert placed == 0  # not landed yet when the call gave up
        world.sandbox.late_commits.flush()  # land it now rather than wait
    else:
        await world.sandbox.late_commits.wait()
    assert write.placed(world, seen.reference) == 1  # exactly once, never resent


def test_the_matrix_covers_every_fault_kind_and_late_answer_of_the_sandbox() -> None:
    from numbering_async.sandbox import FAULT_KINDS, LATE_ANSWERS

    assert {fault.kind for fault in FAULTS + LATE_FAULTS} == set(FAULT_KINDS)
    assert {fault.options["answer"] for fault in LATE_FAULTS} == set(LATE_ANSWERS)
    assert set(EXPECTED) == {fault.id for fault in FAULTS}
    assert set(WRITE_OPS) == {call.id for call in WRITES}
    assert len(CELLS) == len({cell.id for cell in CELLS})
    assert len(LATE_CELLS) == len({cell.id for cell in LATE_CELLS})
