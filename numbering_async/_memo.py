"""Argument checks remembered by their arguments, for operations called the same way again.

An operation's argument checks and query encoding are a pure function of its arguments, and a
service tends to make the same call over and over (a dashboard polling one coverage query).
:func:`remembered` wraps such a function: a call whose arguments are all plain values (``str``,
``int``, ``bool`` or ``None``, of exactly those classes) equal to an earlier successful call's
gets that call's result without running the function again (members of the operation's own
enums may be named as plain too). Anything else (another enum's member, a list, a subclass of
``str``...) runs the function as before, and so does a call that fails: an error is never
remembered, so bad input raises the same error at the same point every time.

The classes are part of what is remembered, so ``201``, ``"201"``, ``201.0`` and ``True`` never
stand for one another. Only plain values are hashed or compared, so no caller's ``__eq__`` or
``__hash__`` ever runs. The results must be immutable (query strings and frozen wire requests
are).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Final, ParamSpec, TypeVar

__all__ = ["remembered"]

P = ParamSpec("P")
R = TypeVar("R")

_PLAIN: Final = frozenset({str, int, bool, type(None)})
"""Classes whose equal values are interchangeable for any check."""

DEFAULT_LIMIT: Final = 256
"""Argument tuples remembered at most; the memo starts again empty when full."""


def remembered(
    compute: Callable[P, R], limit: int = DEFAULT_LIMIT, also: Iterable[type[Enum]] = ()
) -> Callable[P, R]:
    """``compute``, remembering its results for calls with plain positional arguments.

    ``also`` adds enum classes whose members count as plain (the operation's own enums, for
    an argument whose default is a member): their equality and hash are the enum's or its
    value's, never a caller's.
    """
    plain = _PLAIN.union(also)
    memo: dict[tuple[Any, ...], tuple[tuple[type, ...], R]] = {}
    """By argument values; each entry holds the arguments' classes with the result."""

    @functools.wraps(compute)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        classes = tuple(map(type, args))
        if kwargs or not plain.issuperset(classes):
            return compute(*args, **kwargs)
        entry = memo.get(args)
        if entry is not None and entry[0] == classes:
            return entry[1]
        result = compute(*args, **kwargs)
        if len(memo) >= limit:
            memo.clear()
        memo[args] = (classes, result)
        return result

    return call
