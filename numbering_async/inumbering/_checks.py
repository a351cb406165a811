"""Input checks for the iNumbering rules the spec states only in prose.

Each raises :class:`~numbering_async.errors.InvalidRequestError` naming the argument, before
anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

from numbering_async._validate import check_int_range, check_nanp_tn, check_non_empty
from numbering_async.errors import InvalidRequestError
from numbering_async.inumbering.models import TnOrderItem

__all__ = [
    "MAX_QUANTITY",
    "check_brand_id",
    "check_campaign_id",
    "check_gateway",
    "check_lata",
    "check_many",
    "check_order_items",
    "check_route",
    "check_text",
    "check_tn_mask",
    "check_tns",
]

MAX_QUANTITY = 100_000
"""The only quantity limit the spec documents ("Order quantity limit is 100,000 numbers", 422
on ``tnMessagingCampaign``); applied to searches and to both kinds of order."""

T = TypeVar("T")

_TN_MASK = re.compile(r"[0-9xX]{10}")
_LATA = re.compile(r"[0-9]{3}")
_CAMPAIGN_ID = re.compile(r"C[A-Za-z0-9]{6}")
_BRAND_ID = re.compile(r"B[A-Za-z0-9]+")
_GATEWAY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::([0-9]{1,5}))?")


def check_tn_mask(argument: str, value: str) -> str:
    """10 characters of digits and ``x`` (a wildcard), such as ``201xxxxxxx``; lower-cased."""
    if not isinstance(value, str) or not _TN_MASK.fullmatch(value):
        raise InvalidRequestError(
            argument, f"expected 10 characters of digits and x (like 201xxxxxxx), got {value!r}"
        )
    return value.lower()


def check_lata(argument: str, value: str | int) -> str:
    """A LATA: three digits (``224``), returned as a string."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _LATA.fullmatch(text):
        raise InvalidRequestError(argument, f"expected a 3-digit LATA like 224, got {value!r}")
    return text


def check_text(argument: str, value: str) -> str:
    """A non-blank string, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(argument, f"expected a non-empty string, got {value!r}")
    return value.strip()


def check_campaign_id(argument: str, value: str) -> str:
    """A campaign id: 7 characters, letters and digits, starting with ``C`` (``C123456``)."""
    if not isinstance(value, str) or not _CAMPAIGN_ID.fullmatch(value):
        raise InvalidRequestError(
            argument,
            f"expected 7 letters and digits starting with C (like C123456), got {value!r}",
        )
    return value


def check_brand_id(argument: str, value: str) -> str:
    """A messaging brand id: letters and digits starting with ``B`` (``B12345``)."""
    if not isinstance(value, str) or not _BRAND_ID.fullmatch(value):
        raise InvalidRequestError(
            argument, f"expected letters and digits starting with B (like B12345), got {value!r}"
        )
    return value


def check_route(argument: str, value: int) -> int:
    """A gateway route id (a positive integer from ``gateways()``)."""
    return check_int_range(argument, value, 1)


def check_gateway(argument: str, value: str) -> str:
    """A gateway as ``host`` or ``host:port`` (the service checks it resolves publicly)."""
    match = _GATEWAY.fullmatch(value) if isinstance(value, str) else None
    if match is None or (match.group(1) is not None and not 0 < int(match.group(1)) < 65536):
        raise InvalidRequestError(
            argument, f"expected a host or host:port like 203.0.113.10:5060, got {value!r}"
        )
    return value


def check_many(argument: str, values: Iterable[T], limit: int = MAX_QUANTITY) -> list[T]:
    """A non-empty list of at most ``limit`` items; a lone string or number is refused."""
    items: list[T] = check_non_empty(argument, values)  # type: ignore[assignment]
    if len(items) > limit:
        raise InvalidRequestError(argument, f"at most {limit:,} items, got {len(items):,}")
    return items


def check_tns(argument: str, values: Iterable[str | int]) -> list[str]:
    """Telephone numbers as 10 digits (E.164 ``+1...`` accepted), each listed once."""
    tns = [
        check_nanp_tn(f"{argument}[{index}]", value)
        for index, value in enumerate(check_many(argument, values))
    ]
    _check_unique(argument, tns)
    return tns


def check_order_items(
    argument: str, values: Iterable[str | int | TnOrderItem]
) -> list[TnOrderItem]:
    """Numbers to order (``TnOrderItem`` or a bare number), normalised, each listed once."""
    items = [
        _order_item(f"{argument}[{index}]", value)
        for index, value in enumerate(check_many(argument, values))
    ]
    _check_unique(argument, [item.tn for item in items])
    return items


def _order_item(argument: str, value: str | int | TnOrderItem) -> TnOrderItem:
    if isinstance(value, TnOrderItem):
        route = None if value.route is None else check_route(f"{argument}.route", value.route)
        return TnOrderItem(check_nanp_tn(f"{argument}.tn", value.tn), route)
    return TnOrderItem(check_nanp_tn(argument, value))


def _check_unique(argument: str, tns: Sequence[str]) -> None:
    seen: set[str] = set()
    for tn in tns:
        if tn in seen:
            raise InvalidRequestError(argument, f"{tn} is listed more than once")
        seen.add(tn)
