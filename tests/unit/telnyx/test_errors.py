"""Error responses map onto the errors tree with code, title, detail and request id."""

from __future__ import annotations

import pytest

from numbering_async import (
    NO_RETRY,
    APIError,
    AuthenticationError,
    BadRequestError,
    DecodeError,
    MockResponse,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from tests.leaks import KeyScan

from .helpers import KEY, Api

PATH = "/v2/number_orders/o-1"


def envelope(code: str, title: str, detail: str, **extra: object) -> dict[str, object]:
    return {"errors": [{"code": code, "title": title, "detail": detail, **extra}]}


async def fail_with(reply: MockResponse) -> APIError:
    api = Api().on("GET", PATH, reply)
    async with api.client(retry=NO_RETRY) as telnyx:
        with pytest.raises(APIError) as caught:
            await telnyx.number_orders.retrieve("o-1")
    assert len(api.requests) == 1
    return caught.value


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, BadRequestError),
        (500, ServerError),
    ],
)
async def test_status_maps_to_error_class_with_envelope_fields(
    status: int, error_class: type[APIError]
) -> None:
    body = envelope(
        "10007",
        "Unexpected error",
        "An unexpected error occured.",
        source={"pointer": "/base"},
        meta={"url": "https://developers.telnyx.com/docs/overview/errors/10007"},
    )
    error = await fail_with(MockResponse(status, json=body, headers={"x-request-id": "req-9"}))
    assert type(error) is error_class
    assert (error.status, error.code, error.title, error.detail, error.request_id) == (
        status,
        "10007",
        "Unexpected error",
        "An unexpected error occured.",
        "req-9",
    )
    assert error.provider == "telnyx"
    assert error.body == body
    assert "code 10007" in str(error)
    assert "req-9" in str(error)


async def test_spec_401_example_is_an_authentication_error() -> None:
    body = {
        "errors": [
            {
                "code": "10009",
                "detail": "Could not understand the provided credentials.",
                "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10009"},
                "title": "Authentication failed",
            }
        ]
    }
    error = await fail_with(MockResponse(401, json=body))
    assert isinstance(error, AuthenticationError)
    assert (error.code, error.title) == ("10009", "Authentication failed")
    assert error.request_id is None


async def test_429_carries_retry_after() -> None:
    body = envelope("10011", "Too many requests", "Slow down.")
    reply = MockResponse(429, json=body, headers={"Retry-After": "7", "x-request-id": "r-429"})
    error = await fail_with(reply)
    assert isinstance(error, RateLimitError)
    assert (error.retry_after, error.code, error.request_id) == (7.0, "10011", "r-429")


async def test_non_json_502_page_is_a_server_error_with_an_excerpt() -> None:
    html = (
        "<html><head><title>502 Bad Gateway</title></head>"
        "<body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>"
    )
    reply = MockResponse(
        502, body=html, headers={"Content-Type": "text/html", "x-request-id": "edge-1"}
    )
    error = await fail_with(reply)
    assert isinstance(error, ServerError)
    assert (error.status, error.code, error.title) == (502, None, "502 Bad Gateway")
    assert error.detail == "502 Bad Gateway nginx"
    assert error.request_id == "edge-1"
    assert error.retryable


async def test_empty_error_body_uses_the_reason_phrase() -> None:
    error = await fail_with(MockResponse(503, body=b""))
    assert isinstance(error, ServerError)
    assert (error.title, error.detail, error.body) == ("Service Unavailable", None, None)


async def test_json_error_without_the_envelope_keeps_the_body() -> None:
    error = await fail_with(MockResponse(400, json={"message": "nope"}))
    assert isinstance(error, BadRequestError)
    assert error.code is None
    assert error.body == {"message": "nope"}


async def test_several_errors_join_their_details() -> None:
    body = {
        "errors": [
            {"code": "10015", "title": "Invalid value", "detail": "npa is invalid"},
            {"code": "10015", "title": "Invalid value", "detail": "nxx is invalid"},
        ]
    }
    error = await fail_with(MockResponse(422, json=body))
    assert (error.code, error.detail) == ("10015", "npa is invalid; nxx is invalid")


@pytest.mark.parametrize("echoed", [KEY, KEY[:12], KEY[-9:]], ids=["whole", "head", "tail"])
async def test_error_body_echoing_the_key_is_redacted(echoed: str) -> None:
    body = envelope("10009", "Authentication failed", f"key {echoed} is unknown")
    error = await fail_with(MockResponse(401, json=body))
    assert error.detail == "key <redacted> is unknown"
    assert KeyScan(KEY).leaks(error) == []


@pytest.mark.parametrize(
    "body", [b"", b"<html>maintenance</html>", b'{"data": {"id": "o-1"', b"\xff\xfe"]
)
async def test_success_without_json_is_a_decode_error(body: bytes) -> None:
    api = Api().on("GET", PATH, MockResponse(200, body=body, headers={"x-request-id": "r-1"}))
    async with api.client() as telnyx:
        with pytest.raises(DecodeError) as caught:
            await telnyx.number_orders.retrieve("o-1")
    assert caught.value.status == 200
    assert caught.value.request_id == "r-1"


@pytest.mark.parametrize(
    "payload",
    [[], {"no_data": 1}, {"data": "text"}, {"data": {"created_at": "yesterday"}}],
)
async def test_success_with_the_wrong_shape_is_a_decode_error(payload: object) -> None:
    api = Api().on("GET", PATH, MockResponse(200, json=payload))
    async with api.client() as telnyx:
        with pytest.raises(DecodeError):
            await telnyx.number_orders.retrieve("o-1")
