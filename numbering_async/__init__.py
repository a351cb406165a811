"""numbering_async: an async-first SDK for telephone-number provisioning APIs.

Public names only. See README.md for a tour.
"""

from numbering_async._client import RequestEvent
from numbering_async._http import HttpRequest, HttpResponse, Transport
from numbering_async._retry import NO_RETRY, RetryPolicy
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
    ConflictError,
    ConnectError,
    ConnectionLostError,
    DecodeError,
    InvalidRequestError,
    NotFoundError,
    NumberingError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError,
    TransportError,
)
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
from numbering_async.transports import AiohttpTransport, MockResponse, MockTransport

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
    "RateLimitError",
    "RegulatoryRequirementValue",
    "RequestEvent",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "TelnyxClient",
    "TimeoutError",
    "TnCoverageRow",
    "TnInventoryNumber",
    "TnOrderItem",
    "Transport",
    "TransportError",
    "bulk_coverage",
    "bulk_stream",
]
