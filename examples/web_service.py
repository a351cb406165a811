"""An aiohttp.web service that shares one client per provider across all requests.

    python examples/web_service.py
    curl 'http://127.0.0.1:8080/coverage?npa=201'
    curl 'http://127.0.0.1:8080/numbers?npa=201&limit=3'

The clients are opened once when the app starts (a cleanup context) and closed when it stops
(Ctrl-C or SIGTERM), so every request reuses their connection pools. With no
TELNYX_API_KEY / INUMBERING_API_KEY they talk to the embedded sandbox.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from _clients import Client, open_clients, search_everywhere
from aiohttp import web

from numbering_async import CoverageQuery, InvalidRequestError, bulk_coverage

CLIENTS = web.AppKey("clients", list[Client])
MAX_LIMIT = 100
"""Most numbers per provider a caller may ask for."""


async def _clients_context(app: web.Application) -> AsyncIterator[None]:
    async with open_clients() as clients:
        app[CLIENTS] = clients
        yield


def _query(request: web.Request) -> CoverageQuery:
    """The query string's npa, nxx, state and locality; HTTP 400 when one is invalid."""
    given = request.query.get
    try:
        return CoverageQuery(
            npa=given("npa"), nxx=given("nxx"), state=given("state"), locality=given("locality")
        )
    except InvalidRequestError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None


async def coverage(request: web.Request) -> web.Response:
    """Counts per provider for one query: ``{"telnyx": {"count": 12}, ...}``."""
    query = _query(request)
    results = await bulk_coverage(request.app[CLIENTS], [query])
    return web.json_response(
        {
            "query": query.describe(),
            "providers": {
                r.provider: {"count": r.count} if r.ok else {"error": str(r.error)} for r in results
            },
        }
    )


async def numbers(request: web.Request) -> web.Response:
    """Available numbers from every provider, asked concurrently."""
    query = _query(request)
    given = request.query.get("limit", "5")
    limit = int(given) if given.isascii() and given.isdigit() else 0
    if not 1 <= limit <= MAX_LIMIT:
        raise web.HTTPBadRequest(text=f"limit: expected 1 to {MAX_LIMIT}, got {given!r}")
    clients = request.app[CLIENTS]
    found, failed = await search_everywhere(clients, query, limit)
    return web.json_response(
        {
            "numbers": [
                {"provider": n.provider, "number": n.phone_number, "locality": n.locality}
                for n in found
            ],
            "errors": {provider: str(error) for provider, error in failed.items()},
        }
    )


def create_app() -> web.Application:
    """The application, with its shared clients tied to its lifetime."""
    app = web.Application()
    app.cleanup_ctx.append(_clients_context)
    app.router.add_get("/coverage", coverage)
    app.router.add_get("/numbers", numbers)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=8080)
