"""The key travels in every request body, and nowhere else: not in reprs, logs or errors."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from numbering_async import (
    APIError,
    DecodeError,
    MockResponse,
    NumberingError,
    OutcomeUnknownError,
    RequestEvent,
    RetryPolicy,
    TimeoutError,
)

from .helpers import KEY, Server, fail, ok

ECHOES = [
    fail("401", f"Invalid apikey {KEY}"),
    fail("409", "rejected", request={"apikey": KEY, "tnMask": "201xxxxxxx"}),
    MockResponse(200, json={"exception": "PDOException", "message": f"SELECT * WHERE k='{KEY}'"}),
    MockResponse(502, body=f"<html>upstream error for key {KEY}</html>"),
    MockResponse(200, body=f"<html>proxy error for key {KEY}</html>"),
    MockResponse(200, body=f'{{"status": "Success", "statusCode": "200", "echo": "{KEY}'),
]


def leaks(value: Any) -> bool:
    """Whether ``value`` (an object, its repr, or JSON-ish data) shows the key."""
    if isinstance(value, str):
        return KEY in value
    try:
        text = json.dumps(value, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return KEY in text or KEY in repr(value)


def error_leaks(exc: BaseException) -> bool:
    """Whether an error, its fields or its causes show the key."""
    seen: BaseException | None = exc
    while seen is not None:
        fields = [str(seen), repr(seen), *seen.args, *vars(seen).values()]
        if any(leaks(field) for field in fields if not isinstance(field, BaseException)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@pytest.mark.parametrize(
    "reply", ECHOES, ids=["401", "409-body", "exception", "502", "html", "truncated"]
)
async def test_errors_never_show_the_key(
    reply: MockResponse, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    events: list[RequestEvent] = []
    server = Server(reply)
    client = server.client(event_hook=events.append, send_bearer=True)

    with pytest.raises(NumberingError) as caught:
        await client.tn_inventory("201xxxxxxx", 1)

    assert isinstance(caught.value, APIError | DecodeError)
    assert not error_leaks(caught.value)
    assert KEY in server.requests[0].body.decode()  # type: ignore[union-attr]
    assert caplog.records, "the client logs each attempt at DEBUG"
    assert not any(leaks(record.getMessage()) for record in caplog.records)
    assert events
    assert not any(leaks(event) for event in events)


async def test_outcome_unknown_never_shows_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    server = Server(
        MockResponse(500, json={"status": "Error", "statusCode": "500", "message": KEY})
    )

    with pytest.raises(OutcomeUnknownError) as caught:
        await server.client().tn_order(["2015551234"])

    assert not error_leaks(caught.value)
    assert not any(leaks(record.getMessage()) for record in caplog.records)


async def test_retries_are_logged_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    server = Server(TimeoutError("timed out"), fail("431", f"busy {KEY}"), ok(tnResult=[]))
    client = server.client(retry=RetryPolicy(max_attempts=3, initial=0.0, max_backoff=0.0))

    assert await client.tn_inventory("201xxxxxxx", 1) == []
    assert len(server.requests) == 3
    assert any("retrying" in record.getMessage() for record in caplog.records)
    assert not any(leaks(record.getMessage()) for record in caplog.records)


def test_reprs_never_show_the_key() -> None:
    server = Server(ok())
    client = server.client(send_bearer=True)

    assert KEY not in repr(client)
    assert KEY not in str(client)


async def test_a_request_repr_hides_the_body_and_the_bearer_header() -> None:
    server = Server(ok(gateways=[]))

    await server.client(send_bearer=True).gateways()

    (request,) = server.requests
    assert KEY not in repr(request)
    assert KEY in request.headers["Authorization"]
