"""Reading an iNumbering response: success is in the body, errors map onto the shared tree.

A call succeeded when its body says ``"statusCode": "200"`` and ``"status": "Success"``,
whatever the HTTP status. Otherwise the body's ``statusCode`` (the service uses HTTP codes as
application codes, in 200 responses too) or, failing that, the HTTP status picks the error:

==========  ==================================================  ===========================
code        meaning (spec)                                      error
==========  ==================================================  ===========================
400, 414    bad input, fields required                          BadRequestError
401         unauthorized                                        AuthenticationError
409         searches, messaging: input the service rejected     BadRequestError
409         ``tnOrder``, gateways: clash with the account state ConflictError
410, 411    database error, unknown error                       ServerError
422         over the order quantity limit (100,000 numbers)     BadRequestError
430         no result found (searches: an empty list instead)   NotFoundError
431         unable to complete the request at the moment        ServerError, retryable
432         TN excluded                                         BadRequestError
470         brand name already exists                           ConflictError
429, 5xx    HTTP rate limit / failure (with ``Retry-After``)    RateLimitError / ServerError
==========  ==================================================  ===========================

A body with an ``exception`` key (a server-side crash dump) is a :class:`ServerError` (or the
HTTP status's error). A body that is not a JSON object (HTML, empty, truncated) is the HTTP
status's error when that is 4xx/5xx, and a :class:`DecodeError` otherwise. Every stored body,
title and detail is redacted first: the API key never reaches an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numbering_async import _json
from numbering_async._http import HttpResponse
from numbering_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DecodeError,
    NotFoundError,
    ServerError,
    error_class_for_status,
)
from numbering_async.inumbering._endpoints import Endpoint

__all__ = ["NO_RESULT", "RETRYABLE_CODES", "read_body"]

SUCCESS = "200"
NO_RESULT = "430"
RETRYABLE_CODES = frozenset({"408", "429", "431", "502", "503", "504"})
"""Body codes worth another try for an idempotent call (431 "unable to complete ... at the
moment" and the HTTP codes the retry policy retries)."""
_EXCERPT = 200
_DETAIL = 500

_CODES: dict[str, tuple[type[APIError], str]] = {
    "400": (BadRequestError, "Bad request"),
    "401": (AuthenticationError, "Unauthorized"),
    "410": (ServerError, "Database error"),
    "411": (ServerError, "Unknown error"),
    "414": (BadRequestError, "Fields are required"),
    "422": (BadRequestError, "Over the order quantity limit (100,000 numbers)"),
    NO_RESULT: (NotFoundError, "No result found"),
    "431": (ServerError, "Unable to complete the request at the moment"),
    "432": (BadRequestError, "TN excluded"),
    "470": (ConflictError, "Brand name already exists"),
}

Redact = Callable[[Any], Any]


def read_body(response: HttpResponse, endpoint: Endpoint[Any] | None, redact: Redact) -> Any:
    """The decoded body of a successful call, or the typed error the response stands for."""
    body = _loads(response.body)
    if isinstance(body, dict):
        code = _code(body.get("statusCode"))
        if "exception" in body:
            cls = ServerError if response.status < 400 else error_class_for_status(response.status)
            raise _error(cls, "Server exception", response, code, body, redact)
        if code == SUCCESS and body.get("status") == "Success":
            return body
        if code == NO_RESULT and endpoint is not None and endpoint.no_result_is_empty:
            return body
        if code is not None and code != SUCCESS:
            cls, title = _class_for_code(code, endpoint)
            raise _error(cls, title, response, code, body, redact)
    problem = _describe(body, response.body)
    # Redact the whole body, then cut: a cut first could leave a part of the key unrecognised.
    excerpt = redact(response.body.decode("utf-8", "replace"))[:_EXCERPT]
    if response.status >= 400:
        cls = error_class_for_status(response.status)
        raise _error(cls, f"HTTP {response.status}", response, None, excerpt, redact, problem)
    raise DecodeError(
        f"iNumbering answered with {problem}",
        status=response.status,
        request_id=response.request_id,
        excerpt=excerpt,
    )


_NOT_JSON = object()


def _loads(raw: bytes) -> Any:
    try:
        return _json.loads(raw)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return _NOT_JSON


def _code(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _class_for_code(code: str, endpoint: Endpoint[Any] | None) -> tuple[type[APIError], str]:
    if code == "409":
        cls = endpoint.conflict if endpoint is not None else ConflictError
        return cls, "Conflict" if cls is ConflictError else "Invalid input parameters"
    known = _CODES.get(code)
    if known is not None:
        return known
    status = int(code) if code.isascii() and code.isdigit() else 500
    return error_class_for_status(status), f"Error {code}"


def _describe(body: Any, raw: bytes) -> str:
    if body is not _NOT_JSON:
        if isinstance(body, dict):
            return "a JSON object without a statusCode/status pair saying Success"
        return f"JSON {type(body).__name__}, not an object"
    text = raw.lstrip()
    if not text:
        return "an empty body"
    if text[:1] == b"<":
        return "an HTML page, not JSON"
    return "invalid or truncated JSON"


def _error(
    cls: type[APIError],
    title: str,
    response: HttpResponse,
    code: str | None,
    body: Any,
    redact: Redact,
    detail: str | None = None,
) -> APIError:
    clean = redact(body)
    return cls(
        status=response.status,
        code=code,
        title=title,
        detail=detail if detail is not None else _detail(clean),
        request_id=response.request_id,
        body=clean,
        provider="inumbering",
        retryable=None if code is None else code in RETRYABLE_CODES,
    )


def _detail(body: Any) -> str | None:
    if isinstance(body, dict):
        text = body.get("message") or body.get("exception")
        if text is not None:
            return str(text)[:_DETAIL]
    return None
