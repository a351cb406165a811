"""Open string enums: known values are members, unknown values from the server still decode."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

__all__ = ["OpenStrEnum"]


class OpenStrEnum(StrEnum):
    """A ``StrEnum`` that accepts values it does not know.

    ``Status("brand_new")`` returns a pseudo-member (not added to the class) instead of raising,
    so a status the service adds tomorrow never breaks decoding. Input validation uses
    :meth:`is_known` to reject values we do not know before they are sent.
    """

    @classmethod
    def _missing_(cls, value: Any) -> Self | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    @classmethod
    def is_known(cls, value: str) -> bool:
        """Whether ``value`` is one of the documented members."""
        return value in cls._value2member_map_
