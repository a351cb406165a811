"""r05: an error page that echoes the request with the key across the excerpt's cut.

iNumbering sends the key in every request body. A framework error page quoting the raw request,
laid out so that the key crosses the 200th character, used to be cut first and redacted after:
the part of the key before the cut no longer matched, and stayed in ``exc.detail``, ``exc.body``
and ``str(exc)``. Telnyx had the same order of operations (300 characters) for a proxy page
quoting the ``Authorization`` header. Here both run over real sockets, as in the repro, and the
check is the strict one: no 8 characters of the key in a row, and not even its first 4.
"""

from __future__ import annotations

import logging

import pytest
from aiohttp import web

from numbering_async import NO_RETRY, INumberingClient, NumberingError, ServerError
from numbering_async.telnyx import TelnyxClient
from tests.leaks import KeyScan

from ..unit.core.servers import running_app

KEY = "ik_live_7H3s3cr3tK3yV4lu3Xq9Lm2Pz8Rt5Wy1"
SCAN = KeyScan(KEY)
PREAMBLE = "<html><body><h1>500 Internal Server Error</h1><pre>Unhandled exception "


def page(echoed: str, cut: int, before_key: str) -> str:
    """An error page quoting ``echoed`` so that the key starts 24 characters before ``cut``."""
    pad = cut - len(PREAMBLE) - len(before_key) - 24
    return PREAMBLE + "x" * pad + echoed + "</pre></body></html>"


async def inumbering_echo(request: web.Request) -> web.Response:
    body = (await request.read()).decode()
    text = page("payload: " + body, 200, 'payload: {"apikey":"')
    return web.Response(status=500, text=text, content_type="text/html")


async def telnyx_echo(request: web.Request) -> web.Response:
    header = f"Authorization: {request.headers['Authorization']}"
    text = page(header, 300, "Authorization: Bearer ")
    return web.Response(status=502, text=text, content_type="text/html")


def shows_a_prefix(error: BaseException) -> bool:
    text = " | ".join(map(str, (error, getattr(error, "detail", ""), getattr(error, "body", ""))))
    return KEY[:4] in text


async def test_r05_a_key_across_the_excerpt_cut_leaves_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="numbering_async")
    app = web.Application()
    app.router.add_post("/v2/iNumbering/tnInventory/", inumbering_echo)
    app.router.add_get("/v2/number_orders", telnyx_echo)
    errors: list[NumberingError] = []
    async with running_app(app) as base:
        async with INumberingClient(api_key=KEY, base_url=str(base), retry=NO_RETRY) as inum:
            with pytest.raises(ServerError) as caught:
                await inum.tn_inventory("201xxxxxxx", quantity=1)
            errors.append(caught.value)
        async with TelnyxClient(KEY, base_url=f"{base}/v2", retry=NO_RETRY) as telnyx:
            with pytest.raises(ServerError) as caught:
                await telnyx.number_orders.list().first_page()
            errors.append(caught.value)

    for error in errors:
        assert "xxxx" in str(error.body)  # the excerpt is kept, up to the cut,
        assert "<redacted>" in str(error.body)  # with the key's place marked
        assert not shows_a_prefix(error)
    assert SCAN.leaks(errors) == []
    assert SCAN.log_leaks(caplog.records) == []
