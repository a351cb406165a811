"""The provider-neutral coverage layer.

:class:`CoverageQuery` says what to look for; every client that implements
:class:`CoverageSource` answers it with :class:`CoverageCount` rows (``await
client.coverage(query)``) or :class:`AvailableNumber` values (``await client.search_numbers(query,
limit)``). A query a provider cannot express raises
:class:`~numbering_async.errors.InvalidRequestError` saying so.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import attrs

from numbering_async._validate import check_country, check_nanp_code, check_state
from numbering_async.errors import InvalidRequestError

__all__ = ["AvailableNumber", "CoverageCount", "CoverageQuery", "CoverageSource"]


def _opt_npa(value: str | int | None) -> str | None:
    return None if value is None else check_nanp_code("npa", value)


def _opt_nxx(value: str | int | None) -> str | None:
    return None if value is None else check_nanp_code("nxx", value)


def _opt_state(value: str | None) -> str | None:
    return None if value is None else check_state("state", value)


def _country(value: str) -> str:
    return check_country("country", value)


@attrs.frozen(slots=True)
class CoverageQuery:
    """What to count or search: any of NPA, NXX (with an NPA), state, rate center / locality.

    Values are checked when the query is built (``npa="20"`` raises ``InvalidRequestError``).
    ``country`` is a two-letter ISO code (``us`` becomes ``US``); ``number_type`` a phone number
    type (``local``).
    """

    npa: str | None = attrs.field(default=None, converter=_opt_npa)
    nxx: str | None = attrs.field(default=None, converter=_opt_nxx)
    state: str | None = attrs.field(default=None, converter=_opt_state)
    locality: str | None = None
    """A locality (Telnyx) or rate center (iNumbering) name."""
    country: str = attrs.field(default="US", converter=_country)
    number_type: str = "local"

    def __attrs_post_init__(self) -> None:
        if self.nxx is not None and self.npa is None:
            raise InvalidRequestError("nxx", "an NXX needs an NPA")

    def describe(self) -> str:
        """A short human label, such as ``201-555`` or ``state NJ``."""
        if self.npa and self.nxx:
            return f"{self.npa}-{self.nxx}"
        parts = [
            f"{label} {value}"
            for label, value in (
                ("npa", self.npa),
                ("state", self.state),
                ("locality", self.locality),
            )
            if value
        ]
        return ", ".join(parts) or f"country {self.country}"


@attrs.frozen(slots=True)
class CoverageCount:
    """How many numbers one provider has in one block, locality or state."""

    provider: str
    count: int
    npa: str | None = None
    nxx: str | None = None
    locality: str | None = None
    state: str | None = None


@attrs.frozen(slots=True)
class AvailableNumber:
    """One number a provider offers."""

    provider: str
    phone_number: str
    """E.164, such as ``+12015550123``."""
    locality: str | None = None
    state: str | None = None
    rate_center: str | None = None


@runtime_checkable
class CoverageSource(Protocol):
    """What :func:`numbering_async.bulk_coverage` needs from a client."""

    @property
    def provider(self) -> str:
        """The provider's name (``"telnyx"``, ``"inumbering"``).

        A read-only member, so a client's ``provider`` class variable satisfies it too.
        """
        ...

    async def coverage(self, query: CoverageQuery) -> list[CoverageCount]:
        """Coverage counts for ``query``."""
        ...

    async def search_numbers(self, query: CoverageQuery, limit: int = 10) -> list[AvailableNumber]:
        """Up to ``limit`` available numbers matching ``query``."""
        ...
