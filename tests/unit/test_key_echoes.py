"""A key a server echoes back never shows, whole or in part, in anything the SDK keeps or shows.

Services, proxies and framework error pages quote requests: an error envelope naming the key,
a crash page printing the request body (iNumbering sends the key in every body). Each case puts
the key, or a part of it a server cut (8 characters or more), at every offset around every
length the SDK cuts text at, in every kind of body, for both providers. Then it scans the error
(str, repr, every attribute, arguments, causes), the log records at DEBUG and the request
events for any 8 characters of the key in a row (:class:`tests.leaks.KeyScan`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from numbering_async import (
    NO_RETRY,
    INumberingClient,
    MockResponse,
    MockTransport,
    NumberingError,
    RequestEvent,
)
from numbering_async.errors import REDACTED
from numbering_async.telnyx import TelnyxClient
from tests.leaks import KeyScan, texts_of

KEY = "sk_live_ECHO_7H3s3cr3tK3yV4lu3Xq9Lm"
SCAN = KeyScan(KEY)
UUID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
STAMP = "2018-01-01T00:00:00.000000Z"
ORDER = {"id": UUID, "status": "pending", "created_at": STAMP, "updated_at": STAMP}
"""The fields a number order cannot lack (its ``phone_numbers_count`` is added per case)."""

CUTS = (200, 300, 500, 2400)
"""Every length the SDK cuts text at: iNumbering's excerpt and the decode-error message (200),
Telnyx's excerpt (300), iNumbering's detail (500), the window Telnyx reads a page's text and
title from (300 * 8)."""
PIECES = {"key": KEY, "head8": KEY[:8], "head21": KEY[:21], "tail": KEY[6:], "tail8": KEY[-8:]}
"""The whole key, and what a server that cuts it echoes."""
CAST_LEAD = len("TypeError: expected an integer, got '")
"""What precedes a wrong value in a decode error's message, before that message is cut."""


@attrs.frozen
class Shape:
    """A kind of body echoing ``text``; ``lead`` characters come before it where it is cut."""

    name: str
    reply: Callable[[str], MockResponse]
    lead: int = 0


def envelope(text: str) -> dict[str, Any]:
    """A Telnyx error envelope echoing ``text`` in each of its fields."""
    error = {"code": "10009", "title": f"Authentication failed {text}", "detail": text}
    return {"errors": [{**error, "source": {"pointer": text}, "meta": {"url": text}}]}


def html(text: str) -> str:
    return f"<html><head><title>500 {text[-40:]}</title></head><body><pre>{text}</pre></body>"


def undecodable(text: str) -> bytes:
    return b"\xff" + text.encode()[1:] + b"\xfe\xc3("


TELNYX = [
    Shape("envelope 401", lambda text: MockResponse(401, json=envelope(text))),
    Shape("other JSON 400", lambda text: MockResponse(400, json={"message": text, text: 1})),
    Shape("plain text 502", lambda text: MockResponse(502, body=text)),
    Shape("multibyte text 503", lambda text: MockResponse(503, body="é" + text[1:])),
    Shape("HTML page 500", lambda text: MockResponse(500, body=html(text))),
    Shape("undecodable 502", lambda text: MockResponse(502, body=undecodable(text))),
    Shape("not JSON 200", lambda text: MockResponse(200, body=text)),
    Shape(
        "wrong type 200",
        lambda text: MockResponse(200, json={"data": {**ORDER, "phone_numbers_count": text}}),
        lead=CAST_LEAD,
    ),
]
INUMBERING = [
    Shape("statusCode 401", lambda text: MockResponse(200, json=status_body("401", text))),
    Shape("statusCode 409", lambda text: MockResponse(200, json=status_body("409", text))),
    Shape(
        "exception 500",
        lambda text: MockResponse(500, json={"exception": text, "message": text}),
    ),
    Shape("plain text 500", lambda text: MockResponse(500, body=text)),
    Shape("multibyte text 502", lambda text: MockResponse(502, body="é" + text[1:])),
    Shape("HTML page 500", lambda text: MockResponse(500, body=html(text))),
    Shape("undecodable 502", lambda text: MockResponse(502, body=undecodable(text))),
    Shape("not JSON 200", lambda text: MockResponse(200, body=text)),
    Shape(
        "wrong type 200",
        lambda text: MockResponse(200, json=status_body("200", "", [{"count": text}])),
        lead=CAST_LEAD,
    ),
]


def status_body(code: str, message: str, rows: list[Any] | None = None) -> dict[str, Any]:
    """An iNumbering body; a success (code 200) with coverage ``rows``."""
    status = "Success" if code == "200" else "Error"
    body = {"status": status, "statusCode": code, "message": message, "request": {"k": message}}
    return body if rows is None else {**body, "tnInventoryCoverageList": rows}


def echoes(lead: int) -> Iterator[tuple[str, int, str]]:
    """``(piece name, offset, text)``: each piece at each offset where a cut crosses it, and
    one character either side."""
    for cut in CUTS:
        for name, piece in PIECES.items():
            for offset in range(max(cut - lead - len(piece) - 1, 0), cut - lead + 2):
                yield name, offset, "x" * offset + piece + "."


async def call(provider: str, reply: MockResponse, hook: Callable[[RequestEvent], None]) -> Any:
    transport = MockTransport(lambda request: reply)
    if provider == "telnyx":
        async with TelnyxClient(KEY, transport=transport, retry=NO_RETRY, event_hook=hook) as tx:
            return await tx.number_orders.retrieve(UUID)
    async with INumberingClient(KEY, transport=transport, retry=NO_RETRY, event_hook=hook) as inum:
        return await inum.tn_inventory_coverage(npa="201")


@pytest.mark.parametrize(
    ("provider", "shape"),
    [("telnyx", shape) for shape in TELNYX] + [("inumbering", shape) for shape in INUMBERING],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
async def test_an_echoed_key_leaves_no_eight_characters_anywhere(
    provider: str, shape: Shape, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    events: list[RequestEvent] = []
    leaks: list[tuple[str, int, list[str]]] = []
    cases = marked = 0
    for name, offset, text in echoes(shape.lead):
        cases += 1
        with pytest.raises(NumberingError) as caught:
            await call(provider, shape.reply(text), events.append)
        shown = list(texts_of(caught.value))
        found = [text for text in shown if SCAN.runs_in(text)]
        if found:
            leaks.append((name, offset, found))
        marked += any(REDACTED in text for text in shown)

    assert leaks[:3] == []
    assert marked > 0  # the echo did reach the error (where no cut dropped it), redacted
    assert len(events) == cases
    assert SCAN.leaks(events) == []
    assert len(caplog.records) >= cases
    assert SCAN.log_leaks(caplog.records) == []
