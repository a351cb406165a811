"""numbering_async: an async-first SDK for telephone-number provisioning APIs.

Public names only. See README.md for a tour. Each backend (Telnyx, iNumbering), the bulk scan
and listings are imported the first time one of their names is used, so ``import
numbering_async`` stays light.
"""

from typing import TYPE_CHECKING

from numbering_async._client import RequestEvent
from numbering_async._http import HttpRequest, HttpResponse, Transport
from numbering_async._lazy import lazy_names
from numbering_async._retry import NO_RETRY, RetryPolicy
from numbering_async._settle import SettlePolicy
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
from numbering_async.transports import AiohttpTransport, MockResponse, MockTransport

if TYPE_CHECKING:
    from numbering_async.bulk import BulkResult, bulk_coverage
    from numbering_async.bulk import stream as bulk_stream
    from numbering_async.inumbering import (
        CountBy,
        Gateway,
        INumberingClient,
        OrderReceipt,
        TnCoverageRow,
        TnInventoryNumber,
        TnOrderItem,
    )
    from numbering_async.pagination import AsyncPaginator, Page, PageMeta
    from numbering_async.telnyx import (
        OrderingGroup,
        OrderPhoneNumber,
        RegulatoryRequirementValue,
        TelnyxClient,
    )

_LAZY = {
    **dict.fromkeys(("BulkResult", "bulk_coverage"), "numbering_async.bulk"),
    "bulk_stream": "numbering_async.bulk:stream",
    **dict.fromkeys(("AsyncPaginator", "Page", "PageMeta"), "numbering_async.pagination"),
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
"""Public names imported on first use, by the module that defines them (``module:name`` where
it calls them otherwise): the backends, the bulk scan and listings."""


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

if not TYPE_CHECKING:  # see _LAZY
    __getattr__, __dir__ = lazy_names(globals(), _LAZY, submodules=("bulk", "pagination"))
