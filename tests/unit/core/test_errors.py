"""The exception tree: redaction, messages, status mapping."""

from __future__ import annotations

import builtins

import pytest

from numbering_async import (
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
from numbering_async.errors import REDACTED, error_class_for_status, redact

KEY = "k-123456"


def test_redact_nested_json() -> None:
    body = {
        "apikey": KEY,
        "apiKey": "other",
        "X-Api-Key": "x",
        "access_token": "t",
        "nested": [{"password": "p", "note": f"the key {KEY} was bad"}, ("tuple", KEY)],
        KEY: "a key used as a key",
        "count": 3,
        "ok": None,
    }
    assert redact(body, [KEY]) == {
        "apikey": REDACTED,
        "apiKey": REDACTED,
        "X-Api-Key": REDACTED,
        "access_token": REDACTED,
        "nested": [
            {"password": REDACTED, "note": f"the key {REDACTED} was bad"},
            ["tuple", REDACTED],
        ],
        REDACTED: "a key used as a key",
        "count": 3,
        "ok": None,
    }


def test_redact_strings_and_other_values() -> None:
    assert redact(f"{KEY}:{KEY}", [KEY]) == f"{REDACTED}:{REDACTED}"
    assert redact("nothing here", [KEY, ""]) == "nothing here"
    assert redact(42, [KEY]) == 42
    assert redact(b"bytes stay", [KEY]) == b"bytes stay"


def test_api_error_message_has_everything_a_reader_needs() -> None:
    error = BadRequestError(
        status=422,
        code="10015",
        title="Invalid filter",
        detail="npa must be 3 digits",
        request_id="req-9",
        provider="telnyx",
    )
    assert str(error) == (
        "telnyx error 422, code 10015: Invalid filter: npa must be 3 digits (request id req-9)"
    )
    assert (error.status, error.code, error.request_id) == (422, "10015", "req-9")
    assert not error.retryable
    assert str(APIError(status=500)) == "API error 500"


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(408, True), (429, True), (500, False), (502, True), (503, True), (504, True)],
)
def test_retryable_statuses(status: int, retryable: bool) -> None:
    assert error_class_for_status(status)(status=status).retryable is retryable
    assert APIError(status=status, retryable=not retryable).retryable is (not retryable)


def test_invalid_request_error_is_a_value_error_naming_the_argument() -> None:
    error = InvalidRequestError("npa", "expected three digits")
    assert isinstance(error, ValueError)
    assert isinstance(error, NumberingError)
    assert error.argument == "npa"
    assert str(error) == "npa: expected three digits"


def test_timeout_error_is_also_the_builtin() -> None:
    error = TimeoutError("slow", method="GET", url="https://h.test/x")
    assert isinstance(error, builtins.TimeoutError)
    assert isinstance(error, TransportError)
    assert error.request_sent
    assert str(error) == "slow (GET https://h.test/x)"
    with pytest.raises(builtins.TimeoutError):
        raise error


def test_transport_errors_say_whether_the_request_was_sent() -> None:
    assert ConnectError("x").request_sent is False
    assert ConnectionLostError("x").request_sent is True


def test_decode_errors_carry_status_and_request_id() -> None:
    error = ResponseTooLargeError("too big", status=200, request_id="r-1")
    assert isinstance(error, DecodeError)
    assert str(error) == "too big (status 200, request id r-1)"
    assert str(DecodeError("bad")) == "bad"


def test_outcome_unknown_error_carries_the_reference() -> None:
    cause = TimeoutError("slow")
    error = OutcomeUnknownError("may have been placed", reference="na-1", cause=cause)
    assert (error.reference, error.cause) == ("na-1", cause)
    assert "na-1" in str(error)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (410, BadRequestError),
        (422, BadRequestError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (599, ServerError),
        (302, APIError),
        (200, APIError),
    ],
)
def test_error_class_for_status(status: int, error: type[APIError]) -> None:
    assert error_class_for_status(status) is error
