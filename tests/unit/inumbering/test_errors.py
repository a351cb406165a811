"""Responses onto the shared error tree: success is in the body, whatever the HTTP status."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from numbering_async import (
    NO_RETRY,
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DecodeError,
    Gateway,
    INumberingClient,
    MockResponse,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TnInventoryNumber,
)

from .helpers import Server, fail, ok

Call = Callable[[INumberingClient], Awaitable[Any]]


def search(client: INumberingClient) -> Awaitable[Any]:
    return client.tn_inventory("201xxxxxxx", 1)


def coverage(client: INumberingClient) -> Awaitable[Any]:
    return client.tn_inventory_coverage(npa="201")


def order(client: INumberingClient) -> Awaitable[Any]:
    return client.tn_order(["2015551234"])


def brand(client: INumberingClient) -> Awaitable[Any]:
    return client.add_messaging_brand("B12345", "Acme", "Acme alerts")


def campaign(client: INumberingClient) -> Awaitable[Any]:
    return client.add_messaging_campaign("B12345", "C123456", "codes")


def assign(client: INumberingClient) -> Awaitable[Any]:
    return client.tn_messaging_campaign(["2015551234"], "C123456")


def add_gw(client: INumberingClient) -> Awaitable[Any]:
    return client.add_gateway("203.0.113.10:5060")


def update_gw(client: INumberingClient) -> Awaitable[Any]:
    return client.update_gateway(Gateway(1000, "203.0.113.20:5060"))


def remove_gw(client: INumberingClient) -> Awaitable[Any]:
    return client.remove_gateway(1000)


@pytest.mark.parametrize(
    ("code", "error", "title"),
    [
        ("400", BadRequestError, "Bad request"),
        ("401", AuthenticationError, "Unauthorized"),
        ("414", BadRequestError, "Fields are required"),
        ("422", BadRequestError, "Over the order quantity limit (100,000 numbers)"),
        ("432", BadRequestError, "TN excluded"),
        ("410", ServerError, "Database error"),
        ("411", ServerError, "Unknown error"),
        ("470", ConflictError, "Brand name already exists"),
        ("499", BadRequestError, "Error 499"),
        ("599", ServerError, "Error 599"),
    ],
)
@pytest.mark.parametrize("http", [200, None], ids=["http-200", "http-same"])
async def test_body_codes_map_onto_the_tree(
    code: str, error: type[APIError], title: str, http: int | None
) -> None:
    status = int(code) if http is None else http
    server = Server(fail(code, "upstream said no", http=status, extra="kept"))

    # A server error on a write may hide a write that went through: the caller gets
    # OutcomeUnknownError, with the mapped error as its cause.
    expected = OutcomeUnknownError if error is ServerError else error
    with pytest.raises(expected) as caught:
        await brand(server.client())

    exc = caught.value.cause if isinstance(caught.value, OutcomeUnknownError) else caught.value
    assert isinstance(exc, APIError)
    assert type(exc) is error
    assert (exc.status, exc.code, exc.title, exc.detail) == (
        status,
        code,
        title,
        "upstream said no",
    )
    assert exc.provider == "inumbering"
    assert exc.body == {
        "status": "Error",
        "statusCode": code,
        "message": "upstream said no",
        "extra": "kept",
    }
    assert exc.retryable is False
    assert len(server.requests) == 1


async def test_an_integer_status_code_maps_too() -> None:
    server = Server(MockResponse(200, json={"status": "Error", "statusCode": 401}))

    with pytest.raises(AuthenticationError):
        await search(server.client())


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (search, BadRequestError),
        (coverage, BadRequestError),
        (brand, BadRequestError),
        (campaign, BadRequestError),
        (assign, BadRequestError),
        (order, ConflictError),
        (add_gw, ConflictError),
        (update_gw, ConflictError),
        (remove_gw, ConflictError),
    ],
)
async def test_409_is_invalid_input_or_a_conflict_depending_on_the_operation(
    call: Call, error: type[APIError]
) -> None:
    server = Server(fail("409", "<IQ error text>", http=409))

    with pytest.raises(error) as caught:
        await call(server.client())

    assert type(caught.value) is error
    assert caught.value.code == "409"
    assert len(server.requests) == 1


async def test_a_gateway_conflict_keeps_the_partial_results_in_its_body() -> None:
    body = {
        "statusCode": "409",
        "status": "Error",
        "message": "At least one one route could not be removed.",
        "removed_success": [{"route": 1000}],
        "removed_failed": [{"route": 1001}],
    }
    server = Server(MockResponse(409, json=body))

    with pytest.raises(ConflictError) as caught:
        await server.client().remove_gateway(1000, 1001)

    assert caught.value.body["removed_failed"] == [{"route": 1001}]


@pytest.mark.parametrize("call", [search, coverage])
async def test_no_result_found_is_an_empty_search(call: Call) -> None:
    server = Server(fail("430", "No Result Found"))

    assert await call(server.client()) == []
    assert len(server.requests) == 1


async def test_no_result_found_elsewhere_is_not_found() -> None:
    server = Server(fail("430", "No Result Found", http=430))

    with pytest.raises(NotFoundError) as caught:
        await campaign(server.client())

    assert caught.value.code == "430"


async def test_431_is_a_retryable_server_error_for_searches() -> None:
    server = Server(fail("431", "try later"), ok(tnResult=[{"telephoneNumber": "2015551234"}]))

    assert await search(server.client()) == [TnInventoryNumber("2015551234")]
    assert len(server.requests) == 2


async def test_431_is_not_retried_for_a_write() -> None:
    server = Server(fail("431", "try later"), ok())

    with pytest.raises(OutcomeUnknownError) as caught:
        await brand(server.client())

    assert isinstance(caught.value.cause, ServerError)
    assert caught.value.cause.retryable is True
    assert caught.value.reference == "B12345"
    assert len(server.requests) == 1


async def test_success_is_decided_by_the_body_not_the_http_status() -> None:
    server = Server(
        MockResponse(500, json={"status": "Success", "statusCode": "200", "tnResult": []})
    )

    assert await search(server.client()) == []


@pytest.mark.parametrize("http", [200, 500])
async def test_an_exception_body_is_a_server_error(http: int) -> None:
    body = {"message": "Undefined index: tnMask", "exception": "ErrorException", "line": 12}
    server = Server(MockResponse(http, json=body))

    with pytest.raises(ServerError) as caught:
        await search(server.client(retry=NO_RETRY))

    assert caught.value.detail == "Undefined index: tnMask"
    assert caught.value.status == http


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<html><body>Bad Gateway</body></html>", "an HTML page"),
        (b"", "an empty body"),
        (b'{"status": "Success", "statusCode": "20', "invalid or truncated JSON"),
        (b"[1, 2]", "JSON list, not an object"),
        (b'{"status": "Success"}', "without a statusCode/status pair"),
        (b'{"status": "Error", "statusCode": "200"}', "without a statusCode/status pair"),
        (b"\xff\xfe\x00", "invalid or truncated JSON"),
    ],
    ids=["html", "empty", "truncated", "list", "no-code", "200-error", "not-utf8"],
)
async def test_an_unreadable_200_is_a_decode_error(body: bytes, says: str) -> None:
    server = Server(MockResponse(200, body=body, headers={"x-request-id": "req-7"}))

    with pytest.raises(DecodeError) as caught:
        await search(server.client())

    assert says in str(caught.value)
    assert caught.value.request_id == "req-7"
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("http", "error"), [(502, ServerError), (401, AuthenticationError), (404, NotFoundError)]
)
async def test_an_unreadable_error_status_is_that_status_s_error(
    http: int, error: type[APIError]
) -> None:
    server = Server(MockResponse(http, body="<html>nginx</html>"))

    with pytest.raises(error) as caught:
        await search(server.client(retry=NO_RETRY))

    assert (caught.value.status, caught.value.code) == (http, None)
    assert caught.value.detail == "an HTML page, not JSON"
    assert caught.value.body == "<html>nginx</html>"


async def test_5xx_html_is_retried_for_searches() -> None:
    server = Server(MockResponse(503, body="<html>down</html>"), ok(tnResult=[]))

    assert await search(server.client()) == []
    assert len(server.requests) == 2


async def test_429_carries_retry_after() -> None:
    server = Server(MockResponse(429, body="slow down", headers={"Retry-After": "7"}))

    with pytest.raises(RateLimitError) as caught:
        await search(server.client(retry=NO_RETRY))

    assert caught.value.retry_after == 7.0


async def test_429_is_retried_after_its_wait() -> None:
    limited = MockResponse(
        429, json={"status": "Error", "statusCode": "429"}, headers={"Retry-After": "0"}
    )
    server = Server(limited, ok(gateways=[]))

    assert await server.client().gateways() == []
    assert len(server.requests) == 2


async def test_a_success_body_of_the_wrong_shape_is_a_decode_error() -> None:
    server = Server(ok(tnResult=[{"telephoneNumber": "123"}]), ok(tnResult="none"))
    client = server.client()

    with pytest.raises(DecodeError):
        await search(client)
    with pytest.raises(DecodeError):
        await search(client)
