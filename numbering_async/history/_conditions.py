"""Conditions on a change between two scans: ``telnyx>0``, ``inumbering<10``, ``telnyx>=100``.

A condition names a provider, a comparison and a number. It *hits* a place (a row of a
:class:`~numbering_async.history.ScanDiff`) when it holds for the newer scan and did not hold
for the older one: ``telnyx>0`` hits where Telnyx had no numbers and now has some. Places
whose count did not change never hit, so a condition fires once, on the change.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from typing import Final

import attrs

from numbering_async.errors import InvalidRequestError
from numbering_async.history._diff import DiffRow, ScanDiff

__all__ = ["Condition", "Hit", "hits"]

_COMPARISONS: Final[dict[str, Callable[[int, int], bool]]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "!=": operator.ne,
    "==": operator.eq,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}
_SHAPE: Final = re.compile(r"\s*([a-z][a-z0-9_-]*)\s*(>=|<=|!=|==|>|<|=)\s*(-?[0-9]+)\s*")


@attrs.frozen(slots=True)
class Condition:
    """``provider`` ``comparison`` ``value``, as parsed by :meth:`parse`."""

    provider: str
    comparison: str
    value: int

    @classmethod
    def parse(cls, text: str) -> Condition:
        """``"telnyx>0"`` -> ``Condition("telnyx", ">", 0)``; a clear error otherwise."""
        match = _SHAPE.fullmatch(text.lower())
        if match is None:
            raise InvalidRequestError(
                "when",
                f"expected PROVIDER OP NUMBER like telnyx>0 (OP: > >= < <= = !=), got {text!r}",
            )
        return cls(match[1], match[2], int(match[3]))

    def __str__(self) -> str:
        return f"{self.provider}{self.comparison}{self.value}"

    def holds(self, count: int) -> bool:
        """Whether ``count`` meets the condition."""
        return _COMPARISONS[self.comparison](count, self.value)

    def hits(self, row: DiffRow) -> bool:
        """Whether the condition holds in ``row``'s newer scan and did not in its older one."""
        return row.provider == self.provider and self.holds(row.new) and not self.holds(row.old)


@attrs.frozen(slots=True)
class Hit:
    """A changed row and the condition it met."""

    condition: Condition
    row: DiffRow


def hits(conditions: Iterable[Condition], diff: ScanDiff) -> list[Hit]:
    """Every (condition, row) of ``diff`` where the condition newly holds, largest change first."""
    listed = list(conditions)
    return [Hit(c, row) for row in diff.rows for c in listed if c.hits(row)]
