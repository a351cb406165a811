"""iNumbering answers as the service writes them: success and partial bodies, numbers, counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from numbering_async.sandbox._dataset import Block
from numbering_async.sandbox._wire import Reply, json_reply

__all__ = ["FIELDS", "GROUPINGS", "block_key", "partial_reply", "success_reply", "tn_json"]


def success_reply(**fields: Any) -> Reply:
    """A 200 ``{"status": "Success", "statusCode": "200", ...}`` with ``fields``."""
    return json_reply(200, {"status": "Success", "statusCode": "200", **fields})


def partial_reply(message: str, **lists: Sequence[Any]) -> Reply:
    """A 409 error body that also lists what succeeded and what failed."""
    return json_reply(409, {"status": "Error", "statusCode": "409", "message": message, **lists})


def tn_json(block: Block, tn: str) -> dict[str, Any]:
    """One number of a ``tnInventory`` result."""
    return {
        "telephoneNumber": tn,
        "rateCenter": block.rate_center,
        "city": block.locality.upper(),
        "lata": block.lata,
        "province": block.state,
    }


def block_key(block: Block) -> tuple[str, ...]:
    """The ``npaNxx`` coverage grouping of ``block``."""
    return (block.npa, block.nxx, str(block.lata), block.state, block.rate_center)


GROUPINGS: dict[str, Callable[[Block], tuple[str, ...]]] = {
    "npaNxx": block_key,
    "rateCenter": lambda block: (block.rate_center, block.state, str(block.lata)),
    "state": lambda block: (block.state,),
}
FIELDS = {
    "npaNxx": ("npa", "nxx", "lata", "locState", "rcAbbre"),
    "block": ("npa", "nxx", "lata", "locState", "rcAbbre", "block"),
    "rateCenter": ("rcAbbre", "locState", "lata"),
    "state": ("locState",),
}
