"""An aiohttp.web service that shares one client per provider across all requests.

    python examples/web_service.py
    curl 'http://127.0.0.1:8080/coverage?npa=201'
    curl 'http://127.0.0.1:8080/numbers?npa=201&limit=3'

The clients are opened once when the app starts (a cleanup context) and closed when it stops
(Ctrl-C or SIGTERM), so every request reuses their connection pools. With no
TELNYX_API_KEY / INUMBERING_API_KEY they talk to the embedded sandbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from _clients import Client, open_clients
from aiohttp import web

from numbering_async import CoverageQuery, InvalidRequestError, NumberingError, bulk_coverage

CLIENTS = web.AppKey("clients", list[Client])


async def _clients_context(app: web.Application) -> AsyncIterator[None]:
    async with open_clients() as clients:
        app[CLIENTS] = clients
        yield


def _query(request: web.Request) -> CoverageQuery:
    """The query string's npa, nxx, state and locality; HTTP 400 when one is invalid."""
    fields = {name: request.query.get(name) for name in ("npa", "nxx", "state", "locality")}
    try:
        return CoverageQuery(**fields)
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
    try:
        limit = int(request.query.get("limit", "5"))
    except ValueError:
        raise web.HTTPBadRequest(text="limit: expected an integer") from None
    clients = request.app[CLIENTS]
    answers = await asyncio.gather(
        *(client.search_numbers(query, limit) for client in clients), return_exceptions=True
    )
    found: list[dict[str, str | None]] = []
    errors: dict[str, str] = {}
    for client, answer in zip(clients, answers, strict=True):
        if isinstance(answer, NumberingError):
            errors[client.provider] = str(answer)
        elif isinstance(answer, BaseException):
            raise answer
        else:
            found += [
                {"provider": n.provider, "number": n.phone_number, "locality": n.locality}
                for n in answer
            ]
    return web.json_response({"numbers": found, "errors": errors})


def create_app() -> web.Application:
    """The application, with its shared clients tied to its lifetime."""
    app = web.Application()
    app.cleanup_ctx.append(_clients_context)
    app.router.add_get("/coverage", coverage)
    app.router.add_get("/numbers", numbers)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=8080)
