"""MockTransport and MockResponse, as users' tests will use them."""

from __future__ import annotations

import pytest
from yarl import URL

from numbering_async import (
    ClientClosedError,
    ConnectError,
    HttpRequest,
    HttpResponse,
    MockResponse,
    MockTransport,
    Transport,
)

URL_ = URL("https://api.example.test/v1/things")


async def test_sync_handler_and_json_response() -> None:
    transport = MockTransport(lambda request: MockResponse(201, json={"id": 7}))
    request = HttpRequest("POST", URL_, body=b"{}")
    response = await transport.send(request)
    assert (response.status, response.body) == (201, b'{"id": 7}')
    assert response.headers["content-type"] == "application/json"
    assert response.request is request
    assert isinstance(transport, Transport)


async def test_async_handler() -> None:
    async def handler(request: HttpRequest) -> MockResponse:
        return MockResponse(200, body=f"you asked for {request.url.path}")

    response = await MockTransport(handler).send(HttpRequest("GET", URL_))
    assert response.body == b"you asked for /v1/things"


async def test_raw_bytes_headers_and_case_insensitive_request_id() -> None:
    canned = MockResponse(502, body=b"<html>", headers={"X-REQUEST-ID": "abc", "Retry-After": "3"})
    response = await MockTransport(lambda request: canned).send(HttpRequest("GET", URL_))
    assert response.body == b"<html>"
    assert response.request_id == "abc"
    assert response.headers["retry-after"] == "3"
    assert "content-type" not in response.headers


def test_request_id_of_a_plain_dict_is_found_in_any_case() -> None:
    request = HttpRequest("GET", URL_)
    assert HttpResponse(200, {"X-Request-ID": "r1"}, b"", request).request_id == "r1"
    assert HttpResponse(200, {"x-request-id": ""}, b"", request).request_id is None
    assert HttpResponse(200, {}, b"", request).request_id is None


async def test_a_handler_may_return_an_http_response() -> None:
    def handler(request: HttpRequest) -> HttpResponse:
        return HttpResponse(204, {}, b"", request)

    response = await MockTransport(handler).send(HttpRequest("DELETE", URL_))
    assert response.status == 204


async def test_requests_are_recorded_in_order() -> None:
    transport = MockTransport(lambda request: MockResponse())
    first, second = HttpRequest("GET", URL_), HttpRequest("POST", URL_ / "x", body=b"1")
    await transport.send(first)
    await transport.send(second)
    assert transport.requests == [first, second]


async def test_a_handler_can_simulate_a_network_failure() -> None:
    def handler(request: HttpRequest) -> MockResponse:
        raise ConnectError("refused", method=request.method, url=str(request.url))

    transport = MockTransport(handler)
    with pytest.raises(ConnectError) as info:
        await transport.send(HttpRequest("GET", URL_))
    assert info.value.request_sent is False
    assert "GET https://api.example.test/v1/things" in str(info.value)
    assert len(transport.requests) == 1


async def test_aclose_marks_the_transport_closed_and_later_sends_raise() -> None:
    transport = MockTransport(lambda request: MockResponse())
    await transport.aclose()
    assert transport.closed
    with pytest.raises(ClientClosedError, match="closed"):
        await transport.send(HttpRequest("GET", URL_))
    assert transport.requests == []


def test_request_repr_hides_secrets_and_the_query() -> None:
    request = HttpRequest(
        "POST",
        URL("https://user:pw@h.test/v1/x?apikey=SECRET"),
        headers={"Authorization": "Bearer SECRET", "X-Api-Key": "SECRET", "Accept": "*/*"},
        body=b'{"apikey": "SECRET"}',
    )
    text = repr(request)
    assert "SECRET" not in text
    assert "pw" not in text
    assert "'Accept': '*/*'" in text
    assert "<20 bytes>" in text
    assert "SECRET" not in repr(HttpResponse(200, {}, b"SECRET", request))
