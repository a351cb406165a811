"""An event loop on a virtual clock, so tests about pacing and pauses never depend on real time.

The clock stands still while anything is ready to run, and when every task waits it jumps to
the next timer. ``asyncio.sleep``, ``asyncio.timeout`` and ``loop.time()`` all follow it, so the
bulk runner's pacing and back-off run unchanged and a test can compare instants exactly: the
outcome is the same on an idle machine and on a loaded one, and a 30-second sleep takes no time.
"""

from __future__ import annotations

import asyncio
import functools
import selectors
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

P = ParamSpec("P")


class _JumpingSelector(selectors.DefaultSelector):
    """Polls without blocking; a wait for a timer moves the loop's clock instead."""

    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None:  # no timer and nothing ready: every task waits for nothing
            raise RuntimeError("deadlock: every task is waiting and no timer is set")
        self._loop.now += timeout
        return []


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """A selector event loop whose ``time()`` starts at 0 and moves only between timers."""

    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(_JumpingSelector(self))

    def time(self) -> float:
        """The virtual clock, in seconds since the loop was made."""
        return self.now


def virtual_time(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test on a :class:`VirtualTimeLoop` (the test becomes a plain function)."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
            runner.run(test(*args, **kwargs))

    return run
