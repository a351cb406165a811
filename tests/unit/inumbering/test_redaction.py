"""The key travels in every request body, and nowhere else: not in reprs, logs or errors."""

from __future__ import annotations

import logging

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
from tests.leaks import KeyScan

from .helpers import KEY, Server, fail, ok

SCAN = KeyScan(KEY)
"""Finds any 8 characters of the key in a row: a part of it is a leak too."""

ECHOES = [
    fail("401", f"Invalid apikey {KEY}"),
    fail("401", f"Invalid apikey {KEY[:10]}..."),
    MockResponse(502, body="x" * 190 + KEY),
    fail("409", "rejected", request={"apikey": KEY, "tnMask": "201xxxxxxx"}),
    MockResponse(200, json={"exception": "PDOException", "message": f"SELECT * WHERE k='{KEY}'"}),
    MockResponse(502, body=f"<html>upstream error for key {KEY}</html>"),
    MockResponse(200, body=f"<html>proxy error for key {KEY}</html>"),
    MockResponse(200, body=f'{{"status": "Success", "statusCode": "200", "echo": "{KEY}'),
]


@pytest.mark.parametrize(
    "reply",
    ECHOES,
    ids=["401", "401-cut", "502-at-the-cut", "409-body", "exception", "502", "html", "truncated"],
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
    assert SCAN.leaks(caught.value) == []
    assert KEY in server.requests[0].body.decode()  # type: ignore[union-attr]
    assert caplog.records, "the client logs each attempt at DEBUG"
    assert SCAN.log_leaks(caplog.records) == []
    assert events
    assert SCAN.leaks(events) == []


async def test_outcome_unknown_never_shows_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    server = Server(
        MockResponse(500, json={"status": "Error", "statusCode": "500", "message": KEY})
    )

    with pytest.raises(OutcomeUnknownError) as caught:
        await server.client().tn_order(["2015551234"])

    assert SCAN.leaks(caught.value) == []
    assert SCAN.log_leaks(caplog.records) == []


async def test_retries_are_logged_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    server = Server(TimeoutError("timed out"), fail("431", f"busy {KEY}"), ok(tnResult=[]))
    client = server.client(retry=RetryPolicy(max_attempts=3, initial=0.0, max_backoff=0.0))

    assert await client.tn_inventory("201xxxxxxx", 1) == []
    assert len(server.requests) == 3
    assert any("retrying" in record.getMessage() for record in caplog.records)
    assert SCAN.log_leaks(caplog.records) == []


def test_reprs_never_show_the_key() -> None:
    server = Server(ok())
    client = server.client(send_bearer=True)

    assert SCAN.leaks(client) == []


async def test_a_request_repr_hides_the_body_and_the_bearer_header() -> None:
    server = Server(ok(gateways=[]))

    await server.client(send_bearer=True).gateways()

    (request,) = server.requests
    assert SCAN.runs_in(repr(request)) == []
    assert KEY in request.headers["Authorization"]
