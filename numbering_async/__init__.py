"""numbering_async: an async-first SDK for telephone-number provisioning APIs.

Public names only. See README.md for a tour. Each backend (Telnyx, iNumbering) is imported the
first time one of its names is used, so ``import numbering_async`` stays light.
"""

import importlib
from typing import TYPE_CHECKING, Any

from numbering_async._client import RequestEvent
from numbering_async._http import HttpRequest, HttpResponse, Transport
from numbering_async._retry import NO_RETRY, RetryPolicy
from numbering_async._settle import SettlePolicy
from numbering_async.bulk import BulkResult, bulk_coverage
from numbering_async.bulk import stream as bulk_stream
from numbering_async.coverage import (
    AvailableNumber,
    CoverageCount,
    CoverageQuery,
    CoverageSource,
)
from numbering_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ClientStateError,
    ConflictError,
    ConnectError,
    ConnectionLostError,
    DecodeError,
    InvalidRequestError,
    NotFoundError,
    NumberingError,
    OutcomeUnknownError,
    PermissionDeniedError,
    PoolTimeoutError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError,
    TransportError,
    WrongEventLoopError,
)
from numbering_async.pagination import AsyncPaginator, Page, PageMeta
from numbering_async.transports import AiohttpTransport, MockResponse, MockTransport

if TYPE_CHECKING:
    from numbering_async.inumbering import (
        CountBy,
        Gateway,
        INumberingClient,
        OrderReceipt,
        TnCoverageRow,
        TnInventoryNumber,
        TnOrderItem,
    )
    from numbering_async.telnyx import (
        OrderingGroup,
        OrderPhoneNumber,
        RegulatoryRequirementValue,
        TelnyxClient,
    )

_LAZY = {
    **dict.fromkeys(
        (
            "CountBy",
            "Gateway",
            "INumberingClient",
            "OrderReceipt",
            "TnCoverageRow",
            "TnInventoryNumber",
            "TnOrderItem",
        ),
        "numbering_async.inumbering",
    ),
    **dict.fromkeys(
        ("OrderingGroup", "OrderPhoneNumber", "RegulatoryRequirementValue", "TelnyxClient"),
        "numbering_async.telnyx",
    ),
}
"""Public names of the backends, by the module they are imported from on first use."""


def __getattr__(name: str) -> Any:
    """Import the backend that defines ``name`` (once; the name is then a plain global)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the backends' not yet imported ones included."""
    return sorted({*globals(), *__all__})


__version__ = "0.1.0.dev0"

__all__ = [
    "NO_RETRY",
    "APIError",
    "AiohttpTransport",
    "AsyncPaginator",
    "AuthenticationError",
    "AvailableNumber",
    "BadRequestError",
    "BulkResult",
    "ClientClosedError",
    "ClientStateError",
    "ConflictError",
    "ConnectError",
    "ConnectionLostError",
    "CountBy",
    "CoverageCount",
    "CoverageQuery",
    "CoverageSource",
    "DecodeError",
    "Gateway",
    "HttpRequest",
    "HttpResponse",
    "INumberingClient",
    "InvalidRequestError",
    "MockResponse",
    "MockTransport",
    "NotFoundError",
    "NumberingError",
    "OrderPhoneNumber",
    "OrderReceipt",
    "OrderingGroup",
    "OutcomeUnknownError",
    "Page",
    "PageMeta",
    "PermissionDeniedError",
    "PoolTimeoutError",
    "RateLimitError",
    "RegulatoryRequirementValue",
    "RequestEvent",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "SettlePolicy",
    "TelnyxClient",
    "TimeoutError",
    "TnCoverageRow",
    "TnInventoryNumber",
    "TnOrderItem",
    "Transport",
    "TransportError",
    "WrongEventLoopError",
    "bulk_coverage",
    "bulk_stream",
]
