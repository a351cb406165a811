"""The iNumbering and gateways operations: path, how to decode, how to retry, what 409 means.

Every operation is a ``POST`` to a path ending in ``/`` (without the slash it is another path).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from numbering_async._converter import structurer
from numbering_async.errors import APIError, BadRequestError, ConflictError
from numbering_async.inumbering import _wire
from numbering_async.inumbering._converter import converter

__all__ = [
    "ADD_MESSAGING_BRAND",
    "ADD_MESSAGING_CAMPAIGN",
    "ENDPOINTS",
    "GATEWAYS_ADD",
    "GATEWAYS_LIST",
    "GATEWAYS_REMOVE",
    "GATEWAYS_UPDATE",
    "TN_INVENTORY",
    "TN_INVENTORY_COVERAGE",
    "TN_MESSAGING_CAMPAIGN",
    "TN_ORDER",
    "Endpoint",
]

T = TypeVar("T")


@attrs.frozen(slots=True)
class Endpoint(Generic[T]):
    """One operation."""

    path: str
    response: type[T]
    idempotent: bool
    """Safe to send twice (searches, lists, setting a route to a gateway)."""
    conflict: type[APIError]
    """What a 409 means here: input the service rejected, or a clash with the account's state."""
    no_result_is_empty: bool = False
    """Whether 430 "No Result Found" is an empty answer rather than an error."""
    decode: Callable[[Any], T] = attrs.field(init=False)

    @decode.default
    def _decode(self) -> Callable[[Any], T]:
        return structurer(converter, self.response)


# Searches: a 409 carries the upstream (IQ) rejection of the search as given.
TN_INVENTORY = Endpoint(
    "/v2/iNumbering/tnInventory/",
    _wire.TnInventoryResponse,
    idempotent=True,
    conflict=BadRequestError,
    no_result_is_empty=True,
)
TN_INVENTORY_COVERAGE = Endpoint(
    "/v2/iNumbering/tnInventoryCoverage/",
    _wire.TnInventoryCoverageResponse,
    idempotent=True,
    conflict=BadRequestError,
    no_result_is_empty=True,
)
# An order the network refuses (the number is gone, already yours ...) clashes with its state.
TN_ORDER = Endpoint(
    "/v2/iNumbering/tnOrder/", _wire.OrderIdResponse, idempotent=False, conflict=ConflictError
)
# Messaging: the spec documents 409 as "Invalid Input Parameters" / an invalid id format.
ADD_MESSAGING_BRAND = Endpoint(
    "/v2/iNumbering/addMessagingBrand/", _wire.Envelope, idempotent=False, conflict=BadRequestError
)
ADD_MESSAGING_CAMPAIGN = Endpoint(
    "/v2/iNumbering/addMessagingCampaign/",
    _wire.Envelope,
    idempotent=False,
    conflict=BadRequestError,
)
TN_MESSAGING_CAMPAIGN = Endpoint(
    "/v2/iNumbering/tnMessagingCampaign/",
    _wire.OrderIdResponse,
    idempotent=False,
    conflict=BadRequestError,
)
# Gateways: 409 is a partial failure (a route still in use, a host that does not resolve).
GATEWAYS_LIST = Endpoint(
    "/v2.1/gateways/list/", _wire.GatewaysResponse, idempotent=True, conflict=ConflictError
)
GATEWAYS_ADD = Endpoint(
    "/v2.1/gateways/add/", _wire.GatewaysAddResponse, idempotent=False, conflict=ConflictError
)
GATEWAYS_UPDATE = Endpoint(
    "/v2.1/gateways/update/", _wire.GatewaysResponse, idempotent=True, conflict=ConflictError
)
GATEWAYS_REMOVE = Endpoint(
    "/v2.1/gateways/remove/",
    _wire.GatewaysRemoveResponse,
    idempotent=False,
    conflict=ConflictError,
)

ENDPOINTS: tuple[Endpoint[Any], ...] = (
    TN_INVENTORY,
    TN_INVENTORY_COVERAGE,
    TN_ORDER,
    ADD_MESSAGING_BRAND,
    ADD_MESSAGING_CAMPAIGN,
    TN_MESSAGING_CAMPAIGN,
    GATEWAYS_LIST,
    GATEWAYS_ADD,
    GATEWAYS_UPDATE,
    GATEWAYS_REMOVE,
)
