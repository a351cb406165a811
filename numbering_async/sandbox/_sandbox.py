"""The :class:`Sandbox`: state, both provider routers, faults and counts behind one ``handle``."""

from __future__ import annotations

import asyncio
import itertools
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import attrs

from numbering_async.sandbox._admin import ADMIN_PREFIX, AdminRouter
from numbering_async.sandbox._clock import Clock
from numbering_async.sandbox._counts import Counts
from numbering_async.sandbox._faults import Faults
from numbering_async.sandbox._late import LateCommits
from numbering_async.sandbox._market import day_of
from numbering_async.sandbox._routing import ProviderRouter, Route
from numbering_async.sandbox._wire import Reply, SandboxRequest
from numbering_async.sandbox.inumbering.account import INumberingAccount
from numbering_async.sandbox.inumbering.routes import API, GATEWAYS, INumberingRouter
from numbering_async.sandbox.telnyx.account import TelnyxAccount
from numbering_async.sandbox.telnyx.records import Ids
from numbering_async.sandbox.telnyx.routes import BASE, TelnyxRouter

if TYPE_CHECKING:
    from numbering_async.sandbox._transport import SandboxTransport

__all__ = ["Sandbox"]

_INUMBERING_PREFIXES = (f"{API}/", f"{GATEWAYS}/")


class Sandbox:
    """A stateful fake of the Telnyx and iNumbering APIs.

    ::

        async with Sandbox(seed=1) as sb:
            async with TelnyxClient(api_key="sk_test_0123456789", transport=sb.transport()) as tx:
                ...
            sb.advance(5)                      # orders settle, reservations age
            sb.faults.add("status", method="POST", path="/v2/number_orders", status=503, times=2)
            assert sb.counts.orders_for("my-ref") == 1

    ``api_key=None`` accepts any non-empty key. ``strict=True`` refuses query parameters and
    body fields the specs do not declare (a 400 naming the first); by default they are ignored,
    as the real services very likely do, and named in an ``X-Sandbox-Warning`` header and a
    log line. ``latency_ms`` delays every answer.
    ``order_delay`` is how long a Telnyx number order stays pending; ``reservation_ttl`` how
    long a reservation holds its numbers. ``day`` is the market day it starts on: its stock
    sells and restocks from one day to the next (:mod:`numbering_async.sandbox._market`).
    The dataset is loaded on first use (entering the ``async with`` loads it). Leaving the
    ``async with`` commits every write a ``late_commit`` fault still holds back (see
    :attr:`late_commits`).
    """

    def __init__(
        self,
        seed: int = 1,
        *,
        api_key: str | None = None,
        latency_ms: float = 0,
        order_delay: float = 1.0,
        reservation_ttl: float = 1800.0,
        strict: bool = False,
        day: int = 0,
    ) -> None:
        for name, value, zero_ok in (
            ("latency_ms", latency_ms, True),
            ("order_delay", order_delay, True),
            ("reservation_ttl", reservation_ttl, False),
        ):
            if not (value > 0 or (zero_ok and value == 0)):  # NaN fails both
                raise ValueError(f"{name} must be {'>= 0' if zero_ok else '> 0'}, got {value!r}")
        if api_key is not None and not api_key:
            raise ValueError("api_key must be None (accept any key) or non-empty")
        if isinstance(day, bool) or not isinstance(day, int) or day < 0:
            raise ValueError(f"day must be an integer >= 0, got {day!r}")
        self.start_day = day
        self.seed = seed
        self.api_key = api_key
        self.strict = strict
        self.latency = latency_ms / 1000
        self.order_delay = order_delay
        self.reservation_ttl = reservation_ttl
        self.clock = Clock()
        self.counts = Counts()
        self.faults = Faults(seed)
        self.late_commits = LateCommits()
        """Writes ``late_commit`` faults hold back: ``pending``, ``committed``, ``flush()``."""
        self._admin = AdminRouter(self)
        self._request_ids = itertools.count(1)
        self._telnyx: TelnyxRouter | None = None
        self._inumbering: INumberingRouter | None = None

    def __repr__(self) -> str:
        return f"Sandbox(seed={self.seed}, api_key={'<set>' if self.api_key else None})"

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self.warm()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.late_commits.flush()

    def warm(self) -> None:
        """Load the dataset and both accounts now rather than on the first request."""
        _ = self.telnyx, self.inumbering

    def reset(self) -> None:
        """Back to the initial state: inventory, orders, faults, counts and clock.

        Writes that ``late_commit`` faults still hold back are dropped, never committed.
        """
        self.clock.reset()
        self.counts.reset()
        self.faults.reset()
        self.late_commits.reset()
        self._telnyx = self._inumbering = None

    # -- state -----------------------------------------------------------------------------

    @property
    def telnyx(self) -> TelnyxRouter:
        """The Telnyx router and, through ``.account``, its state."""
        if self._telnyx is None:
            account = TelnyxAccount(
                self.seed,
                Ids(self.seed),
                self.counts,
                order_delay=self.order_delay,
                reservation_ttl=self.reservation_ttl,
                day=self.market_day,
            )
            self._telnyx = TelnyxRouter(account, self.clock, self.api_key, strict=self.strict)
        return self._telnyx

    @property
    def inumbering(self) -> INumberingRouter:
        """The iNumbering router and, through ``.account``, its state."""
        if self._inumbering is None:
            account = INumberingAccount(self.seed, self.counts, self.market_day)
            self._inumbering = INumberingRouter(
                account, self.clock, self.api_key, strict=self.strict
            )
        return self._inumbering

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock forward (orders settle, reservations expire, and each
        :data:`~numbering_async.sandbox._market.MARKET_DAY` the stock sells and restocks)."""
        self.clock.advance(seconds)

    def market_day(self) -> int:
        """Days of sandbox time since it started: the stock changes from one to the next."""
        return self.start_day + day_of(self.clock.elapsed())

    def dump(self) -> dict[str, Any]:
        """The whole state as JSON-ready data (for debugging and the admin route)."""
        telnyx = self.telnyx
        telnyx.account.settle(self.clock.time())
        return {
            "seed": self.seed,
            "now": self.clock.now().isoformat(),
            "telnyx": telnyx.account.dump(),
            "inumbering": self.inumbering.account.dump(),
            "faults": [fault.to_json() for fault in self.faults],
            "late_commits": [commit.to_json() for commit in self.late_commits.pending],
            "counts": self.counts.as_dict(),
        }

    def transport(self, *, max_body_size: int | None = None) -> SandboxTransport:
        """An in-process :class:`~numbering_async.Transport` that answers from this sandbox."""
        from numbering_async.sandbox._transport import SandboxTransport

        if max_body_size is None:
            return SandboxTransport(self)
        return SandboxTransport(self, max_body_size=max_body_size)

    # -- requests --------------------------------------------------------------------------

    def router_for(self, path: str) -> ProviderRouter | None:
        """The provider that serves ``path``, if any."""
        if path.startswith(_INUMBERING_PREFIXES):
            return self.inumbering
        if path.startswith(f"{BASE}/"):
            return self.telnyx
        return None

    async def handle(self, request: SandboxRequest) -> Reply:
        """Answer one request: count it, apply latency and faults, route it."""
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin.handle(request)
        router = self.router_for(request.path) or self.telnyx
        match = router.table.match(request.method, request.path)
        template = match[0].template if match else request.path
        self.counts.requests[f"{request.method} {template}"] += 1
        plan = self.faults.plan(request.method, request.path, template)
        delay = self.latency + plan.delay_before
        if delay:
            await asyncio.sleep(delay)
        if plan.before is not None:
            reply = plan.before.render(router, None)
            if plan.before.commits_late:
                self.late_commits.schedule(
                    plan.before.delay,
                    request.method,
                    request.path,
                    lambda: self._route(router, request, match),
                )
        else:
            reply = self._route(router, request, match)
            if plan.after is not None:
                reply = plan.after.render(router, reply)
            if plan.delay_after:
                await asyncio.sleep(plan.delay_after)
        request_id = f"sandbox-{next(self._request_ids):08d}"
        return attrs.evolve(reply, headers={**reply.headers, "x-request-id": request_id})

    @staticmethod
    def _route(
        router: ProviderRouter,
        request: SandboxRequest,
        match: tuple[Route, dict[str, str]] | None,
    ) -> Reply:
        """The real answer to ``request``: its route's handler, or the provider's 404."""
        return router.dispatch(request, *match) if match else router.not_found()
