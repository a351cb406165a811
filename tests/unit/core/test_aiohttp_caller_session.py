"""AiohttpTransport over a caller's own ClientSession: every setting is overridden, refused or
harmless, and none weakens TLS checks, error mapping or decoding (repros r04 and r10).

Real sessions against real servers on 127.0.0.1; the TLS server's certificate comes from a
CA made for the test, which nobody trusts unless told to.
"""

from __future__ import annotations

import gzip
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from numbering_async import (
    AiohttpTransport,
    ClientClosedError,
    ConnectError,
    HttpRequest,
    InvalidRequestError,
)
from numbering_async.transports._aiohttp_progress import TRACE_CONFIG

from .servers import running_app, throwaway_tls

SECRET = "Bearer sk_test_0123456789"


class Recorder:
    """An app that records what reached it and answers according to the path."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append((request.method, request.path, dict(request.headers)))
        if request.path == "/missing":
            return web.json_response({"errors": [{"code": "10005"}]}, status=404)
        if request.path == "/gzip":
            payload = gzip.compress(b'{"data": "inflated"}')
            return web.Response(body=payload, headers={"Content-Encoding": "gzip"})
        if request.path == "/long-header":
            return web.json_response({}, headers={"X-Long": "v" * 4000})
        body = await request.read()
        return web.json_response({"echo": body.decode(), "from": request.headers.get("X-From")})


@pytest.fixture
async def recorder() -> AsyncIterator[tuple[Recorder, URL]]:
    app = Recorder()
    async with running_app(app.app) as base:
        yield app, base


@pytest.fixture(scope="module")
def tls() -> tuple[ssl.SSLContext, ssl.SSLContext]:
    return throwaway_tls()


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@pytest.mark.parametrize("connector_ssl", [False, _unverified()], ids=["ssl=False", "CERT_NONE"])
async def test_r10_a_connector_without_tls_checks_does_not_reach_an_untrusted_server(
    tls: tuple[ssl.SSLContext, ssl.SSLContext], connector_ssl: bool | ssl.SSLContext
) -> None:
    server_context, _ = tls
    app = Recorder()
    async with (
        running_app(app.app, tls=server_context) as base,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=connector_ssl)) as session,
    ):
        # The caller's own requests through that session skip the checks, as they asked ...
        async with session.get(base / "theirs") as response:
            assert response.status == 200
        # ... the SDK's never do.
        request = HttpRequest("POST", base / "order", {"Authorization": SECRET}, b"{}")
        with pytest.raises(ConnectError, match=r"(?i)certificate") as caught:
            await AiohttpTransport(session).send(request)
    assert caught.value.request_sent is False
    assert [(method, path) for method, path, _ in app.seen] == [("GET", "/theirs")]
    assert all("Authorization" not in headers for _, _, headers in app.seen)


async def test_r10_ssl_context_trusting_the_callers_ca_reaches_the_server(
    tls: tuple[ssl.SSLContext, ssl.SSLContext],
) -> None:
    server_context, client_context = tls
    app = Recorder()
    async with (
        running_app(app.app, tls=server_context) as base,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        transport = AiohttpTransport(session, ssl_context=client_context)
        request = HttpRequest("POST", base / "order", {"Authorization": SECRET}, b"{}")
        assert (await transport.send(request)).status == 200
    assert app.seen[0][2]["Authorization"] == SECRET


@pytest.mark.parametrize(
    "change", [{"verify_mode": ssl.CERT_NONE}, {"check_hostname": False}], ids=str
)
def test_an_ssl_context_that_does_not_verify_is_refused(change: dict[str, object]) -> None:
    context = ssl.create_default_context()
    if "verify_mode" in change:
        context.check_hostname = False
    for name, value in change.items():
        setattr(context, name, value)
    with pytest.raises(InvalidRequestError, match="ssl_context") as caught:
        AiohttpTransport(ssl_context=context)
    assert "CERT_REQUIRED" in str(caught.value)


async def _raise(response: aiohttp.ClientResponse) -> None:
    response.raise_for_status()


@pytest.mark.parametrize("raise_for_status", [True, _raise], ids=["True", "callable"])
async def test_r04_a_raise_for_status_session_still_returns_error_answers(
    recorder: tuple[Recorder, URL],
    raise_for_status: bool | Callable[[aiohttp.ClientResponse], Awaitable[None]],
) -> None:
    app, base = recorder
    async with aiohttp.ClientSession(raise_for_status=raise_for_status) as session:
        response = await AiohttpTransport(session).send(HttpRequest("GET", base / "missing"))
    assert response.status == 404
    assert json.loads(response.body) == {"errors": [{"code": "10005"}]}
    assert len(app.seen) == 1


async def test_r04_an_auto_decompress_false_session_still_inflates_gzip(
    recorder: tuple[Recorder, URL],
) -> None:
    _, base = recorder
    async with aiohttp.ClientSession(auto_decompress=False) as session:
        response = await AiohttpTransport(session).send(HttpRequest("GET", base / "gzip"))
    assert response.body == b'{"data": "inflated"}'


async def test_session_middlewares_never_run_for_the_sdk(recorder: tuple[Recorder, URL]) -> None:
    app, base = recorder
    calls: list[str] = []

    async def send_twice(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        calls.append(request.method)
        (await handler(request)).release()
        return await handler(request)

    async with aiohttp.ClientSession(middlewares=(send_twice,)) as session:
        await AiohttpTransport(session).send(HttpRequest("POST", base / "order", body=b"{}"))
    assert calls == []
    assert [(method, path) for method, path, _ in app.seen] == [("POST", "/order")]


async def test_session_timeout_and_parser_limits_are_the_transports(
    recorder: tuple[Recorder, URL],
) -> None:
    _, base = recorder
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=1e-9), max_field_size=100, max_line_size=100
    ) as session:
        response = await AiohttpTransport(session).send(HttpRequest("GET", base / "long-header"))
    assert response.headers["X-Long"] == "v" * 4000


async def test_harmless_session_settings_leave_the_sdks_request_alone(
    recorder: tuple[Recorder, URL],
) -> None:
    app, base = recorder
    async with aiohttp.ClientSession(
        base_url="http://192.0.2.1/elsewhere/",
        headers={"X-From": "session", "X-Session": "1"},
        cookies={"theirs": "cookie"},
        skip_auto_headers=["User-Agent"],
        json_serialize=lambda value: "not json",
        read_bufsize=16,
        requote_redirect_url=False,
    ) as session:
        request = HttpRequest("POST", base / "order", {"X-From": "sdk"}, b'{"a": 1}')
        response = await AiohttpTransport(session).send(request)
    assert json.loads(response.body) == {"echo": '{"a": 1}', "from": "sdk"}
    (_, path, headers) = app.seen[0]
    assert path == "/order"
    assert headers["X-Session"] == "1"


async def test_a_session_with_auth_is_refused_when_the_transport_is_built() -> None:
    with pytest.warns(DeprecationWarning, match="auth"):
        session = aiohttp.ClientSession(auth=aiohttp.BasicAuth("user", "hunter2-password"))
    async with session:
        with pytest.raises(InvalidRequestError, match="auth=") as caught:
            AiohttpTransport(session)
    assert caught.value.argument == "session"
    assert "hunter2" not in str(caught.value)


async def test_a_closed_session_is_refused_and_one_closed_later_raises_client_closed(
    recorder: tuple[Recorder, URL],
) -> None:
    _, base = recorder
    session = aiohttp.ClientSession()
    transport = AiohttpTransport(session)
    await session.close()
    with pytest.raises(InvalidRequestError, match="closed"):
        AiohttpTransport(session)
    with pytest.raises(ClientClosedError, match="session"):
        await transport.send(HttpRequest("GET", base / "ok"))


async def test_the_callers_own_tracing_and_requests_keep_working(
    recorder: tuple[Recorder, URL],
) -> None:
    app, base = recorder
    theirs: list[object] = []

    async def on_end(session: object, ctx: object, params: object) -> None:
        theirs.append(params)

    config = aiohttp.TraceConfig()
    config.on_request_end.append(on_end)
    async with aiohttp.ClientSession(trace_configs=[config]) as session:
        AiohttpTransport(session)
        AiohttpTransport(session)
        assert session.trace_configs == [config, TRACE_CONFIG]  # added once, theirs kept
        await AiohttpTransport(session).send(HttpRequest("GET", base / "sdk"))
        async with session.get(base / "theirs") as response:
            assert response.status == 200
    assert len(theirs) == 2
    assert [path for _, path, _ in app.seen] == ["/sdk", "/theirs"]
