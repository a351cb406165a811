"""The fault matrix: which faults the sandbox injects into which calls, and what the SDK does.

Pure data, shared by the tests (``test_fault_matrix.py`` runs every cell over real sockets)
and by README's reliability section, whose tables and figures are printed from it::

    python -m tests.reliability.matrix

``test_readme.py`` checks that README carries exactly that text, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

__all__ = [
    "CALLS",
    "CELLS",
    "EXPECTED",
    "FAULTS",
    "LATE_CELLS",
    "LATE_DELAYS",
    "LATE_EXPECTED",
    "LATE_FAULTS",
    "LOAD_CALLS",
    "LOAD_FAULT_RATE",
    "LOAD_LATE_RATE",
    "MAX_ATTEMPTS",
    "MODES",
    "RECONCILED",
    "RESENT",
    "RETRIED",
    "SUCCESSES",
    "TIMEOUT",
    "WRITES",
    "CallKind",
    "Cell",
    "Expected",
    "FaultCase",
    "LateCell",
    "Mode",
    "Timing",
    "render_late_table",
    "render_readme",
    "render_table",
]

TIMEOUT: Final = 0.15
"""The clients' total timeout per request in the matrix (seconds)."""
SLOW: Final = 3 * TIMEOUT
"""Latency that is over the timeout."""
MAX_ATTEMPTS: Final = 2
"""Attempts per call (``RetryPolicy(max_attempts=2, initial=0.01, ...)``)."""
LOAD_CALLS: Final = 5000
"""Concurrent calls through one client in the load test."""
LOAD_FAULT_RATE: Final = 0.05
"""Share of the load test's requests that hit an injected fault."""
LOAD_LATE_RATE: Final = 0.25
"""Share of the load test's order POSTs that fail and commit later (a late commit)."""

RETRIED: Final = "retried"
"""The call was sent again and succeeded."""
RECONCILED: Final = "reconciled"
"""A purchase was found by its reference after the failure and returned; nothing was resent."""
RESENT: Final = "resent"
"""A purchase was sent again after an ambiguous failure: never expected, a cell that sees it
fails (at most once)."""
SUCCESSES: Final = frozenset({RETRIED, RECONCILED})
SETTLE_WINDOW: Final = 0.3
"""The clients' settle window in the matrix (seconds; the default is 10)."""

Mode = Literal["once", "always"]
MODES: Final[tuple[Mode, ...]] = ("once", "always")
"""``once``: the fault hits the call's first request only; ``always``: every request of it."""


@attrs.frozen
class FaultCase:
    """One kind of fault, as the sandbox injects it (``sb.faults.add(kind, **options)``)."""

    id: str
    label: str
    """How README names it."""
    kind: str
    options: Mapping[str, Any] = attrs.field(factory=dict)
    """Passed to ``sb.faults.add`` with the call's method and path."""
    takes_effect: bool = False
    """Whether a purchase hit by this fault is placed anyway (the answer is spoilt after)."""


@attrs.frozen
class CallKind:
    """One kind of call; ``method`` and ``path`` scope the fault to its requests."""

    id: str
    label: str
    method: str
    path: str
    purchase: bool = False

    def __str__(self) -> str:
        return self.id


@attrs.frozen
class Expected:
    """A cell's documented outcome: an outcome above or the exact error class name."""

    once: str
    always: str


@attrs.frozen
class Cell:
    """One test of the matrix."""

    fault: FaultCase
    call: CallKind
    mode: Mode
    expected: str

    @property
    def id(self) -> str:
        """``fault-call-mode``, the pytest id."""
        return f"{self.fault.id}-{self.call.id}-{self.mode}"


FAULTS: Final = (
    FaultCase("latency", "latency over the timeout", "latency", {"delay": SLOW}),
    FaultCase("close", "connection closed before a response", "close"),
    FaultCase(
        "429", "429 with `Retry-After: 0.01`", "status", {"status": 429, "retry_after": 0.01}
    ),
    FaultCase("500", "500", "status", {"status": 500}),
    FaultCase("502", "502", "status", {"status": 502}),
    FaultCase("503", "503", "status", {"status": 503}),
    FaultCase("504", "504", "status", {"status": 504}),
    FaultCase(
        "truncated",
        "truncated body (the real answer cut short)",
        "truncate",
        {"after": True},
        takes_effect=True,
    ),
    FaultCase("html", "HTML error page (502 from a proxy)", "html"),
    FaultCase("error-body", "200 with the provider's error body (431)", "error_body"),
    FaultCase(
        "drip",
        "slow drip of the real answer",
        "drip",
        {"delay": TIMEOUT / 2, "chunk_size": 8},
        takes_effect=True,
    ),
    FaultCase("oversize", "oversized body (over 32 MiB)", "oversize"),
    FaultCase(
        "closed-after-write",
        "write took effect, connection closed before the answer",
        "close",
        {"after": True},
        takes_effect=True,
    ),
    FaultCase(
        "slow-after-write",
        "write took effect, answer later than the timeout",
        "latency",
        {"delay": SLOW, "after": True},
        takes_effect=True,
    ),
)

CALLS: Final = (
    CallKind("list", "Telnyx paginated GET (`number_orders.list`)", "GET", "/v2/number_orders"),
    CallKind("get", "Telnyx single GET (`number_orders.retrieve`)", "GET", "/v2/number_orders/*"),
    CallKind(
        "search",
        "iNumbering search POST (`tn_inventory_coverage`)",
        "POST",
        "/v2/iNumbering/tnInventoryCoverage",
    ),
    CallKind(
        "order",
        "Telnyx order (`number_orders.create`)",
        "POST",
        "/v2/number_orders",
        purchase=True,
    ),
    CallKind(
        "tn-order", "iNumbering order (`tn_order`)", "POST", "/v2/iNumbering/tnOrder", purchase=True
    ),
)


def _row(*cells: str) -> tuple[Expected, ...]:
    """``"retried / TimeoutError"`` -> ``Expected("retried", "TimeoutError")``; one word: both."""
    parsed = []
    for cell in cells:
        once, _, always = (part.strip() for part in cell.partition("/"))
        parsed.append(Expected(once, always or once))
    return tuple(parsed)


UNKNOWN: Final = "OutcomeUnknownError"

# Columns in CALLS order: list, get, search, order, tn-order.
EXPECTED: Final[Mapping[str, tuple[Expected, ...]]] = MappingProxyType(
    {
        "latency": _row(
            "retried / TimeoutError",
            "retried / TimeoutError",
            "retried / TimeoutError",
            UNKNOWN,  # not found by its reference in the window: it may still land
            UNKNOWN,
        ),
        "close": _row(
            "retried / ConnectionLostError",
            "retried / ConnectionLostError",
            "retried / ConnectionLostError",
            UNKNOWN,
            UNKNOWN,
        ),
        "429": _row(
            "retried / RateLimitError",
            "retried / RateLimitError",
            "retried / RateLimitError",
            "retried / RateLimitError",  # a 429 proves the order was not taken: safe to resend
            "retried / RateLimitError",
        ),
        "500": _row("ServerError", "ServerError", "ServerError", UNKNOWN, UNKNOWN),
        "502": _row(
            "retried / ServerError",
            "retried / ServerError",
            "retried / ServerError",
            UNKNOWN,
            UNKNOWN,
        ),
        "503": _row(
            "retried / ServerError",
            "retried / ServerError",
            "retried / ServerError",
            UNKNOWN,
            UNKNOWN,
        ),
        "504": _row(
            "retried / ServerError",
            "retried / ServerError",
            "retried / ServerError",
            UNKNOWN,  # any 5xx may hide an order that still lands: never resent
            UNKNOWN,
        ),
        "truncated": _row(
            "retried / ConnectionLostError",
            "retried / ConnectionLostError",
            "retried / ConnectionLostError",
            RECONCILED,
            UNKNOWN,
        ),
        "html": _row(
            "retried / ServerError",
            "retried / ServerError",
            "retried / ServerError",
            UNKNOWN,
            UNKNOWN,
        ),
        "error-body": _row(
            "DecodeError",
            "DecodeError",
            "retried / ServerError",  # iNumbering's 431 "at the moment" is retryable
            UNKNOWN,
            UNKNOWN,
        ),
        "drip": _row(
            "retried / TimeoutError",
            "retried / TimeoutError",
            "retried / TimeoutError",
            RECONCILED,
            UNKNOWN,
        ),
        "oversize": _row(
            "ResponseTooLargeError",
            "ResponseTooLargeError",
            "ResponseTooLargeError",
            UNKNOWN,
            UNKNOWN,
        ),
        "closed-after-write": _row(
            "retried / ConnectionLostError",
            "retried / ConnectionLostError",
            "retried / ConnectionLostError",
            RECONCILED,
            UNKNOWN,
        ),
        "slow-after-write": _row(
            "retried / TimeoutError",
            "retried / TimeoutError",
            "retried / TimeoutError",
            RECONCILED,
            UNKNOWN,
        ),
    }
)

CELLS: Final = tuple(
    Cell(fault, call, mode, getattr(EXPECTED[fault.id][column], mode))
    for fault in FAULTS
    for column, call in enumerate(CALLS)
    for mode in MODES
)

# -- late commits: the client hears a failure, the write lands later ----------------------

Timing = Literal["inside", "beyond"]
LATE_DELAYS: Final[Mapping[Timing, float]] = MappingProxyType(
    {"inside": SETTLE_WINDOW / 3, "beyond": 2.0}
)
"""When the write lands, counted from the failure the sandbox answered (or its silence): a
third into the window, or well after the client gave up (the cells do not wait for it: the
sandbox commits it at once when the call has ended)."""

LATE_FAULTS: Final = (
    FaultCase("reset", "connection reset", "late_commit", {"answer": "reset"}, True),
    FaultCase(
        "502", "502 page from a gateway", "late_commit", {"answer": "html", "status": 502}, True
    ),
    FaultCase(
        "503",
        "503 in the provider's envelope",
        "late_commit",
        {"answer": "status", "status": 503},
        True,
    ),
    FaultCase("timeout", "no answer (timeout)", "late_commit", {"answer": "hang"}, True),
)
"""What the client hears before the write commits (``sb.faults.add("late_commit", ...)``)."""

WRITES: Final = (
    CallKind("order", "Telnyx `number_orders.create`", "POST", "/v2/number_orders", purchase=True),
    CallKind(
        "inexplicit",
        "Telnyx `inexplicit_number_orders.create`",
        "POST",
        "/v2/inexplicit_number_orders",
        purchase=True,
    ),
    CallKind(
        "block",
        "Telnyx `number_block_orders.create`",
        "POST",
        "/v2/number_block_orders",
        purchase=True,
    ),
    CallKind(
        "reservation",
        "Telnyx `number_reservations.create`",
        "POST",
        "/v2/number_reservations",
        purchase=True,
    ),
    CallKind("tn-order", "iNumbering `tn_order`", "POST", "/v2/iNumbering/tnOrder", purchase=True),
    CallKind(
        "campaign-tns",
        "iNumbering `tn_messaging_campaign`",
        "POST",
        "/v2/iNumbering/tnMessagingCampaign",
        purchase=True,
    ),
    CallKind(
        "brand",
        "iNumbering `add_messaging_brand`",
        "POST",
        "/v2/iNumbering/addMessagingBrand",
        purchase=True,
    ),
    CallKind(
        "campaign",
        "iNumbering `add_messaging_campaign`",
        "POST",
        "/v2/iNumbering/addMessagingCampaign",
        purchase=True,
    ),
    CallKind("gateway", "iNumbering `add_gateway`", "POST", "/v2.1/gateways/add", purchase=True),
)
"""Every write of both providers that spends money or changes the account."""

LATE_EXPECTED: Final[Mapping[str, Expected]] = MappingProxyType(
    {
        "order": Expected(RECONCILED, UNKNOWN),
        "inexplicit": Expected(RECONCILED, UNKNOWN),
        "block": Expected(RECONCILED, UNKNOWN),
        "reservation": Expected(RECONCILED, UNKNOWN),
        "tn-order": Expected(UNKNOWN, UNKNOWN),
        "campaign-tns": Expected(UNKNOWN, UNKNOWN),
        "brand": Expected(UNKNOWN, UNKNOWN),
        "campaign": Expected(UNKNOWN, UNKNOWN),
        "gateway": Expected(UNKNOWN, UNKNOWN),
    }
)
"""Per write: the outcome when it lands inside the settle window (``once``) and beyond it
(``always``), whatever the client heard first."""


@attrs.frozen
class LateCell:
    """One late-commit test: what the client hears, which write, when the write lands."""

    fault: FaultCase
    call: CallKind
    timing: Timing
    expected: str

    @property
    def id(self) -> str:
        """``late-fault-call-timing``, the pytest id."""
        return f"late-{self.fault.id}-{self.call.id}-{self.timing}"


LATE_CELLS: Final = tuple(
    LateCell(
        fault,
        call,
        timing,
        LATE_EXPECTED[call.id].once if timing == "inside" else LATE_EXPECTED[call.id].always,
    )
    for fault in LATE_FAULTS
    for call in WRITES
    for timing in ("inside", "beyond")
)


def _cell_text(expected: Expected) -> str:
    def show(outcome: str) -> str:
        return outcome if outcome in SUCCESSES else f"`{outcome}`"

    if expected.once == expected.always:
        return show(expected.once)
    return f"{show(expected.once)}, else {show(expected.always)}"


def render_table() -> str:
    """The matrix as a markdown table: a row per fault, a column per call."""
    header = ["Fault", *(call.label for call in CALLS)]
    lines = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
    for fault in FAULTS:
        cells = [_cell_text(expected) for expected in EXPECTED[fault.id]]
        lines.append(f"| {fault.label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def render_late_table() -> str:
    """The late-commit cells as a markdown table: a row per write, a column per timing."""
    show = {RECONCILED: RECONCILED}
    lines = [
        f"| Write | lands {LATE_DELAYS['inside']:g} s later (inside the window) "
        f"| lands {LATE_DELAYS['beyond']:g} s later (beyond it) |",
        "|---|---|---|",
    ]
    for call in WRITES:
        expected = LATE_EXPECTED[call.id]
        inside, beyond = (show.get(outcome, f"`{outcome}`") for outcome in attrs.astuple(expected))
        lines.append(f"| {call.label} | {inside} | {beyond} |")
    return "\n".join(lines)


def render_readme() -> str:
    """README's generated part of the reliability section: the matrix, how it runs, the load."""
    return f"""\
Each cell is a test (`tests/reliability/test_fault_matrix.py`, {len(CELLS)} in all) over real \
sockets to the sandbox server on 127.0.0.1: the fault strikes the call's first request (the \
first outcome) or every request (the outcome after "else"), with `timeout={TIMEOUT}` and \
`RetryPolicy(max_attempts={MAX_ATTEMPTS}, initial=0.01)` and \
`SettlePolicy(window={SETTLE_WINDOW})`. *{RETRIED}*: sent again and succeeded (a purchase only \
where the request surely never reached the server: a 429, a connection never made); \
*{RECONCILED}*: the order was found by its reference and returned, nothing was resent; \
`OutcomeUnknownError` carries the reference: a purchase that may have reached the server is \
never sent again. Across the matrix no order is placed twice (the sandbox counts orders per \
reference), only `NumberingError`s come out, no connection or task \
is left behind, and the key is in no log record, error or event.

{render_table()}

Late commits, as a slow backend behind a proxy that gave up makes them: the client hears a \
failure and the write takes effect later (the sandbox's `late_commit` fault). Each write \
below meets each of {len(LATE_FAULTS)} failures ({", ".join(f.label for f in LATE_FAULTS)}) \
and lands inside or beyond the settle window: {len(LATE_CELLS)} tests. Nothing is ever \
resent: the call returns the write it finds by its reference, or raises \
`OutcomeUnknownError` with that reference (iNumbering has no lookup by reference, so its \
writes always do), and the sandbox holds exactly one write per reference once the late one \
has landed.

{render_late_table()}

A load test sends {LOAD_CALLS:,} concurrent calls through one client while \
{LOAD_FAULT_RATE:.0%} of requests meet a fault (seeded) and {LOAD_LATE_RATE:.0%} of the order \
POSTs a late commit (inside or beyond the settle window): every call ends in a model or a \
typed error, every purchase in its own order (placed exactly once) or `OutcomeUnknownError` \
with its reference (placed at most once)."""


if __name__ == "__main__":
    print(render_readme())
