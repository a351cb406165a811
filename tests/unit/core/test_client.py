"""The BaseClient pipeline: retries, Retry-After, logging, events, decoding, secrets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from numbering_async import (
    NO_RETRY,
    APIError,
    BadRequestError,
    ConnectError,
    ConnectionLostError,
    DecodeError,
    HttpRequest,
    InvalidRequestError,
    MockResponse,
    NotFoundError,
    RateLimitError,
    RequestEvent,
    RetryPolicy,
    ServerError,
    TimeoutError,
    TransportError,
)
from numbering_async.transports.aiohttp import AiohttpTransport

from .fakes import KEY, FakeClient, error_response, fake_client, identity

OK = MockResponse(200, json={"ok": True}, headers={"X-Request-Id": "req-ok"})
FAST = RetryPolicy(max_attempts=3, initial=0.01, max_backoff=0.01, jitter="none")


def scripted(*steps: MockResponse | Exception) -> Callable[[HttpRequest], MockResponse]:
    """A handler answering with ``steps`` in turn (an exception is raised), then OK."""
    queue: Iterator[MockResponse | Exception] = iter(steps)

    def handler(request: HttpRequest) -> MockResponse:
        step = next(queue, OK)
        if isinstance(step, Exception):
            raise step
        return step

    return handler


async def get(client: FakeClient, **options: Any) -> Any:
    return await client._request(
        "GET", "/numbers", identity, query="filter[npa]=318", idempotent=True, **options
    )


async def post(client: FakeClient, **options: Any) -> Any:
    return await client._request(
        "POST", "/orders", identity, body={"n": 1}, idempotent=False, **options
    )


TRANSPORT_FAILURES = [
    ConnectError("refused"),
    TimeoutError("slow"),
    ConnectionLostError("reset"),
]


@pytest.mark.parametrize("failure", TRANSPORT_FAILURES, ids=lambda e: type(e).__name__)
async def test_idempotent_calls_are_retried_on_transport_failures(
    failure: TransportError, sleeps: list[float]
) -> None:
    client, transport = fake_client(scripted(failure, failure), retry=FAST)
    assert await get(client) == {"ok": True}
    assert len(transport.requests) == 3
    assert sleeps == [0.01, 0.01]


@pytest.mark.parametrize("status", [408, 429, 502, 503, 504])
async def test_idempotent_calls_are_retried_on_retryable_statuses(
    status: int, sleeps: list[float]
) -> None:
    client, transport = fake_client(scripted(error_response(status)), retry=FAST)
    assert await get(client) == {"ok": True}
    assert len(transport.requests) == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequestError), (401, APIError), (404, NotFoundError), (500, ServerError)],
)
async def test_other_statuses_are_not_retried(
    status: int, error: type[APIError], sleeps: list[float]
) -> None:
    client, transport = fake_client(scripted(error_response(status)), retry=FAST)
    with pytest.raises(error) as info:
        await get(client)
    assert info.value.status == status
    assert info.value.request_id == f"req-{status}"
    assert len(transport.requests) == 1
    assert sleeps == []


async def test_retry_after_is_used_instead_of_backoff(sleeps: list[float]) -> None:
    busy = error_response(503, {"Retry-After": "2"})
    client, _ = fake_client(scripted(busy), retry=FAST)
    assert await get(client) == {"ok": True}
    assert sleeps == [2.0]


async def test_unusable_retry_after_falls_back_to_backoff(sleeps: list[float]) -> None:
    client, _ = fake_client(scripted(error_response(429, {"Retry-After": "-3"})), retry=FAST)
    assert await get(client) == {"ok": True}
    assert sleeps == [0.01]


async def test_retry_after_is_ignored_when_the_policy_says_so(sleeps: list[float]) -> None:
    policy = RetryPolicy(initial=0.01, jitter="none", respect_retry_after=False)
    client, _ = fake_client(scripted(error_response(429, {"Retry-After": "30"})), retry=policy)
    assert await get(client) == {"ok": True}
    assert sleeps == [0.01]


async def test_retry_after_above_the_cap_raises_at_once(sleeps: list[float]) -> None:
    policy = RetryPolicy(max_retry_after=60)
    client, transport = fake_client(
        scripted(error_response(429, {"Retry-After": "3600"})), retry=policy
    )
    with pytest.raises(RateLimitError) as info:
        await get(client)
    assert info.value.retry_after == 3600.0
    assert len(transport.requests) == 1
    assert sleeps == []


async def test_rate_limit_error_carries_retry_after_when_attempts_run_out(
    sleeps: list[float],
) -> None:
    limited = error_response(429, {"Retry-After": "1"})
    client, transport = fake_client(scripted(limited, limited), retry=NO_RETRY)
    with pytest.raises(RateLimitError) as info:
        await get(client)
    assert info.value.retry_after == 1.0
    assert len(transport.requests) == 1


@pytest.mark.parametrize(
    ("failure", "retried"),
    [
        (ConnectError("refused"), True),
        (error_response(429), True),
        (TimeoutError("slow"), False),
        (ConnectionLostError("reset"), False),
        (error_response(502), False),
        (error_response(503), False),
    ],
    ids=["connect", "429", "timeout", "lost", "502", "503"],
)
async def test_non_idempotent_calls_retry_only_when_surely_not_applied(
    failure: MockResponse | Exception, retried: bool, sleeps: list[float]
) -> None:
    client, transport = fake_client(scripted(failure), retry=FAST)
    if retried:
        assert await post(client) == {"ok": True}
    else:
        with pytest.raises((TransportError, APIError)):
            await post(client)
    assert len(transport.requests) == (2 if retried else 1)


async def test_max_attempts_is_respected(sleeps: list[float]) -> None:
    client, transport = fake_client(lambda request: error_response(503), retry=FAST)
    policy = RetryPolicy(max_attempts=4, initial=0.01, jitter="none")
    with pytest.raises(ServerError):
        await get(client, retry=policy)
    assert len(transport.requests) == 4
    assert sleeps == [0.01, 0.02, 0.04]


async def test_no_retry_and_per_call_override(sleeps: list[float]) -> None:
    client, transport = fake_client(lambda request: error_response(503), retry=FAST)
    with pytest.raises(ServerError):
        await get(client, retry=NO_RETRY)
    assert len(transport.requests) == 1
    with pytest.raises(ServerError):
        await get(client)  # the client's own policy: three attempts
    assert len(transport.requests) == 4
    quiet, quiet_transport = fake_client(lambda request: error_response(503), retry=NO_RETRY)
    with pytest.raises(ServerError):
        await get(quiet)
    assert len(quiet_transport.requests) == 1


async def test_decode_errors_are_not_retried(sleeps: list[float]) -> None:
    client, transport = fake_client(lambda request: MockResponse(200, body=b"<html>"), retry=FAST)
    with pytest.raises(DecodeError):
        await get(client)
    assert len(transport.requests) == 1


async def test_retries_and_requests_are_logged_at_debug(
    caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    client, _ = fake_client(scripted(error_response(503)), retry=FAST)
    await get(client)
    messages = [record.getMessage() for record in caplog.records]
    assert all(record.levelno == logging.DEBUG for record in caplog.records)
    first, retry, second = messages
    assert first.startswith("fake GET https://api.example.test/v1/numbers -> 503 in ")
    assert "(attempt 1, request id req-503)" in first
    assert "filter" not in first  # the query string stays out of logs
    assert "retrying in 0.01s (attempt 2 of 3, after ServerError 503)" in retry
    assert " -> 200 in " in second
    assert "(attempt 2, request id req-ok)" in second


async def test_transport_failures_are_logged_with_the_error(
    caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    client, _ = fake_client(scripted(ConnectError("refused")), retry=FAST)
    await get(client)
    assert " -> ConnectError in " in caplog.records[0].getMessage()
    assert "after ConnectError" in caplog.records[1].getMessage()


async def test_event_hook_sees_each_attempt_but_never_the_key(sleeps: list[float]) -> None:
    events: list[RequestEvent] = []
    client, _ = fake_client(
        scripted(TimeoutError("slow"), error_response(502)), retry=FAST, event_hook=events.append
    )
    await get(client)
    assert [(e.attempt, e.status, e.error, e.request_id) for e in events] == [
        (1, None, "TimeoutError", None),
        (2, 502, None, "req-502"),
        (3, 200, None, "req-ok"),
    ]
    assert {e.method for e in events} == {"GET"}
    assert {e.url for e in events} == {"https://api.example.test/v1/numbers"}
    assert all(e.elapsed >= 0 and e.provider == "fake" for e in events)
    assert all(KEY not in repr(e) for e in events)


async def test_a_failing_event_hook_does_not_break_the_call(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(event: RequestEvent) -> None:
        raise RuntimeError("metrics backend down")

    client, _ = fake_client(scripted(), event_hook=broken)
    assert await get(client) == {"ok": True}
    assert "event hook failed" in caplog.text


async def test_a_failing_cast_becomes_decode_error() -> None:
    def cast(payload: Any) -> Any:
        return payload["missing"]

    client, _ = fake_client(scripted())
    with pytest.raises(DecodeError) as info:
        await client._request("GET", "/x", cast, idempotent=True)
    assert info.value.status == 200
    assert info.value.request_id == "req-ok"
    assert "KeyError" in str(info.value)
    assert "req-ok" in str(info.value)


@pytest.mark.parametrize("body", [b"", b"<html>502</html>", b'{"truncated": ', b"\xff\xfe"])
async def test_a_body_the_provider_cannot_parse_becomes_decode_error(body: bytes) -> None:
    client, _ = fake_client(lambda request: MockResponse(502, body=body), retry=NO_RETRY)
    with pytest.raises(DecodeError) as info:
        await get(client)
    assert info.value.status == 502


async def test_the_key_never_leaks_into_errors_logs_or_reprs(
    caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    echo = MockResponse(
        400,
        json={
            "error": {"code": KEY, "title": f"bad key {KEY}", "detail": f"apikey={KEY}"},
            "apikey": KEY,
            "echo": {"Authorization": f"Bearer {KEY}"},
        },
        headers={"x-request-id": KEY},
    )
    failures: list[BaseException] = []
    for step in (echo, TimeoutError(f"timeout talking with {KEY}")):
        client, transport = fake_client(scripted(step, step, step), retry=FAST)
        with pytest.raises(Exception) as info:  # noqa: PT011 - the type is not the point here
            await get(client)
        failures.append(info.value)
        assert KEY not in repr(client)
        assert KEY not in repr(transport.requests[0])
    for error in failures:
        assert KEY not in str(error)
        assert KEY not in repr(error)
        assert KEY not in repr(vars(error))
    assert KEY not in caplog.text
    assert KEY in transport.requests[0].headers["Authorization"]  # it was really sent


def test_http_base_url_refused_for_remote_hosts() -> None:
    with pytest.raises(InvalidRequestError) as info:
        FakeClient(api_key=KEY, base_url="http://api.example.test/v1")
    assert info.value.argument == "base_url"
    assert KEY not in str(info.value)


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8080/v1", "http://localhost:9/v2", "http://[::1]:8000", "HTTP://LOCALHOST"],
)
async def test_http_base_url_accepted_for_loopback(base_url: str) -> None:
    async with FakeClient(api_key=KEY, base_url=base_url) as client:
        assert client.base_url.scheme == "http"


async def test_http_base_url_accepted_with_the_explicit_opt_in() -> None:
    async with FakeClient(
        api_key=KEY, base_url="http://api.example.test/v1", allow_insecure_http=True
    ) as client:
        assert str(client.base_url) == "http://api.example.test/v1"


@pytest.mark.parametrize(
    "base_url", ["ftp://h.test", "not a url", "https://", "https://h.test/v1?x=1", "http://[::1"]
)
def test_malformed_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        FakeClient(api_key=KEY, base_url=base_url)
    assert info.value.argument == "base_url"


async def test_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_API_KEY", f" {KEY}\n")
    seen: list[HttpRequest] = []
    client, _ = fake_client(lambda request: seen.append(request) or OK, api_key=None)
    await get(client)
    assert seen[0].headers["Authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_api_key_is_refused(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    monkeypatch.delenv("FAKE_API_KEY", raising=False)
    with pytest.raises(InvalidRequestError) as info:
        FakeClient(api_key=value, base_url="https://h.test")
    assert info.value.argument == "api_key"
    assert "FAKE_API_KEY" in str(info.value)


@pytest.mark.parametrize("value", [f"{KEY}\r\nX-Evil: 1", f"{KEY}\x00", f"{KEY}é"])
def test_api_key_with_control_characters_is_refused_without_echo(value: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        FakeClient(api_key=value, base_url="https://h.test")
    assert info.value.argument == "api_key"
    assert KEY not in str(info.value)


@pytest.mark.parametrize("value", ["sk_1234", "  sk_1234\n", "x9"])
def test_a_key_shorter_than_8_characters_is_refused_without_echo(value: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        FakeClient(api_key=value, base_url="https://h.test")
    assert info.value.argument == "api_key"
    assert "too short" in str(info.value)
    assert value.strip() not in str(info.value)


def test_a_short_key_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_API_KEY", "sk_1234")
    with pytest.raises(InvalidRequestError, match="too short"):
        FakeClient(api_key=None, base_url="https://h.test")


def test_a_key_of_8_characters_is_accepted() -> None:
    client = FakeClient(api_key="sk_12345", base_url="https://h.test")
    assert "sk_12345" not in repr(client)


async def test_a_client_never_closes_a_transport_it_was_given() -> None:
    client, transport = fake_client(scripted())
    async with client:
        await get(client)
    assert transport.closed is False


async def test_a_client_closes_the_transport_it_made(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[AiohttpTransport] = []
    real_aclose = AiohttpTransport.aclose

    async def recording_aclose(self: AiohttpTransport) -> None:
        closed.append(self)
        await real_aclose(self)

    monkeypatch.setattr(AiohttpTransport, "aclose", recording_aclose)
    async with FakeClient(api_key=KEY, base_url="https://h.test"):
        pass
    assert len(closed) == 1
