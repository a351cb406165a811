"""Reading iNumbering request bodies: required fields, lists of items, references, routes.

Each function returns the value asked for or raises a
:class:`~numbering_async.sandbox._routing.Problem` with the service's status and message.
"""

from __future__ import annotations

from typing import Any

from numbering_async.sandbox._routing import Problem

__all__ = ["item_list", "order_reference", "required", "required_text", "route_of"]


def required(body: dict[str, Any], name: str, status: int = 400) -> Any:
    """The field ``name``; missing or empty is a Problem with ``status`` (400, or 414)."""
    value = body.get(name)
    if value is None or value == "":
        label = "Fields Are Required" if status == 414 else "Field Required"
        raise Problem(status, f"{label}: {name}")
    return value


def item_list(value: Any, message: str) -> list[dict[str, Any]]:
    """A non-empty list of objects; anything else is a 400 with ``message``."""
    if not isinstance(value, list) or not value or not all(isinstance(i, dict) for i in value):
        raise Problem(400, message)
    return value


def required_text(body: dict[str, Any], name: str, status: int = 414) -> str:
    """The required string field ``name`` (a 409 when not a string)."""
    value = required(body, name, status)
    if not isinstance(value, str):
        raise Problem(409, f"Invalid Input Parameters: {name} must be a string")
    return value


def order_reference(body: dict[str, Any], now: float) -> str:
    """``customerOrderReference``, or the ``{username}-{timestamp}`` the service would set."""
    reference = body.get("customerOrderReference")
    if reference is None:
        return f"sandbox-{int(now)}"
    if not isinstance(reference, str) or not reference:
        raise Problem(409, "Invalid Input Parameters: customerOrderReference")
    return reference


def route_of(item: dict[str, Any]) -> int:
    """An item's required integer ``route``."""
    route = required(item, "route")
    if isinstance(route, bool) or not isinstance(route, int):
        raise Problem(400, "route must be an integer")
    return route
