"""The one exception tree of ``numbering_async``.

Every error the SDK raises on purpose is a :class:`NumberingError`::

    NumberingError
    ├── InvalidRequestError (also ValueError)    bad input, caught before anything is sent
    ├── TransportError                           the HTTP exchange itself failed
    │   ├── ConnectError                         could not connect: the request was surely not sent
    │   │   └── PoolTimeoutError                 no pooled connection in time: surely not sent
    │   ├── ConnectionLostError                  the connection dropped after the request was sent
    │   └── TimeoutError (also builtins.TimeoutError)
    │                                            no (complete) answer in time: may have arrived
    ├── APIError                                 the service answered with an error
    │   ├── BadRequestError                      400, 422 (and iNumbering 409/414/432 ...)
    │   ├── AuthenticationError                  401
    │   ├── PermissionDeniedError                403
    │   ├── NotFoundError                        404
    │   ├── ConflictError                        409 (iNumbering: 470 brand exists)
    │   ├── RateLimitError                       429, with ``retry_after`` seconds
    │   └── ServerError                          5xx (iNumbering: 410/411/431)
    ├── DecodeError                              the body was not the JSON we expected
    │   └── ResponseTooLargeError                the body exceeded the transport's size limit
    ├── OutcomeUnknownError                      a purchase may or may not have happened
    ├── ClientStateError (also RuntimeError)     the client cannot send now
    │   ├── ClientClosedError                    it (or its transport) was closed
    │   └── WrongEventLoopError                  it is bound to another event loop
    └── HistoryError                             the saved-scan database cannot be used
        ├── SchemaVersionError                   it was written by a newer numbering_async
        └── ScanNotFoundError (also LookupError) no saved scan has that id

:class:`APIError` carries the HTTP ``status``, the provider's error ``code``, ``title``,
``detail``, ``request_id`` (``x-request-id``), the provider name and a redacted ``body``.
No error ever holds or prints an API key, whole or in part: bodies are scrubbed with
:func:`redact` before they are stored or cut to an excerpt.
"""

from __future__ import annotations

import builtins
from typing import Any

from numbering_async._redact import REDACTED, SECRET_RUN, redact

__all__ = [
    "REDACTED",
    "SECRET_RUN",
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ClientStateError",
    "ConflictError",
    "ConnectError",
    "ConnectionLostError",
    "DecodeError",
    "HistoryError",
    "InvalidRequestError",
    "NotFoundError",
    "NumberingError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PoolTimeoutError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ScanNotFoundError",
    "SchemaVersionError",
    "ServerError",
    "TimeoutError",
    "TransportError",
    "WrongEventLoopError",
    "error_class_for_status",
    "redact",
]


class NumberingError(Exception):
    """Base class of every error this SDK raises on purpose."""


class InvalidRequestError(NumberingError, ValueError):
    """An argument is invalid; nothing was sent.

    ``argument`` names the offending parameter.
    """

    def __init__(self, argument: str, message: str) -> None:
        self.argument = argument
        super().__init__(f"{argument}: {message}")


class TransportError(NumberingError):
    """The HTTP exchange failed before a complete response arrived.

    ``request_sent`` tells whether the request may have reached the server.
    """

    request_sent: bool = True

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        self.method = method
        self.url = url
        where = f" ({method} {url})" if method else ""
        super().__init__(f"{message}{where}")


class ConnectError(TransportError):
    """The connection could not be opened; the request was surely not sent."""

    request_sent = False


class PoolTimeoutError(ConnectError):
    """No pooled connection became free in time; the request was surely not sent."""


class ConnectionLostError(TransportError):
    """The connection dropped after the request was (maybe) sent."""


class TimeoutError(TransportError, builtins.TimeoutError):
    """No complete answer within the timeout; the request may have arrived."""


class APIError(NumberingError):
    """The service answered with an error."""

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int,
        code: str | None = None,
        title: str | None = None,
        detail: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        provider: str = "",
        retry_after: float | None = None,
        retryable: bool | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.request_id = request_id
        self.body = body
        self.provider = provider
        self.retry_after = retry_after
        self._retryable = retryable
        super().__init__(message or self._describe())

    @property
    def retryable(self) -> bool:
        """Whether an idempotent call may be tried again after this error."""
        if self._retryable is not None:
            return self._retryable
        return self.status in (408, 429, 502, 503, 504)

    def _describe(self) -> str:
        parts = [f"{self.provider or 'API'} error {self.status}"]
        if self.code:
            parts.append(f"code {self.code}")
        text = ": ".join(p for p in (self.title, self.detail) if p)
        head = ", ".join(parts)
        message = f"{head}: {text}" if text else head
        if self.request_id:
            message += f" (request id {self.request_id})"
        return message


class BadRequestError(APIError):
    """The service rejected the request as invalid (400, 422)."""


class AuthenticationError(APIError):
    """The API key is missing or wrong (401)."""


class PermissionDeniedError(APIError):
    """The key may not do this (403)."""


class NotFoundError(APIError):
    """The resource does not exist (404)."""


class ConflictError(APIError):
    """The request conflicts with the current state (409, duplicate brand, ...)."""


class RateLimitError(APIError):
    """Too many requests (429); ``retry_after`` is the server's wait in seconds, if given."""


class ServerError(APIError):
    """The service failed (5xx)."""


class DecodeError(NumberingError):
    """The response body was not what the API documents (HTML, truncated, wrong shape, or
    without a field every response carries: the message names the model and the field)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        excerpt: str | None = None,
    ) -> None:
        self.status = status
        self.request_id = request_id
        self.excerpt = excerpt
        extra = [f"status {status}"] if status is not None else []
        if request_id:
            extra.append(f"request id {request_id}")
        suffix = f" ({', '.join(extra)})" if extra else ""
        super().__init__(f"{message}{suffix}")


class ResponseTooLargeError(DecodeError):
    """The response body exceeded the transport's maximum size."""


class OutcomeUnknownError(NumberingError):
    """A purchase may or may not have gone through, and the SDK could not tell.

    The SDK never resends such a write. ``reference`` is the customer reference it was sent
    with: look the order up by it (Telnyx: ``client.<resource>.find_by_reference(reference)``)
    before deciding to buy again, and reuse the same reference if you do, so a late
    duplicate can be told apart. ``operation`` names the call, ``asked`` says what it asked
    for, ``others`` lists orders that carry the same reference but are not this call's, and
    ``cause`` is the failure that made the outcome unknown.
    """

    def __init__(
        self,
        message: str,
        *,
        reference: str,
        cause: BaseException | None = None,
        operation: str = "",
        asked: str = "",
        others: tuple[str, ...] = (),
    ) -> None:
        self.reference = reference
        self.cause = cause
        self.operation = operation
        self.asked = asked
        self.others = others
        super().__init__(f"{message} (reference {reference!r})")


class ClientStateError(NumberingError, RuntimeError):
    """The client cannot send a request in its present state; nothing was sent."""


class ClientClosedError(ClientStateError):
    """The client, or the transport under it, has been closed."""


class WrongEventLoopError(ClientStateError):
    """The client (its connection pool) belongs to another event loop than the caller's."""


class HistoryError(NumberingError):
    """The saved-scan database (:mod:`numbering_async.history`) cannot be used: corrupt,
    locked for too long, not a database, or not writable. The message names the file."""


class SchemaVersionError(HistoryError):
    """The database was written by a newer ``numbering_async`` (a schema this one predates)."""


class ScanNotFoundError(HistoryError, LookupError):
    """No saved scan has the id asked for."""


_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> type[APIError]:
    """The :class:`APIError` subclass for an HTTP status."""
    if status >= 500:
        return ServerError
    return _STATUS_CLASSES.get(status, BadRequestError if 400 <= status < 500 else APIError)
