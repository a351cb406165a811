"""Checks and encoders for Telnyx call arguments (shared checks live in ``_validate``).

Every check raises :class:`~numbering_async.errors.InvalidRequestError` naming the argument,
before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from numbering_async._client import new_reference
from numbering_async._validate import check_e164, check_enum, check_id, check_int_range
from numbering_async.errors import InvalidRequestError
from numbering_async.telnyx.models import OrderStatus

__all__ = [
    "check_bool",
    "check_count",
    "check_digits",
    "check_e164_list",
    "check_member",
    "check_members",
    "check_text",
    "compact",
    "optional",
    "optional_member",
    "optional_members",
    "reference_or_new",
    "status_and_created",
    "timestamp",
]

E = TypeVar("E", bound=Enum)
R = TypeVar("R")


def optional(check: Callable[[str, Any], R], argument: str, value: Any) -> R | None:
    """``check(argument, value)``, or ``None`` when ``value`` is ``None``."""
    return None if value is None else check(argument, value)


def compact(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` without its ``None`` values (what a JSON body should carry)."""
    return {key: value for key, value in fields.items() if value is not None}


def check_member(
    argument: str, value: E | str, enum: type[E], allowed: Collection[E] | None = None
) -> E:
    """A documented member of ``enum`` and, if given, one of ``allowed``."""
    member = check_enum(argument, value, enum)
    if allowed is not None and member not in allowed:
        choices = ", ".join(str(m.value) for m in allowed)
        raise InvalidRequestError(argument, f"must be one of {choices}; got {value!r}")
    return member


def optional_member(
    argument: str, value: E | str | None, enum: type[E], allowed: Collection[E] | None = None
) -> E | None:
    """:func:`check_member`, or ``None`` when ``value`` is ``None``."""
    return None if value is None else check_member(argument, value, enum, allowed)


def check_members(
    argument: str,
    values: Iterable[E | str],
    enum: type[E],
    allowed: Collection[E] | None = None,
) -> list[E]:
    """A list of members (see :func:`check_member`); a bare string is refused."""
    if isinstance(values, str):
        raise InvalidRequestError(argument, f"expected a list, not the string {values!r}")
    return [check_member(argument, value, enum, allowed) for value in values]


def optional_members(
    argument: str,
    values: Iterable[E | str] | None,
    enum: type[E],
    allowed: Collection[E] | None = None,
) -> list[E] | None:
    """:func:`check_members`, or ``None`` when ``values`` is ``None``."""
    return None if values is None else check_members(argument, values, enum, allowed)


def check_bool(argument: str, value: bool) -> bool:
    """``True`` or ``False`` (not a truthy stand-in)."""
    if not isinstance(value, bool):
        raise InvalidRequestError(argument, f"expected True or False, got {value!r}")
    return value


def check_text(argument: str, value: str) -> str:
    """A non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(argument, f"expected a non-empty string, got {value!r}")
    return value


def check_digits(argument: str, value: str | int) -> str:
    """A code made of ASCII digits (given as text or a non-negative ``int``)."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()):
        raise InvalidRequestError(argument, f"expected digits, got {value!r}")
    return text


def check_e164_list(argument: str, values: Iterable[str]) -> list[str]:
    """A non-empty list of E.164 numbers (a bare string is refused)."""
    if isinstance(values, str):
        raise InvalidRequestError(argument, f"expected a list of numbers, not {values!r}")
    numbers = [check_e164(argument, value) for value in values]
    if not numbers:
        raise InvalidRequestError(argument, "must not be empty")
    return numbers


def check_count(argument: str, value: int) -> int:
    """A positive integer."""
    return check_int_range(argument, value, 1)


def timestamp(argument: str, value: datetime | str) -> str:
    """An aware ``datetime`` or an ISO 8601 string, as the ISO 8601 text the API expects."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidRequestError(argument, "expected an aware datetime (with a time zone)")
        return value.isoformat()
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    raise InvalidRequestError(
        argument, f"expected a datetime or ISO 8601 text like 2024-01-31T00:00:00Z, got {value!r}"
    )


def reference_or_new(customer_reference: str | None) -> str:
    """The caller's customer reference, or a fresh one for a purchase."""
    if customer_reference is None:
        return new_reference()
    return check_id("customer_reference", customer_reference)


def status_and_created(
    status: Any, created_at_gt: datetime | str | None, created_at_lt: datetime | str | None
) -> dict[str, Any]:
    """The ``filter[status]`` and ``filter[created_at][gt|lt]`` filters of order listings."""
    return {
        "status": optional_member("status", status, OrderStatus),
        "created_at": {
            "gt": optional(timestamp, "created_at_gt", created_at_gt),
            "lt": optional(timestamp, "created_at_lt", created_at_lt),
        },
    }
