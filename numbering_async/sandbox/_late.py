"""Writes held back by a ``late_commit`` fault, each handled when its delay is up.

A ``late_commit`` fault answers the client with a failure at once and hands the request to
:meth:`LateCommits.schedule`, which runs the real handler ``delay`` seconds later on the event
loop (a timer, not a task). :meth:`LateCommits.flush` runs every pending one at once, in the
order they were held back: the sandbox and its server call it when they close, so nothing is
left behind and the writes can be counted afterwards; :meth:`LateCommits.wait` waits for them
instead. :meth:`LateCommits.reset` drops them (the sandbox's ``reset``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import attrs

from numbering_async.sandbox._wire import Reply

__all__ = ["LateCommit", "LateCommits"]

_log = logging.getLogger(__name__)


@attrs.define(eq=False)
class LateCommit:
    """One held-back request: what it was and, once handled, the status the handler gave."""

    method: str
    path: str
    handle: Callable[[], Reply] = attrs.field(repr=False)
    landed: asyncio.Future[None] = attrs.field(repr=False)
    """Done once the write is committed."""
    status: int | None = None
    """The real handler's status once committed (500 if it crashed); ``None`` while pending."""

    def to_json(self) -> dict[str, object]:
        """The request and its status, as JSON."""
        return {"method": self.method, "path": self.path, "status": self.status}


class LateCommits:
    """The held-back writes of one sandbox: the pending ones and those already committed."""

    def __init__(self) -> None:
        self._pending: dict[LateCommit, asyncio.TimerHandle] = {}
        self.committed: list[LateCommit] = []
        """Every write committed so far, in the order they took effect."""

    @property
    def pending(self) -> list[LateCommit]:
        """The writes still waiting for their delay, in the order they were held back."""
        return list(self._pending)

    def schedule(
        self, delay: float, method: str, path: str, handle: Callable[[], Reply]
    ) -> LateCommit:
        """Run ``handle`` (the request's real handling) ``delay`` seconds from now."""
        loop = asyncio.get_running_loop()
        commit = LateCommit(method, path, handle, loop.create_future())
        self._pending[commit] = loop.call_later(delay, self._commit, commit)
        return commit

    async def wait(self) -> None:
        """Wait until every write pending now has been committed (each when its delay is up)."""
        await asyncio.gather(*(commit.landed for commit in self._pending))

    def flush(self) -> int:
        """Commit every pending write now, in the order they were held back; how many."""
        count = 0
        while self._pending:
            self._commit(next(iter(self._pending)))
            count += 1
        return count

    def reset(self) -> None:
        """Drop every pending write without handling it, and forget the committed ones."""
        for commit, timer in self._pending.items():
            timer.cancel()
            commit.landed.cancel()
        self._pending.clear()
        self.committed.clear()

    def _commit(self, commit: LateCommit) -> None:
        self._pending.pop(commit).cancel()
        try:
            commit.status = commit.handle().status
        except Exception:  # a handler bug: logged, as the server logs a crashed request
            commit.status = 500
            _log.exception("late commit of %s %s crashed", commit.method, commit.path)
        self.committed.append(commit)
        if not commit.landed.done():
            commit.landed.set_result(None)
