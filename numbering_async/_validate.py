"""Input checks shared by both backends. Each raises :class:`InvalidRequestError` naming the
argument, before anything is sent."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from numbering_async.errors import InvalidRequestError

__all__ = [
    "check_country",
    "check_e164",
    "check_enum",
    "check_id",
    "check_int_range",
    "check_nanp_code",
    "check_nanp_tn",
    "check_non_empty",
    "check_page_size",
    "check_state",
    "check_uuid",
]

E = TypeVar("E", bound=Enum)

# re.ASCII: a bare \d would also accept Arabic-Indic and other Unicode digits.
_E164 = re.compile(r"\+[1-9]\d{1,14}", re.ASCII)
_NANP_CODE = re.compile(r"[2-9]\d\d", re.ASCII)
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_TN = re.compile(r"(?:\+?1)?([2-9]\d{2}[2-9]\d{6})", re.ASCII)
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")

MAX_PAGE_SIZE = 250


def check_e164(argument: str, value: str) -> str:
    """An E.164 number such as ``+12015550123``."""
    if not isinstance(value, str) or not _E164.fullmatch(value):
        raise InvalidRequestError(
            argument, f"expected an E.164 number like +12015550123, got {value!r}"
        )
    return value


def check_nanp_tn(argument: str, value: str | int) -> str:
    """A NANP number as 10 digits; accepts ``+1``/``1`` prefixes and returns the 10 digits."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    match = _TN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidRequestError(
            argument, f"expected a 10-digit NANP number like 2015550123, got {value!r}"
        )
    return match.group(1)


def check_nanp_code(argument: str, value: str | int) -> str:
    """A NANP NPA or NXX: three digits, the first 2-9. Returns it as a string."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _NANP_CODE.fullmatch(text):
        raise InvalidRequestError(
            argument, f"expected three digits starting with 2-9 (like 201), got {value!r}"
        )
    return text


def _two_letters(argument: str, value: str, example: str) -> str:
    if not isinstance(value, str) or not _TWO_LETTERS.fullmatch(value):
        raise InvalidRequestError(
            argument, f"expected a two-letter code like {example}, got {value!r}"
        )
    return value.upper()


def check_state(argument: str, value: str) -> str:
    """A two-letter state or province code, returned upper-case."""
    return _two_letters(argument, value, "NJ")


def check_country(argument: str, value: str) -> str:
    """A two-letter ISO 3166 country code, returned upper-case."""
    return _two_letters(argument, value, "US")


def check_int_range(argument: str, value: int, low: int, high: int | None = None) -> int:
    """An ``int`` within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(argument, f"expected an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise InvalidRequestError(argument, f"must be {bounds}, got {value}")
    return value


def check_page_size(argument: str, value: int) -> int:
    """A page size between 1 and 250."""
    return check_int_range(argument, value, 1, MAX_PAGE_SIZE)


def check_enum(argument: str, value: str | E, enum: type[E]) -> E:
    """A documented member of ``enum`` (given as the member or its value)."""
    if isinstance(value, enum) and value.value in enum._value2member_map_:
        return value
    member = enum._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(str(m.value) for m in enum)
        raise InvalidRequestError(argument, f"must be one of {allowed}; got {value!r}")
    return member  # type: ignore[return-value]


def check_non_empty(argument: str, values: Iterable[object]) -> list[object]:
    """A non-empty list (materialised); a bare string is refused, not split into characters."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidRequestError(argument, f"expected a list, got {type(values).__name__}")
    items = list(values)
    if not items:
        raise InvalidRequestError(argument, "must not be empty")
    return items


def check_id(argument: str, value: str) -> str:
    """A resource id: a non-blank string, and not ``.`` or ``..`` (ids go into URL paths)."""
    if not isinstance(value, str) or not value.strip() or value in (".", ".."):
        raise InvalidRequestError(argument, f"expected a non-empty id string, got {value!r}")
    return value


def check_uuid(argument: str, value: str) -> str:
    """A UUID in its canonical hyphenated form, such as ``182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e``."""
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise InvalidRequestError(
            argument, f"expected a UUID like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e, got {value!r}"
        )
    return value
